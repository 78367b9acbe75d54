// Applies prisma/migrations/*/migration.sql in order and records each in `_prisma_migrations` exactly as
// `prisma migrate deploy` does, so either tool can take over. We cannot rely on the Prisma CLI here: its
// native schema engine cannot be downloaded on every machine, while the runtime needs no engine at all.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database, SqlSession } from "./client.ts";

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

// Any fixed number: every instance takes the same advisory lock, so two starting at once do not race.
const MIGRATION_LOCK_ID = 72_707_369;

export interface MigrationResult {
  applied: string[];
  /** Applied migrations whose file has changed since (prisma migrate deploy would refuse them). */
  modified: string[];
  /** Whether the pgvector extension is installed (vector search available). */
  hasVector: boolean;
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Installs pgvector when the server has it; the app works without it (full-text search only). */
async function enableVector(db: SqlSession): Promise<boolean> {
  const available = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
  if (available.length > 0) {
    try {
      await db.exec(`CREATE EXTENSION IF NOT EXISTS vector`);
    } catch {
      // A managed server may list the extension but refuse to create it for this role.
    }
  }
  const installed = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
  return installed.length > 0;
}

/** Brings the database up to the latest migration; safe to call on every start. */
export async function migrateDatabase(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  return database.withSession((db) => migrateInSession(db, dir));
}

async function migrateInSession(db: SqlSession, dir: string): Promise<MigrationResult> {
  await db.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
  try {
    const hasVector = await enableVector(db);
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const done = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneChecksums = new Map(done.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    const modified: string[] = [];
    for (const migration of listMigrations(dir)) {
      const checksum = doneChecksums.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) modified.push(migration.name);
        continue;
      }
      const id = randomUUID();
      // One transaction per migration: a failure leaves neither half a schema nor a record of it.
      await db
        .exec(
          `BEGIN;\n${migration.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('${id}', '${migration.checksum}', now(), '${migration.name.replace(/'/g, "''")}', 1);\nCOMMIT;`,
        )
        .catch(async (error: unknown) => {
          await db.exec("ROLLBACK").catch(() => undefined);
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        });
      applied.push(migration.name);
    }
    return { applied, modified, hasVector };
  } finally {
    await db.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
  }
}
