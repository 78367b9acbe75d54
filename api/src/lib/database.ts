// The database type for packages that use the domain (bot/): they import it from here, never from prisma/ directly.
export type { Database } from "../../../prisma/client.ts";
