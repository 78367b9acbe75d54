// `npm run bench:bot`: N simulated brigade members and managers send /today and press "Обновить" / open a
// house, through the fake Bot API into the real bot (runner + sequentialize, long polling), on the embedded
// database with the demo company. Each user waits for the bot's answer before the next action (closed loop).
// The fake Telegram and the users run in a second process (bot-client.ts), as the real Telegram would.
// Prints updates/s and the p95 latency from the update entering the fake to the bot's answer.
// Goal: >= 300 updates/s and p95 < 100 ms.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { run } from "@grammyjs/runner";
import { createBot } from "../../bot/src/index.ts";
import {
  createDemoTestDatabase,
  createPostgresTestDatabase,
  createTestContext,
  seedDemo,
} from "../../api/src/testing/test-db.ts";

const USERS = Number(process.env.BENCH_USERS ?? 20);

const client = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bot-client.ts")], {
  stdio: ["pipe", "pipe", "inherit"],
  env: { ...process.env, BENCH_USERS: String(USERS) },
});
const lines = createInterface({ input: client.stdout })[Symbol.asyncIterator]();
const nextLine = async () => JSON.parse((await lines.next()).value as string);
const telegram = (await nextLine()) as { apiRoot: string; token: string; botInfo: never };

// BENCH_DB=postgres runs on the local PostgreSQL server (as in production) instead of the embedded PGlite.
const isPostgres = process.env.BENCH_DB === "postgres";
const postgres = isPostgres ? await createPostgresTestDatabase() : undefined;
const db = postgres ? postgres.db : await createDemoTestDatabase("2026-11-26");
if (postgres) await seedDemo(db, "2026-11-26");
const brigades = await db.prisma.brigade.findMany({ select: { id: true } });
for (let i = 0; i < USERS; i++) {
  // One in ten is a manager; the rest are cleaners spread over the brigades.
  const isManager = i % 10 === 0;
  await db.prisma.employee.create({
    data: {
      telegramId: BigInt(8_000_000_000 + i),
      name: `Сотрудник ${i}`,
      role: isManager ? "manager" : "cleaner",
      brigadeId: isManager ? null : brigades[i % brigades.length]!.id,
    },
  });
}
// createTestContext pins the clock at the day the demo was seeded for.
const services = createTestContext(db, { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
const bot = createBot(telegram.token, { services, botInfo: telegram.botInfo });
const runner = run(bot, { runner: { fetch: { timeout: 1 } } });

client.stdin.write("go\n");
const { latencies, seconds } = (await nextLine()) as { latencies: number[]; seconds: number };
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(
  `bot on ${isPostgres ? "PostgreSQL" : "PGlite"}: ${USERS} users × ${latencies.length / USERS} actions = ${latencies.length} updates in ${seconds.toFixed(2)} s`,
);
console.log(
  `  ${(latencies.length / seconds).toFixed(0)} updates/s · latency p50 ${pct(50)} ms · p95 ${pct(95)} ms · p99 ${pct(99)} ms`,
);
console.log(`  goal: >= 300 updates/s and p95 < 100 ms`);
client.stdin.end();
await runner.stop();
if (postgres) await postgres.drop();
else await db.close();
