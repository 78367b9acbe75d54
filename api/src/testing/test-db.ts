// Test databases: an in-memory PGlite cloned from a migrated template (about 0.3 s instead of 2 s), or a fresh
// schema on the local PostgreSQL server for tests that need real concurrency.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../../prisma/client.ts";
import { DEMO_VERSION } from "../../../prisma/demo/generate.ts";
import { seedDemoCompany } from "../../../prisma/demo/seed.ts";
import { listMigrations, migrateDatabase } from "../../../prisma/migrate.ts";
import { loadConfig, type AppConfig } from "../config.ts";
import { fixedClock, type Clock } from "../lib/clock.ts";
import type { Principal, ServiceContext } from "../lib/context.ts";
import { createLogger } from "../lib/logger.ts";

export const TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

const CACHE_DIR = path.resolve(import.meta.dirname, "../../../node_modules/.cache/cleaning-ops");
const templates = new Map<string, Promise<Blob>>();

/**
 * A PGlite dump built once and kept on disk under node_modules/.cache, keyed by the migrations (and whatever
 * `key` adds): every test file after the first starts from it in ~0.3 s instead of migrating (and seeding) anew.
 */
function cachedTemplate(key: string, build: (db: Database) => Promise<void>): Promise<Blob> {
  const migrationsKey = listMigrations()
    .map((m) => m.checksum)
    .join(":");
  const hash = createHash("sha256").update(`${migrationsKey}|${key}`).digest("hex").slice(0, 16);
  let template = templates.get(hash);
  if (!template) {
    template = (async () => {
      const file = path.join(CACHE_DIR, `pglite-${hash}.tar`);
      try {
        return new Blob([await readFile(file)]);
      } catch {
        const db = await openDatabase({ dataDir: "memory://" });
        await migrateDatabase(db);
        await build(db);
        const dump = await db.dumpDataDir!();
        await db.close();
        const bytes = Buffer.from(await dump.arrayBuffer());
        await mkdir(CACHE_DIR, { recursive: true });
        // Write then rename: parallel test workers never read half a file.
        const partial = `${file}.${process.pid}.${Date.now()}`;
        await writeFile(partial, bytes);
        await rename(partial, file);
        return new Blob([bytes]);
      }
    })();
    templates.set(hash, template);
  }
  return template;
}

/** A migrated, empty in-memory PGlite database. */
export async function createTestDatabase(): Promise<Database> {
  const db = await openDatabase({
    dataDir: "memory://",
    loadDataDir: await cachedTemplate("empty", async () => undefined),
  });
  await migrateDatabase(db);
  return db;
}

/** An in-memory PGlite database holding the standard demo company (seed 42) as of `today`. */
export async function createDemoTestDatabase(today = "2026-11-26"): Promise<Database> {
  const db = await openDatabase({
    dataDir: "memory://",
    loadDataDir: await cachedTemplate(`demo-42-${today}-v${DEMO_VERSION}`, async (seeded) => {
      await seedDemo(seeded, today);
    }),
  });
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

/**
 * The instant every test lives at unless it says otherwise: Thursday 26 November 2026, 10:00 in Moscow. Tests never
 * read the wall clock, so the suite passes on any date (see `npm run test:dates`).
 */
export const TEST_NOW = new Date("2026-11-26T07:00:00Z");

export function createTestContext(
  db: Database,
  env: Record<string, string | undefined> = {},
  clock: Clock = fixedClock(TEST_NOW),
): ServiceContext {
  const config = createTestConfig(env);
  return { db, config, logger: createLogger(config.logLevel), clock };
}

/**
 * Test-only Telegram ids for the demo employees, bound in the generator's order (the two managers, then each
 * brigade's lead and two cleaners): 7000000000 is the first manager, 7000000002 the first brigade's lead, and so
 * on. The demo itself carries no ids, since a real account could hold any real-looking one.
 */
export const TEST_TELEGRAM_ID_BASE = 7_000_000_000n;

/** Gives every employee without a Telegram id a test id, in id order (the seed inserts in the generator's order). */
export async function bindTestTelegramIds(db: Database): Promise<void> {
  await db.query(
    `UPDATE employees e SET telegram_id = $1::bigint + ranked.n - 1
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM employees WHERE telegram_id IS NULL) ranked
      WHERE e.id = ranked.id`,
    [TEST_TELEGRAM_ID_BASE.toString()],
  );
}

/** Seeds the standard demo company (seed 42) as of `today`, with the test Telegram ids bound. */
export async function seedDemo(db: Database, today = "2026-11-26", houses?: number) {
  const result = await seedDemoCompany(db, { seed: 42, today, houses });
  await bindTestTelegramIds(db);
  return result;
}

export const ADMIN: Principal = {
  employeeId: 0,
  telegramId: null,
  name: "Тест-админ",
  role: "admin",
  brigadeId: null,
  isDemo: false,
};
