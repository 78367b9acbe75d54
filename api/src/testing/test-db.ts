// Test databases: an in-memory PGlite cloned from a migrated template (about 0.3 s instead of 2 s), or a fresh
// schema on the local PostgreSQL server for tests that need real concurrency.
import pg from "pg";
import { openDatabase, type Database } from "../../../prisma/client.ts";
import { seedDemoCompany } from "../../../prisma/demo/seed.ts";
import { migrateDatabase } from "../../../prisma/migrate.ts";
import { loadConfig, type AppConfig } from "../config.ts";
import type { Principal, ServiceContext } from "../lib/context.ts";
import { createLogger } from "../lib/logger.ts";

export const TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

let template: Promise<Blob | File> | undefined;

/** A migrated template, built once per test file. */
function migratedTemplate(): Promise<Blob | File> {
  template ??= (async () => {
    const db = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(db);
    const dump = await db.dumpDataDir!();
    await db.close();
    return dump;
  })();
  return template;
}

/** A migrated, empty in-memory PGlite database. */
export async function createTestDatabase(): Promise<Database> {
  const db = await openDatabase({ dataDir: "memory://", loadDataDir: await migratedTemplate() });
  await migrateDatabase(db);
  return db;
}

/** A fresh, migrated schema on the local PostgreSQL server (dropped by `drop()`). */
export async function createPostgresTestDatabase(): Promise<{ db: Database; url: string; drop(): Promise<void> }> {
  const schema = `test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
  const db = await openDatabase({ databaseUrl: url, poolSize: 5 });
  await migrateDatabase(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.end();
    },
  };
}

/** A config for tests: defaults plus overrides, as if read from the environment. */
export function createTestConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: "memory://", ...env });
}

export function createTestContext(db: Database, env: Record<string, string | undefined> = {}): ServiceContext {
  const config = createTestConfig(env);
  return { db, config, logger: createLogger(config.logLevel) };
}

/** Seeds the standard demo company (seed 42) as of `today`. */
export function seedDemo(db: Database, today = "2026-11-26", houses?: number) {
  return seedDemoCompany(db, { seed: 42, today, houses });
}

export const ADMIN: Principal = { employeeId: 0, telegramId: null, name: "Тест-админ", role: "admin", brigadeId: null, isDemo: false };
