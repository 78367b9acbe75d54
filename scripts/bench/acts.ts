// `npm run bench:acts`: every act of a large management company (100 houses, 8–12 visits each in November 2026)
// as one PDF and as a ZIP of 100 per-house PDFs, plus one house's DOCX, on the embedded database. Prints the
// wall and CPU time and the peak memory of each, every output in a fresh process. Goal: under 10 s and under
// 50 MB for the 100 acts.
import { spawn } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../prisma/client.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { loadConfig } from "../../api/src/config.ts";
import { fixedClock } from "../../api/src/lib/clock.ts";
import type { Principal, ServiceContext } from "../../api/src/lib/context.ts";
import { createLogger } from "../../api/src/lib/logger.ts";
import { buildActFile, type ActFormat } from "../../api/src/modules/acts/act-files.ts";
import { getManagementCompanyActs } from "../../api/src/modules/acts/acts.service.ts";

const HOUSES = Number(process.env.BENCH_ACT_HOUSES ?? 100);
const MANAGER: Principal = {
  employeeId: 1,
  telegramId: null,
  name: "Бенчмарк",
  role: "manager",
  brigadeId: null,
  isDemo: false,
};

async function seed(ctx: ServiceContext): Promise<void> {
  await ctx.db.exec(`
    INSERT INTO brigades (id, number, name, updated_at) SELECT n, n, 'Бригада ' || n, now() FROM generate_series(1, 5) n;
    INSERT INTO management_companies (id, title, updated_at) VALUES (1, 'УК «Большой город»', now());
    INSERT INTO employees (id, name, role, brigade_id, updated_at) VALUES (1, 'Бенчмарк', 'manager', NULL, now());
    INSERT INTO employees (id, name, role, brigade_id, updated_at)
      SELECT 100 + n, 'Бригадир Фамилия-' || n, 'brigade_lead', n, now() FROM generate_series(1, 5) n;`);
  await ctx.db.query(
    `INSERT INTO houses (id, title, address, apartments, entrances, floors, management_company_id, brigade_id, tariff, updated_at)
     SELECT n, 'Д' || n, 'улица Маршала Жукова, ' || n || CASE WHEN n % 7 = 0 THEN ', корпус 2' ELSE '' END,
            40 + n % 200, 1 + n % 8, 5 + n % 12, 1, 1 + n % 5,
            CASE WHEN n % 3 = 0 THEN '15000' WHEN n % 3 = 1 THEN '1200 ₽ за уборку' ELSE '2.4 ₽/м²' END, now()
       FROM generate_series(1, $1::int) n`,
    [HOUSES],
  );
  // 8 to 12 visits a month per house: mostly done with photos, some missed, some done without a photo.
  await ctx.db.query(
    `INSERT INTO cleaning_visits (house_id, date, kind, status, started_at, started_by_id, finished_at, finished_by_id, photos, updated_at)
     SELECT h, d::date, (ARRAY['wet_all_floors', 'sweep_all_floors', 'wet_first_floor']::"VisitKind"[])[1 + (h + i) % 3],
            CASE WHEN (h + i) % 11 = 0 THEN 'missed'::"VisitStatus" ELSE 'done'::"VisitStatus" END,
            d + interval '6 hours', 100 + 1 + h % 5, d + interval '7 hours 35 minutes', 100 + 1 + h % 5,
            CASE WHEN (h + i) % 11 = 0 OR (h + i) % 13 = 0 THEN '{}'::text[] ELSE ARRAY['f' || h || '-' || i || '-0', 'f' || h || '-' || i || '-1'] END,
            now()
       FROM generate_series(1, $1::int) h,
            LATERAL (SELECT i, timestamp '2026-11-02' + (i * 29 / (8 + h % 5)) * interval '1 day' AS d FROM generate_series(0, 7 + h % 5) i) v`,
    [HOUSES],
  );
}

interface Measure {
  ms: number;
  /** CPU time of this process (user + system): what the work costs when the machine is shared. */
  cpuMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  bytes: number;
}

/** Runs `work` once, sampling memory every 5 ms; the peak is above what the process held just before. */
async function measure(work: () => Promise<Uint8Array>): Promise<Measure> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed + before.external + before.arrayBuffers;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.external + now.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const bytes = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  sample();
  clearInterval(timer);
  const mb = (value: number) => Math.round((value / 1024 / 1024) * 10) / 10;
  return {
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMb: mb(peakRss - before.rss),
    peakHeapMb: mb(peakHeap - (before.heapUsed + before.external + before.arrayBuffers)),
    bytes: bytes.length,
  };
}

