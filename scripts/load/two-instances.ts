// npm run load: two app instances in webhook mode on the local PostgreSQL, a fake Telegram that delivers every
// update round-robin to them and redelivers what was not answered 200 (as Telegram does), 50 brigade members doing
// the whole report flow (/today → open → start → two photos → finish) while managers read the dashboard and ask the
// assistant. Halfway through, one instance is killed with SIGKILL and started again. At the end it prints
// throughput, p95 latencies, the 5xx seen, and what was lost or duplicated (goal: nothing).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { sign } from "@telegram-apps/init-data-node";
import { systemClock } from "../../api/src/lib/clock.ts";
import { today } from "../../api/src/lib/dates.ts";
import { createPostgresTestDatabase, seedDemo } from "../../api/src/testing/test-db.ts";
import { visitData } from "../../bot/src/callback-data/index.ts";
import { startFakeBotApi } from "../../bot/src/testing/fake-bot-api.ts";
import { percentile } from "../bench/load.ts";

const MEMBERS = Number(process.env.LOAD_MEMBERS ?? 50);
const MANAGERS = 5;
const REPORT_CHAT = -1009990001;
const SECRET = "load_webhook_secret_0123456789abcdef";
const ROOT = path.resolve(import.meta.dirname, "../..");
const TZ = "Europe/Moscow";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fake = await startFakeBotApi();
const pg = await createPostgresTestDatabase();
const day = today(TZ, systemClock.now());
await seedDemo(pg.db, day);

// The members: one planned visit of today each (more are planned if the demo day has too few), and a made-up
// Telegram id bound in this throw-away schema only.
await pg.db.query(
  `INSERT INTO cleaning_visits (house_id, date, kind, updated_at)
   SELECT h.id, $1::date, 'wet_all_floors', now() FROM houses h
    WHERE h.brigade_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND v.date = $1::date)
    ORDER BY h.id LIMIT $2`,
  [day, MEMBERS],
);
const visits = await pg.db.query<{ id: number; brigade_id: number }>(
  `SELECT DISTINCT ON (h.brigade_id, v.id) v.id, h.brigade_id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
    WHERE v.date = $1::date AND v.status = 'planned' AND h.brigade_id IS NOT NULL ORDER BY h.brigade_id, v.id LIMIT $2`,
  [day, MEMBERS],
);
if (visits.length < MEMBERS)
  throw new Error(`only ${visits.length} planned visits today (${day}); run on a working day or lower LOAD_MEMBERS`);
const members = await Promise.all(
  visits.map(async (visit, i) => {
    const user = { id: 9_100_000_000 + i, first_name: `Уборщик${i}` };
    await pg.db.query(
      `INSERT INTO employees (name, role, brigade_id, telegram_id, updated_at) VALUES ($1, 'cleaner', $2, $3, now())`,
      [user.first_name, visit.brigade_id, user.id],
    );
    return { user, visitId: visit.id };
  }),
);
const managers = await Promise.all(
  Array.from({ length: MANAGERS }, async (_, i) => {
    const user = { id: 9_200_000_000 + i, first_name: `Менеджер${i}` };
    await pg.db.query(`INSERT INTO employees (name, role, telegram_id, updated_at) VALUES ($1, 'manager', $2, now())`, [
      user.first_name,
      user.id,
    ]);
    return user;
  }),
);

// The two instances.
const ports = [await freePort(), await freePort()];
const children: (ChildProcess | undefined)[] = [undefined, undefined];
function startInstance(index: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(ports[index]),
      HOST: "127.0.0.1",
      DATABASE_URL: pg.url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: SECRET,
      REPORT_CHAT_ID: String(REPORT_CHAT),
      APP_TIMEZONE: TZ,
      LOG_LEVEL: "error",
      OPENAI_API_KEY: "",
      DEMO_DATA: "off",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children[index] = child;
  return child;
}
async function waitHealthy(index: number) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${ports[index]}/api/health`);
      if (res.ok || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`instance ${index} did not start`);
}
startInstance(0);
startInstance(1);
await Promise.all([waitHealthy(0), waitHealthy(1)]);

// Telegram's side: round-robin delivery, redelivery of anything not answered 200.
let nextUpdateId = 1;
let turn = 0;
const stats = {
  delivered: 0,
  redeliveries: 0,
  status5xx: 0,
  connectionErrors: 0,
  latencies: [] as number[],
  dashboard: [] as number[],
  dashboard5xx: 0,
};
async function deliver(update: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify({ ...update, update_id: nextUpdateId++ });
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    const port = ports[turn++ % 2];
    try {
      const res = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body,
      });
      await res.arrayBuffer();
      if (res.status === 200) break;
      if (res.status >= 500) stats.status5xx++;
    } catch {
      stats.connectionErrors++;
    }
    stats.redeliveries++;
    await sleep(Math.min(1000, 100 * 2 ** attempt));
  }
  stats.delivered++;
  stats.latencies.push(performance.now() - started);
}

const member = async ({ user, visitId }: (typeof members)[number]) => {
  await deliver(fake.textUpdate(user, "/today"));
  await deliver(fake.callbackUpdate(user, visitData.build("open", visitId)));
  await deliver(fake.callbackUpdate(user, visitData.build("start", visitId)));
  await deliver(fake.photoUpdate(user));
  await deliver(fake.photoUpdate(user));
  await deliver(fake.callbackUpdate(user, visitData.build("finish", visitId)));
};
let isRunning = true;
const manager = async (user: (typeof managers)[number], i: number) => {
  const initData = sign({ user: { id: user.id, first_name: user.first_name } } as never, fake.token, systemClock.now());
  while (isRunning) {
    const started = performance.now();
    try {
      const res = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/dashboard/stats`, {
        headers: { Authorization: `tma ${initData}` },
      });
      await res.arrayBuffer();
      if (res.status >= 500) stats.dashboard5xx++;
      stats.dashboard.push(performance.now() - started);
    } catch {
      stats.connectionErrors++;
    }
    if (i === 0) await deliver(fake.textUpdate(user, "Сколько домов у 3 бригады?"));
    await sleep(200);
  }
};

