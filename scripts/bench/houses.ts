// `npm run bench:houses`: 5,000 houses with a year of visits (~480k), then the houses and dashboard endpoints
// under concurrency 10 (page of 20) on PGlite and on PostgreSQL, and the same list query as raw SQL.
// Goal: p95 <= 20 ms on PostgreSQL and <= 60 ms on PGlite. The houses list and the dashboard are served from a
// read cache keyed by the data version (see api/src/lib/read-cache.ts); the "cold" rows show uncached answers.
import { openDatabase, type Database } from "../../prisma/client.ts";
import { seedDemoCompany } from "../../prisma/demo/seed.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { loadConfig } from "../../api/src/config.ts";
import { addDays, today, weekOf } from "../../api/src/lib/dates.ts";
import { startServer } from "../../api/src/server.ts";
import { houseConditions, whereClause } from "../../api/src/modules/houses/house-filter.ts";
import { spawn } from "node:child_process";
import path from "node:path";
import { runLoad, type LoadResult } from "./load.ts";
import pg from "pg";
import { systemClock } from "../../api/src/lib/clock.ts";

const HOUSES = Number(process.env.BENCH_HOUSES ?? 5000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8000);
const CONCURRENCY = 10;
const PG_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function prepare(
  engine: "PGlite" | "PostgreSQL",
): Promise<{ db: Database; cleanup: () => Promise<void>; url?: string }> {
  if (engine === "PGlite") {
    const db = await openDatabase({ dataDir: "memory://" });
    return { db, cleanup: () => db.close() };
  }
  const schema = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${PG_URL}?schema=${schema}`;
  const db = await openDatabase({ databaseUrl: url, poolSize: 12 });
  return {
    db,
    url,
    cleanup: async () => {
      await db.close();
      const drop = new pg.Client({ connectionString: PG_URL });
      await drop.connect();
      await drop.query(`DROP SCHEMA ${schema} CASCADE`);
      await drop.end();
    },
  };
}

/** Runs the HTTP load from a separate process (scripts/bench/load-client.ts). */
async function runRemoteLoad(job: {
  baseUrl: string;
  headers: Record<string, string>;
  paths: string[];
}): Promise<LoadResult> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "load-client.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  child.stdin.end(JSON.stringify({ ...job, concurrency: CONCURRENCY, durationMs: DURATION_MS }));
  let output = "";
  for await (const chunk of child.stdout) output += chunk;
  return JSON.parse(output) as LoadResult;
}

function row(name: string, result: LoadResult) {
  return {
    name,
    requests: result.requests,
    errors: result.errors,
    "p50 ms": result.p50,
    "p95 ms": result.p95,
    "p99 ms": result.p99,
    "req/s": result.rps,
  };
}

async function benchEngine(engine: "PGlite" | "PostgreSQL") {
  const { db, cleanup, url } = await prepare(engine);
  const config = loadConfig({
    LOG_LEVEL: "silent",
    PORT: "0",
    DATABASE_URL: url,
    DATA_DIR: "memory://",
    DEMO_DATA: "off",
  });
  try {
    await migrateDatabase(db);
    const day = today(config.timeZone, systemClock.now());
    const t0 = performance.now();
    const seeded = await seedDemoCompany(db, {
      seed: 7,
      today: day,
      houses: HOUSES,
      monthsBefore: 6,
      monthsAfter: 5,
      pattern: "weekly",
    });
    await db.exec("ANALYZE");
    console.log(
      `${engine}: ${seeded.houses} houses, ${seeded.visits} visits seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const running = await startServer(config, { db, miniAppDir: null, features: [] });
    const week = weekOf(day);
    const pages = Math.ceil(HOUSES / 20);
    const range = (n: number, path: (i: number) => string) => Array.from({ length: n }, (_, i) => path(i));
    const remote = (paths: string[]) =>
      runRemoteLoad({ baseUrl: running.url!, headers: { Authorization: "demo" }, paths });
    const results = [];
    results.push(
      row(
        "GET /api/cleaning/houses (page of 20)",
        await remote(range(pages, (i) => `/api/cleaning/houses?page=${i + 1}&limit=20`)),
      ),
    );
    results.push(
      row(
        "GET /api/cleaning/houses?brigade&date range",
        await remote(
          range(
            35,
            (i) =>
              `/api/cleaning/houses?brigade=${(i % 7) + 1}&date_from=${week.from}&date_to=${week.to}&page=${(i % 5) + 1}`,
          ),
        ),
      ),
    );
    results.push(row("GET /api/dashboard/stats (week)", await remote(["/api/dashboard/stats"])));
    // The same endpoints with keys the read cache has not seen: the cost of a cold answer, i.e. of the first
    // request after a change to the data.
    results.push(
      row(
        "cold: GET /api/cleaning/houses (unique page/limit)",
        await remote(range(3200, (i) => `/api/cleaning/houses?page=${(i % 40) + 1}&limit=${20 + Math.floor(i / 40)}`)),
      ),
    );
    results.push(
      row(
        "cold: GET /api/dashboard/stats (a week, shifted)",
        await remote(
          range(365, (i) => `/api/dashboard/stats?date_from=${addDays(week.from, -i)}&date_to=${addDays(week.to, -i)}`),
        ),
      ),
    );

    // The list's main query alone, as raw SQL, for comparison with the endpoint.
    const rawList = async (i: number) => {
      const params: unknown[] = [];
      const where = whereClause(houseConditions({}, params));
      await db.query(`SELECT count(*)::int FROM houses h ${where}`, params);
      await db.query(
        `SELECT h.id, h.address, mc.title, b.name FROM houses h
           LEFT JOIN management_companies mc ON mc.id = h.management_company_id LEFT JOIN brigades b ON b.id = h.brigade_id
           ${where} ORDER BY h.address, h.id LIMIT 20 OFFSET ${(i % pages) * 20}`,
        params,
      );
    };
    results.push(
      row(
        "raw SQL: houses count + page",
        await runLoad(rawList, { concurrency: CONCURRENCY, durationMs: DURATION_MS }),
      ),
    );
    await running.close();
    return results.map((r) => ({ engine, ...r }));
  } finally {
    await cleanup();
  }
}

const all = [];
for (const engine of ["PGlite", "PostgreSQL"] as const) {
  try {
    all.push(...(await benchEngine(engine)));
  } catch (error) {
    console.error(`${engine}: benchmark failed: ${(error as Error).message}`);
  }
}
console.table(all);
console.log("Goal: p95 <= 20 ms on PostgreSQL, <= 60 ms on PGlite (concurrency 10).");
