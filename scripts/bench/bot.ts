// `npm run bench:bot`: N simulated brigade members and managers send /today and press "Обновить" / open a
// house, through the fake Bot API into the real bot (runner + sequentialize, long polling), on the embedded
// database with the demo company. Each user waits for the bot's answer before the next action (closed loop).
// Prints updates/s and the p95 latency from the update entering the fake to the bot's answer.
// Goal: >= 300 updates/s and p95 < 100 ms.
import { run } from "@grammyjs/runner";
import { createBot } from "../../bot/src/index.ts";
import { startFakeBotApi, type FakeUser, type RecordedCall } from "../../bot/src/testing/fake-bot-api.ts";
import { createTestContext, createTestDatabase, seedDemo } from "../../api/src/testing/test-db.ts";

const USERS = Number(process.env.BENCH_USERS ?? 20);
const ACTIONS_PER_USER = Number(process.env.BENCH_ACTIONS ?? 30);
const NOW = new Date("2026-11-26T07:00:00Z");

const fake = await startFakeBotApi();
const db = await createTestDatabase();
await seedDemo(db, "2026-11-26");
const brigades = await db.prisma.brigade.findMany({ select: { id: true } });
const users: FakeUser[] = [];
for (let i = 0; i < USERS; i++) {
  const telegramId = 8_000_000_000 + i;
  // One in ten is a manager; the rest are cleaners spread over the brigades.
  const isManager = i % 10 === 0;
  await db.prisma.employee.create({
    data: { telegramId: BigInt(telegramId), name: `Сотрудник ${i}`, role: isManager ? "manager" : "cleaner", brigadeId: isManager ? null : brigades[i % brigades.length]!.id },
  });
  users.push({ id: telegramId, first_name: `Сотрудник ${i}` });
}
const services = createTestContext(db, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
const bot = createBot(fake.token, { services, botInfo: fake.botInfo, now: () => NOW });
const runner = run(bot, { runner: { fetch: { timeout: 1 } } });

// The answer to an update: a message or edit in the user's chat, or the answer to their callback query.
const pending = new Map<string, () => void>();
fake.onCall((call: RecordedCall) => {
  const key = call.method === "answerCallbackQuery" ? `cb:${call.params.callback_query_id}` : `chat:${call.params.chat_id}`;
  pending.get(key)?.();
});
const answered = (key: string) => new Promise<void>((resolve) => pending.set(key, () => (pending.delete(key), resolve())));

const latencies: number[] = [];
async function simulate(user: FakeUser, index: number) {
  for (let action = 0; action < ACTIONS_PER_USER; action++) {
    const isManager = index % 10 === 0;
    const started = performance.now();
    if (action === 0 || isManager || action % 3 === 0) {
      const done = answered(`chat:${user.id}`);
      fake.pushUpdate(fake.textUpdate(user, action % 2 ? "📋 Сегодня" : "/today"));
      await done;
    } else {
      // A press on the day list: "Обновить" (an edit, or "not modified") or opening a house card.
      const update = fake.callbackUpdate(user, action % 3 === 1 ? "day:0" : openFirstVisit(user.id));
      const done = answered(`cb:${(update.callback_query as { id: string }).id}`);
      fake.pushUpdate(update);
      await done;
    }
    latencies.push(performance.now() - started);
  }
}
function openFirstVisit(chatId: number): string {
  const markup = JSON.stringify(fake.callsOf("sendMessage").findLast((p) => Number(p.chat_id) === chatId)?.reply_markup ?? {});
  return /v:open:\d+/.exec(markup)?.[0] ?? "day:0";
}

// Warm up (JIT, query plans), then measure.
await Promise.all(users.slice(0, 5).map((user, i) => simulate(user, i + 1)));
latencies.length = 0;
const started = performance.now();
await Promise.all(users.map((user, index) => simulate(user, index)));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(`bot: ${USERS} users × ${ACTIONS_PER_USER} actions = ${latencies.length} updates in ${seconds.toFixed(2)} s`);
console.log(`  ${(latencies.length / seconds).toFixed(0)} updates/s · latency p50 ${pct(50)} ms · p95 ${pct(95)} ms · p99 ${pct(99)} ms`);
console.log(`  goal: >= 300 updates/s and p95 < 100 ms`);
await runner.stop();
await fake.close();
await db.close();
