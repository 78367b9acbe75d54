// `npm run bench:crm`: a fake Bitrix24 portal with 5,000 deals that enforces 2 requests/s (bucket of 50) and answers
// in ~100 ms. Measures a full sync (HTTP calls, wall time) against plain paging (one list page per call) as the
// baseline, then an incremental sync, then the time from a deal's outbound event until the change is visible
// through the API. Goal: <= 8 calls and <= 10 s for the full sync; <= 3 s from event to API.
// BENCH_DEALS, BENCH_LATENCY_MS and BENCH_RATE change the scenario; BENCH_SKIP_BASELINE=1 skips the slow baseline.
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../prisma/client.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { createApp } from "../../api/src/app.ts";
import { loadConfig } from "../../api/src/config.ts";
import type { Scheduler } from "../../api/src/jobs/scheduler.ts";
import { createLogger } from "../../api/src/lib/logger.ts";
import { createBitrixClient } from "../../api/src/modules/crm/bitrix-client.ts";
import { createCrmFeature } from "../../api/src/modules/crm/crm.feature.ts";
import { DEFAULT_FIELD_MAP } from "../../api/src/modules/crm/field-map.ts";
import { startRemoteFakeBitrix24 } from "../../api/src/modules/crm/testing/fake-bitrix24-process.ts";
import { systemClock } from "../../api/src/lib/clock.ts";

const DEALS = Number(process.env.BENCH_DEALS ?? 5_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 2);
const APP_TOKEN = "bench-app-token";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// The portal runs in its own process: its CPU must not be counted as ours.
const fake = await startRemoteFakeBitrix24({ rate: RATE, capacity: 50, latencyMs: LATENCY_MS, deals: DEALS });
const pipeline = await fake.pipelineIds();
const pipelineSize = pipeline.length;
console.log(`fake portal: ${DEALS} deals (${pipelineSize} in the pipeline), ${RATE} req/s, ${LATENCY_MS} ms a call`);

// Baseline: what a naive client does, one list page (50 deals) per HTTP request, no writes at all.
if (process.env.BENCH_SKIP_BASELINE !== "1") {
  const naive = createBitrixClient({ webhookUrl: fake.webhookUrl, rate: RATE });
  const started = Date.now();
  let start = 0;
  for (;;) {
    const page = await naive.call<unknown[]>("crm.deal.list", {
      filter: { CATEGORY_ID: 34 },
      order: { ID: "ASC" },
      start,
    });
    if (page.next === undefined) break;
    start = page.next;
  }
  console.log(`plain paging (read only): ${naive.stats.calls} calls, ${seconds(Date.now() - started)}`);
  // Let the portal's bucket drain so the next run starts as a fresh one would.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
}

const config = loadConfig({
  NODE_ENV: "development",
  LOG_LEVEL: "silent",
  DATA_DIR: "memory://",
  BITRIX24_WEBHOOK_URL: fake.webhookUrl,
  BITRIX24_APP_TOKEN: APP_TOKEN,
  BITRIX24_RATE: String(RATE),
});
const db = await openDatabase({ dataDir: "memory://" });
await migrateDatabase(db);
const ctx = { db, config, logger: createLogger("silent"), clock: systemClock };
const client = createBitrixClient({ webhookUrl: fake.webhookUrl, rate: RATE });
const scheduler: Scheduler = {
  register: () => undefined,
  start: async () => undefined,
  stop: async () => undefined,
  runNow: async () => undefined,
};
const feature = createCrmFeature({ ctx, scheduler, hasVector: false }, { client });
const { sync, intake } = feature;
if (!sync || !intake) throw new Error("the CRM feature did not start");

const full = await sync.runFullSync();
console.log(
  `full sync: ${full.httpCalls} calls, ${seconds(full.durationMs)} (${full.dealsSeen} houses written)  goal <= 8 calls, <= 10 s`,
);

const again = await sync.runFullSync();
console.log(`second full sync (nothing changed): ${again.httpCalls} calls, ${seconds(again.durationMs)}`);

await fake.updateDeal(pipeline[0]!, { TITLE: "изменённый дом" });
const incremental = await sync.runIncrementalSync();
console.log(
  `incremental sync: ${incremental.httpCalls} calls, ${seconds(incremental.durationMs)} (${incremental.dealsChanged} changed)`,
);

const { app } = createApp({
  ctx,
  hasVector: false,
  miniAppDir: null,
  publicRoutes: feature.publicRoutes,
  apiRouters: feature.apiRouters,
  healthChecks: feature.healthChecks,
});
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
await fake.setEvents(`${base}/api/crm/bitrix/events`, APP_TOKEN);
await new Promise((resolve) => setTimeout(resolve, 3_000));

const target = pipeline[42]!;
const [house] = await db.query<{ id: number }>(`SELECT id FROM houses WHERE bitrix_id = $1`, [target]);
const newAddress = `Калуга, улица Бенчмарка, ${Date.now() % 1000}`;
const eventAt = Date.now();
await fake.updateDeal(target, { [DEFAULT_FIELD_MAP.fields.address]: newAddress });
let visibleAfter: number | null = null;
while (Date.now() - eventAt < 15_000) {
  const response = await fetch(`${base}/api/cleaning/house/${house!.id}/details`, {
    headers: { authorization: "demo" },
  });
  const body = (await response.json()) as { address?: string; house?: { address?: string } };
  if ((body.address ?? body.house?.address) === newAddress) {
    visibleAfter = Date.now() - eventAt;
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(`event -> API: ${visibleAfter === null ? "not visible after 15 s" : seconds(visibleAfter)}  goal <= 3 s`);
const portal = await fake.stats();
console.log(`portal saw ${portal.requests} requests, rejected ${portal.rejected}`);

await intake.stop();
server.close();
await fake.close();
await db.close();