const started = performance.now();
const managerRuns = managers.map(manager);
const killer = (async () => {
  while (stats.delivered < (MEMBERS * 6) / 2) await sleep(50);
  children[1]!.kill("SIGKILL");
  const killedAt = stats.delivered;
  await sleep(1500);
  startInstance(1);
  await waitHealthy(1);
  return killedAt;
})();
await Promise.all(members.map(member));
const seconds = (performance.now() - started) / 1000;
isRunning = false;
await Promise.all(managerRuns);
const killedAfter = await killer;

// Report posts run after the finish answer; the sweep retries pending ones every minute.
for (let i = 0; i < 150; i++) {
  const [row] = await pg.db.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM visit_report_posts WHERE visit_id = ANY($1::int[]) AND status <> 'posted'`,
    [members.map((m) => m.visitId)],
  );
  if (row!.waiting === 0) break;
  await sleep(1000);
}

const rows = await pg.db.query<{ id: number; status: string; photos: number; post: string | null }>(
  `SELECT v.id, v.status::text, cardinality(v.photos) AS photos, p.status::text AS post
     FROM cleaning_visits v LEFT JOIN visit_report_posts p ON p.visit_id = v.id WHERE v.id = ANY($1::int[])`,
  [members.map((m) => m.visitId)],
);
const albums = fake.callsOf("sendMediaGroup").filter((p) => Number(p.chat_id) === REPORT_CHAT);
const postsPerVisit = new Map<string, number>();
for (const album of albums) {
  const caption = String((album.media as { caption?: string }[])[0]?.caption ?? "");
  postsPerVisit.set(caption, (postsPerVisit.get(caption) ?? 0) + 1);
}
const ledger = await pg.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bot_processed_updates`);
const notDone = rows.filter((r) => r.status !== "done").length;
const wrongPhotos = rows.filter((r) => r.photos !== 2).length;
const notPosted = rows.filter((r) => r.post !== "posted").length;
const duplicatePosts = [...postsPerVisit.values()].filter((n) => n > 1).length;

const sorted = [...stats.latencies].sort((a, b) => a - b);
const dash = [...stats.dashboard].sort((a, b) => a - b);
console.log(
  `two instances, webhook mode, PostgreSQL; ${MEMBERS} brigade members × 6 updates, ${MANAGERS} managers reading the dashboard`,
);
console.log(`instance 2 SIGKILLed after ${killedAfter} updates and restarted`);
console.log(
  `updates delivered: ${stats.delivered} in ${seconds.toFixed(1)} s = ${(stats.delivered / seconds).toFixed(1)} updates/s`,
);
console.log(
  `webhook latency incl. redelivery: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`,
);
console.log(`dashboard: ${dash.length} requests, p95 ${percentile(dash, 95).toFixed(0)} ms, 5xx ${stats.dashboard5xx}`);
console.log(
  `redeliveries: ${stats.redeliveries} (webhook 5xx ${stats.status5xx}, connection errors ${stats.connectionErrors} — the killed instance)`,
);
console.log(`update ledger rows: ${ledger[0]!.n} (delivered ${stats.delivered})`);
console.log(
  `lost: visits not done ${notDone}, visits without exactly 2 photos ${wrongPhotos}, reports not posted ${notPosted}, reports posted twice ${duplicatePosts}`,
);

for (const child of children) child?.kill("SIGTERM");
await sleep(500);
await fake.close();
await pg.drop();
process.exit(notDone + wrongPhotos + duplicatePosts + stats.dashboard5xx > 0 ? 1 : 0);
