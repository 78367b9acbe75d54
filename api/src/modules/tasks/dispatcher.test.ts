// Delivery against the local PostgreSQL server and the shared fake Bot API: what a brigade would notice is
// how many messages arrived, so every test counts the fake's sendMessage calls.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeBotApi } from "../../../../bot/src/testing/fake-bot-api.ts";
import { openDatabase, type Database } from "../../../../prisma/client.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { createDispatcher, type Dispatcher } from "./dispatcher.ts";
import { createTelegramSender } from "./telegram-sender.ts";

const T0 = new Date("2026-11-26T05:30:00Z"); // 08:30 Moscow

let pg: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
let secondDb: Database;
let fake: FakeBotApi;
let ctxA: ServiceContext;
let ctxB: ServiceContext;

beforeAll(async () => {
  pg = await createPostgresTestDatabase();
  secondDb = await openDatabase({ databaseUrl: pg.url, poolSize: 5 });
  fake = await new FakeBotApi().start();
  const env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TASKS_LATE_WINDOW: "3600" };
  ctxA = createTestContext(pg.db, env);
  ctxB = createTestContext(secondDb, env);
});

afterAll(async () => {
  await fake?.close();
  await secondDb?.close();
  await pg?.drop();
});

beforeEach(async () => {
  await pg.db.exec(`TRUNCATE tasks, task_deliveries, employees, brigades RESTART IDENTITY CASCADE`);
});

afterEach(() => {
  fake.calls.length = 0;
});

function dispatcherOf(
  ctx: ServiceContext,
  options: { owner: string; now?: () => Date; afterSend?: (taskId: number) => Promise<void> },
): Dispatcher {
  const { now = () => T0, ...rest } = options;
  return createDispatcher({
    ctx: { ...ctx, clock: { now } },
    sender: createTelegramSender(ctx.config.telegram)!,
    ...rest,
  });
}

async function insertChatTasks(
  count: number,
  runAt: Date,
  options: { cron?: string; firstChat?: number } = {},
): Promise<void> {
  await pg.db.query(
    `INSERT INTO tasks (text, target_chat_id, next_run_at, cron, updated_at)
     SELECT 'Напоминание №' || n, $2::bigint + n, $3, $4, now() FROM generate_series(1, $1) AS n`,
    [count, options.firstChat ?? 1_000_000, runAt, options.cron ?? null],
  );
}

const sentMessages = () => fake.callsOf("sendMessage");
const statusCounts = async () =>
  Object.fromEntries(
    (
      await pg.db.query<{ status: string; count: number }>(
        `SELECT status::text AS status, count(*)::int AS count FROM tasks GROUP BY status`,
      )
    ).map((r) => [r.status, r.count]),
  );

