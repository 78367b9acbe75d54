// A big brigade's morning digest is longer than Telegram's 4,096 characters: it must arrive, in parts, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "../../../../bot/src/testing/fake-bot-api.ts";
import { fixedClock } from "../../lib/clock.ts";
import { splitTelegramText, TELEGRAM_MESSAGE_LIMIT } from "../../lib/telegram-text.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { createDispatcher } from "./dispatcher.ts";
import { createTelegramSender } from "./telegram-sender.ts";

const RUN_AT = new Date("2026-11-26T04:30:00Z"); // 07:30 Moscow
const CHAT = -100_555_000;

describe("a digest longer than one Telegram message", () => {
  let pg: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let fake: FakeBotApi;
  const addresses = Array.from(
    { length: 160 },
    (_, i) => `улица Академика Константина Циолковского, дом ${i + 1}, корпус 2`,
  );

  beforeAll(async () => {
    pg = await createPostgresTestDatabase();
    fake = await new FakeBotApi().start();
    await pg.db.query(
      `INSERT INTO brigades (id, number, name, chat_id, updated_at) VALUES (1, 4, 'Бригада 4', $1, now()), (2, 5, 'Бригада 5', $2, now())`,
      [CHAT, CHAT - 1],
    );
    for (const brigade of [1, 2]) {
      await pg.db.query(
        `WITH h AS (INSERT INTO houses (title, address, brigade_id, updated_at) SELECT a, a || ' (' || $2::int || ')', $2::int, now() FROM unnest($1::text[]) a RETURNING id)
         INSERT INTO cleaning_visits (house_id, date, kind, updated_at) SELECT id, '2026-11-26', 'wet_all_floors', now() FROM h`,
        [addresses, brigade],
      );
      await pg.db.query(
        `INSERT INTO tasks (kind, text, target_brigade_id, next_run_at, updated_at) VALUES ('brigade_digest', 'Утренняя сводка бригады', $1, $2, now())`,
        [brigade, RUN_AT],
      );
    }
  });
  afterAll(async () => {
    await fake?.close();
    await pg?.drop();
  });

  const dispatcher = () => {
    const ctx = createTestContext(
      pg.db,
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
      fixedClock(new Date(RUN_AT.getTime() + 60_000)),
    );
    return createDispatcher({ ctx, sender: createTelegramSender(ctx.config.telegram)! });
  };
  const textsTo = (chatId: number) =>
    fake
      .callsOf("sendMessage")
      .filter((p) => Number(p.chat_id) === chatId)
      .map((p) => String(p.text));

  it("arrives as several messages within the limit that together name every house, once", async () => {
    fake.failNext("sendMessage", {
      errorCode: 400,
      description: "Bad Request: chat not found",
      match: (p) => Number(p.chat_id) === CHAT - 1 && !String(p.text).startsWith("Сегодня"),
    });
    await dispatcher().tick();
    await dispatcher().tick();
    const texts = textsTo(CHAT);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    expect(texts[0]).toMatch(/^Сегодня у 4 бригады 160 домов: /);
    const all = texts.join("; ");
    for (const address of addresses) expect(all).toContain(`${address} (1)`);
    const [delivery] = await pg.db.query<{ status: string }>(
      `SELECT d.status::text AS status FROM task_deliveries d JOIN tasks t ON t.id = d.task_id WHERE t.target_brigade_id = 1`,
    );
    expect(delivery!.status).toBe("sent");
  });

  it("is not resent when a later part fails: the first parts went out, and the log says so", async () => {
    // Only the first part of brigade 5's digest got through in the test above.
    expect(textsTo(CHAT - 1)).toHaveLength(1);
    const [delivery] = await pg.db.query<{ status: string; error: string }>(
      `SELECT d.status::text AS status, d.error FROM task_deliveries d JOIN tasks t ON t.id = d.task_id WHERE t.target_brigade_id = 2`,
    );
    expect(delivery).toMatchObject({
      status: "uncertain",
      error: expect.stringMatching(/^Отправлено частей: 1 из \d/),
    });
  });

  it("splits between list items, never inside an address", () => {
    const text = `Сегодня у 4 бригады 160 домов: ${addresses.join("; ")}`;
    const parts = splitTelegramText(text);
    expect(parts.join("; ")).toBe(text);
    expect(splitTelegramText("коротко")).toEqual(["коротко"]);
  });
});
