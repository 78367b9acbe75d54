// `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database under DATA_DIR).
import { openDatabase } from "../prisma/client.ts";
import { migrateDatabase } from "../prisma/migrate.ts";
import { loadConfig } from "../api/src/config.ts";

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const { applied, modified, hasVector } = await migrateDatabase(db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  if (modified.length)
    console.warn(`Edited after they were applied (the database may differ from schema.prisma): ${modified.join(", ")}`);
  console.log(`pgvector: ${hasVector ? "available" : "not available (full-text search only)"}`);
} finally {
  await db.close();
}
