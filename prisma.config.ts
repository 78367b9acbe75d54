// Prisma CLI configuration. At run time the app never reads this: it builds its own driver adapter
// (PostgreSQL or embedded PGlite) in prisma/client.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
