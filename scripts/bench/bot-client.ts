// The Telegram side of `npm run bench:bot`, in its own process like the real Telegram: the fake Bot API server
// and the simulated users. Prints { apiRoot, token, botInfo } as one JSON line, waits for "go" on stdin, runs the
// closed-loop simulation and prints the latencies as a JSON line.
import { createInterface } from "node:readline";
import { startFakeBotApi, type FakeUser, type RecordedCall } from "../../bot/src/testing/fake-bot-api.ts";

const USERS = Number(process.env.BENCH_USERS ?? 20);
const ACTIONS_PER_USER = Number(process.env.BENCH_ACTIONS ?? 30);

const fake = await startFakeBotApi();
process.stdout.write(`${JSON.stringify({ apiRoot: fake.apiRoot, token: fake.token, botInfo: fake.botInfo })}\n`);

const users: FakeUser[] = Array.from({ length: USERS }, (_, i) => ({
  id: 8_000_000_000 + i,
  first_name: `Сотрудник ${i}`,
}));
// The answer to an update: a message or edit in the user's chat, or the answer to their callback query.
const pending = new Map<string, () => void>();
const lastMarkup = new Map<number, string>();
fake.onCall((call: RecordedCall) => {
  if (call.method === "sendMessage")
    lastMarkup.set(Number(call.params.chat_id), JSON.stringify(call.params.reply_markup ?? {}));
  const key =
    call.method === "answerCallbackQuery" ? `cb:${call.params.callback_query_id}` : `chat:${call.params.chat_id}`;
  pending.get(key)?.();
});
const answered = (key: string) =>
  new Promise<void>((resolve) => pending.set(key, () => (pending.delete(key), resolve())));

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
      const openFirst = /v:open:\d+/.exec(lastMarkup.get(user.id) ?? "")?.[0] ?? "day:0";
      const update = fake.callbackUpdate(user, action % 3 === 1 ? "day:0" : openFirst);
      const done = answered(`cb:${(update.callback_query as { id: string }).id}`);
      fake.pushUpdate(update);
      await done;
    }
    latencies.push(performance.now() - started);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "go") continue;
  // Warm up (JIT, query plans), then measure.
  await Promise.all(users.slice(0, 5).map((user, i) => simulate(user, i + 1)));
  latencies.length = 0;
  const started = performance.now();
  await Promise.all(users.map((user, index) => simulate(user, index)));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ latencies, seconds })}\n`);
  break;
}
await fake.close();