async function runOne(format: ActFormat): Promise<void> {
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: "memory://",
    COMPANY_NAME: "ООО «Чистый дом»",
    COMPANY_INN: "4027000000",
  });
  const db = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(db);
  const ctx: ServiceContext = { db, config, logger: createLogger("silent"), clock: fixedClock("2026-12-03T09:00:00Z") };
  await seed(ctx);
  // The first act of a process reads and parses the fonts: a running server has done that long before.
  const first = await measure(
    async () =>
      (await buildActFile(ctx, { principal: MANAGER, target: "house", id: 1, month: "2026-11", format: "pdf" })).bytes,
  );
  // The month's data alone first: in-process PGlite grows its WebAssembly memory for the result once (with
  // PostgreSQL that memory is the database server's), so the output's figure is the document's own cost.
  const query = await measure(async () => {
    const { acts } = await getManagementCompanyActs(ctx, {
      principal: MANAGER,
      managementCompanyId: 1,
      month: "2026-11",
    });
    return new Uint8Array(acts.length);
  });
  // DOCX is made per house (for editing before signing): measured for one house.
  const target =
    format === "docx" ? { target: "house" as const, id: 2 } : { target: "management-company" as const, id: 1 };
  const result = await measure(
    async () => (await buildActFile(ctx, { principal: MANAGER, ...target, month: "2026-11", format })).bytes,
  );
  const visits =
    (await db.query<{ visits: number }>(`SELECT count(*)::int AS visits FROM cleaning_visits`))[0]?.visits ?? 0;
  await db.close();
  process.stdout.write(`${JSON.stringify({ ...result, visits, firstMs: first.ms, query })}\n`);
}

/** Each output in a fresh process, so one's leftovers (heap growth, garbage) never count against another. */
function runChild(format: ActFormat): Promise<Measure & { visits: number; firstMs: number; query: Measure }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_ACT_FORMAT: format },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split("\n").at(-1)!))
        : reject(new Error(`${format}: exit ${code}`)),
    );
  });
}

async function main() {
  const rows: [string, Measure][] = [];
  let visits = 0;
  let firstMs = 0;
  let query: Measure | undefined;
  for (const [label, format] of [
    ["one PDF, all acts", "pdf"],
    ["ZIP of per-house PDFs", "zip"],
    ["DOCX of one house", "docx"],
  ] as [string, ActFormat][]) {
    const result = await runChild(format);
    visits = result.visits;
    firstMs = Math.max(firstMs, result.firstMs);
    query ??= result.query;
    rows.push([label, result]);
  }
  console.log(
    `bench:acts — ${HOUSES} houses of one management company, ${visits} visits in November 2026 (PGlite, in memory)`,
  );
  console.log(
    `  machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} (wall time stretches on a busy machine; CPU time does not)`,
  );
  console.log(
    `  each output in a fresh process; memory is the peak above that process after its first act (fonts parsed, ${firstMs} ms)`,
  );
  console.log(
    `  the month's data for ${HOUSES} acts (2 queries): ${query!.ms} ms wall, ${query!.cpuMs} ms CPU, +${query!.peakRssMb} MB RSS`,
  );
  console.log(
    `  ${"output".padEnd(24)} ${"wall".padStart(9)} ${"CPU".padStart(9)} ${"peak RSS".padStart(10)} ${"peak heap".padStart(10)} ${"size".padStart(9)}`,
  );
  for (const [label, result] of rows) {
    console.log(
      `  ${label.padEnd(24)} ${`${result.ms} ms`.padStart(9)} ${`${result.cpuMs} ms`.padStart(9)} ${`+${result.peakRssMb} MB`.padStart(10)} ${`+${result.peakHeapMb} MB`.padStart(10)} ${`${Math.round(result.bytes / 1024)} KB`.padStart(9)}`,
    );
  }
  const worst = rows.reduce(
    (max, [, result]) => ({
      ms: Math.max(max.ms, result.ms),
      cpuMs: Math.max(max.cpuMs, result.cpuMs),
      mb: Math.max(max.mb, result.peakRssMb),
    }),
    { ms: 0, cpuMs: 0, mb: 0 },
  );
  const isMet = worst.ms < 10_000 && worst.mb < 50;
  console.log(
    `  goal: < 10 s and < 50 MB (RSS) for ${HOUSES} acts — ${isMet ? "met" : "NOT met"} (worst: ${worst.ms} ms wall, ${worst.cpuMs} ms CPU, +${worst.mb} MB)`,
  );
  console.log(
    "  peak heap counts garbage not yet collected too; RSS is what the process really took from the machine.",
  );
}

const only = process.env.BENCH_ACT_FORMAT as ActFormat | undefined;
await (only ? runOne(only) : main());