describe("dispatcher: exactly once", () => {
  it("two instances over 500 due tasks deliver each exactly once", async () => {
    await insertChatTasks(500, new Date(T0.getTime() - 1000));
    const a = dispatcherOf(ctxA, { owner: "A" });
    const b = dispatcherOf(ctxB, { owner: "B" });
    const [statsA, statsB] = await Promise.all([a.tick(), b.tick()]);

    const messages = sentMessages();
    expect(messages).toHaveLength(500);
    expect(new Set(messages.map((m) => String(m.chat_id))).size).toBe(500);
    expect(statsA.sent + statsB.sent).toBe(500);
    expect(statsA.claimed).toBeGreaterThan(0);
    expect(statsB.claimed).toBeGreaterThan(0);
    expect(await statusCounts()).toEqual({ sent: 500 });
    const [log] = await pg.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM task_deliveries WHERE status = 'sent'`,
    );
    expect(log?.count).toBe(500);
    // Nothing is left to send: another round sends nothing.
    await Promise.all([a.tick(), b.tick()]);
    expect(sentMessages()).toHaveLength(500);
  });

  it("an instance killed after sending and before marking leaves the task uncertain, never resent", async () => {
    await insertChatTasks(1, new Date(T0.getTime() - 1000));
    const killed = dispatcherOf(ctxA, {
      owner: "A",
      afterSend: async () => {
        throw new Error("SIGKILL");
      },
    });
    await killed.tick();
    expect(sentMessages()).toHaveLength(1);

    // Still within A's lease: B does not touch it.
    const b = dispatcherOf(ctxB, { owner: "B", now: () => new Date(T0.getTime() + 30_000) });
    await b.tick();
    expect(await statusCounts()).toEqual({ scheduled: 1 });

    // The lease ran out: B finds the "sending" row and refuses to guess.
    const later = dispatcherOf(ctxB, { owner: "B", now: () => new Date(T0.getTime() + 120_000) });
    await later.tick();
    await later.tick();
    expect(sentMessages()).toHaveLength(1);
    const [task] = await pg.db.query<{ status: string; last_error: string }>(
      `SELECT status::text AS status, last_error FROM tasks`,
    );
    expect(task?.status).toBe("uncertain");
    expect(task?.last_error).toMatch(/возможно, сообщение дошло/);
  });
});

describe("dispatcher: Telegram's answers", () => {
  it("a 429 storm delays delivery by retry_after and still sends each message once", async () => {
    await insertChatTasks(20, new Date(T0.getTime() - 1000));
    fake.failNext("sendMessage", { errorCode: 429, retryAfter: 2, times: 15 });
    let now = T0.getTime();
    const dispatcher = dispatcherOf(ctxA, { owner: "A", now: () => new Date(now) });

    const first = await dispatcher.tick();
    expect(first.retried).toBe(1);
    expect(sentMessages()).toHaveLength(0);
    // Inside retry_after the instance waits.
    now += 1000;
    expect((await dispatcher.tick()).claimed).toBe(0);

    for (let round = 0; round < 40 && (await statusCounts()).scheduled; round += 1) {
      now += 2100;
      await dispatcher.tick();
    }
    const messages = sentMessages();
    expect(messages).toHaveLength(20);
    expect(new Set(messages.map((m) => String(m.chat_id))).size).toBe(20);
    expect(await statusCounts()).toEqual({ sent: 20 });
    expect(fake.calls.filter((c) => c.error?.errorCode === 429)).toHaveLength(15);
  });

  it("a blocked bot or a deleted chat fails the task with the reason", async () => {
    await insertChatTasks(3, new Date(T0.getTime() - 1000));
    fake.failNext("sendMessage", {
      errorCode: 403,
      description: "Forbidden: bot was blocked by the user",
      match: (p) => Number(p.chat_id) === 1_000_001,
    });
    fake.failNext("sendMessage", {
      errorCode: 400,
      description: "Bad Request: chat not found",
      match: (p) => Number(p.chat_id) === 1_000_002,
    });
    await dispatcherOf(ctxA, { owner: "A" }).tick();
    const rows = await pg.db.query<{ id: number; status: string; last_error: string | null }>(
      `SELECT id, status::text AS status, last_error FROM tasks ORDER BY id`,
    );
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed", "sent"]);
    expect(rows[0]?.last_error).toMatch(/Бот заблокирован/);
    expect(rows[1]?.last_error).toMatch(/Чат не найден/);
    expect(sentMessages()).toHaveLength(1);
  });
});

describe("dispatcher: Telegram keeps failing", () => {
  it("retries a 5xx, then gives up with a reason once the late window has passed", async () => {
    await insertChatTasks(1, new Date(T0.getTime() - 1000), { firstChat: 9_000_000 });
    // Scoped to this test's chat: the fake has no way to take an injected error back.
    fake.failNext("sendMessage", {
      errorCode: 502,
      description: "Bad Gateway",
      times: 3,
      match: (p) => Number(p.chat_id) === 9_000_001,
    });
    let now = T0.getTime();
    const dispatcher = dispatcherOf(ctxA, { owner: "A", now: () => new Date(now) });
    expect((await dispatcher.tick()).retried).toBe(1);
    now += 6000;
    expect((await dispatcher.tick()).retried).toBe(1);
    now += 3600_000;
    await dispatcher.tick();
    const [task] = await pg.db.query<{ status: string; last_error: string }>(
      `SELECT status::text AS status, last_error FROM tasks`,
    );
    expect(task?.status).toBe("failed");
    expect(task?.last_error).toMatch(/Bad Gateway.*окно опоздания/);
    expect(sentMessages()).toHaveLength(0);
  });
});

describe("dispatcher: targets", () => {
  it("a brigade with a linked group gets one message there; without one, each member privately", async () => {
    await pg.db.exec(`
      INSERT INTO brigades (id, number, name, chat_id, updated_at) VALUES (1, 2, 'Бригада 2', -100500, now()), (2, 3, 'Бригада 3', NULL, now());
      INSERT INTO employees (name, role, brigade_id, telegram_id, updated_at) VALUES
        ('Лид', 'brigade_lead', 2, 501, now()), ('Уборщик', 'cleaner', 2, 502, now()), ('Без телеграма', 'cleaner', 2, NULL, now());
      INSERT INTO tasks (text, target_brigade_id, next_run_at, updated_at) VALUES
        ('В группу', 1, '2026-11-26T05:29:00Z', now()), ('Каждому', 2, '2026-11-26T05:29:00Z', now());`);
    await dispatcherOf(ctxA, { owner: "A" }).tick();
    const messages = sentMessages().map((m) => [Number(m.chat_id), m.text]);
    expect(messages).toEqual([
      [-100500, "В группу"],
      [501, "Каждому"],
      [502, "Каждому"],
    ]);
  });
});

describe("dispatcher: restart after downtime", () => {
  it("sends missed tasks late with a note inside the window and fails them beyond it", async () => {
    const now = new Date("2026-11-26T12:00:00Z"); // 15:00 Moscow
    await pg.db.query(
      `INSERT INTO tasks (text, target_chat_id, next_run_at, cron, updated_at) VALUES
        ('Недавнее', 1, $1, NULL, now()), ('Давнее', 2, $2, NULL, now()), ('Ежедневное', 3, $2, '0 9 * * *', now())`,
      [new Date(now.getTime() - 10 * 60_000), new Date(now.getTime() - 3 * 3600_000)],
    );
    await dispatcherOf(ctxA, { owner: "A", now: () => now }).tick();

    expect(sentMessages().map((m) => m.text)).toEqual(["Недавнее\n\n(с опозданием)"]);
    const rows = await pg.db.query<{
      text: string;
      status: string;
      last_error: string | null;
      next_run_at: Date | null;
    }>(`SELECT text, status::text AS status, last_error, next_run_at FROM tasks ORDER BY id`);
    expect(rows[0]).toMatchObject({ status: "sent", next_run_at: null });
    expect(rows[1]).toMatchObject({ status: "failed" });
    expect(rows[1]?.last_error).toMatch(/пока приложение не работало/);
    // The recurring task keeps going: the missed morning is logged as failed, the next one is tomorrow 9:00.
    expect(rows[2]).toMatchObject({ status: "scheduled", next_run_at: new Date("2026-11-27T06:00:00Z") });
    const [late] = await pg.db.query<{ is_late: boolean }>(`SELECT is_late FROM task_deliveries WHERE status = 'sent'`);
    expect(late?.is_late).toBe(true);
  });

  it("a recurring task walks across a month end in Moscow time", async () => {
    await insertChatTasks(1, new Date("2026-11-30T06:00:00Z"), { cron: "0 9 L * *" });
    let now = new Date("2026-11-30T06:00:01Z");
    const dispatcher = dispatcherOf(ctxA, { owner: "A", now: () => now });
    await dispatcher.tick();
    let [task] = await pg.db.query<{ next_run_at: Date }>(`SELECT next_run_at FROM tasks`);
    expect(task?.next_run_at).toEqual(new Date("2026-12-31T06:00:00Z"));
    now = new Date("2026-12-31T06:00:02Z");
    await dispatcher.tick();
    [task] = await pg.db.query<{ next_run_at: Date }>(`SELECT next_run_at FROM tasks`);
    expect(task?.next_run_at).toEqual(new Date("2027-01-31T06:00:00Z"));
    expect(sentMessages()).toHaveLength(2);
  });
});
