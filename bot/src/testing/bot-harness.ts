// A real grammY Bot wired exactly as in production, talking to the fake Bot API, over a seeded test database.
// Updates go through bot.handleUpdate so each step finishes before the next (what sequentialize gives per chat).
import type { Update } from "grammy/types";
import type { Database } from "@cleaning/api/lib/database";
import type { ServiceContext } from "@cleaning/api/lib/context";
import { fixedClock } from "@cleaning/api/lib/clock";
import { createDemoTestDatabase, createTestContext, createTestDatabase, seedDemo } from "@cleaning/api/testing/test-db";
import { createBot, type BotDeps } from "../index.ts";
import { startFakeBotApi, type FakeBotApi, type FakeUser } from "./fake-bot-api.ts";

/**
 * Demo employees (seed 42) by the test-only Telegram ids that seedDemo binds after seeding (api/src/testing/
 * test-db.ts, in the generator's order); the demo itself carries none.
 */
export const USERS = {
  manager: { id: 7_000_000_000, first_name: "Светлана" },
  lead1: { id: 7_000_000_002, first_name: "Бригадир1" },
  cleaner1: { id: 7_000_000_003, first_name: "Уборщик1" },
  cleaner2: { id: 7_000_000_006, first_name: "Уборщик2" },
  stranger: { id: 555_000_111, first_name: "Гость" },
  admin: { id: 1_000_001, first_name: "Админ" },
} satisfies Record<string, FakeUser>;

export const DEMO_TODAY = "2026-11-26";
/** 10:00 in Moscow on the demo's "today". */
export const DEMO_NOW = new Date("2026-11-26T07:00:00Z");

export interface BotHarness {
  fake: FakeBotApi;
  db: Database;
  services: ServiceContext;
  bot: ReturnType<typeof createBot>;
  /** A new Bot instance on the same database and fake (a restart). */
  restart(): ReturnType<typeof createBot>;
  send(user: FakeUser, text: string): Promise<Update>;
  sendPhoto(user: FakeUser, options?: { mediaGroupId?: string; size?: number }): Promise<Update>;
  press(user: FakeUser, data: string, messageId?: number): Promise<Update>;
  /** Texts the bot sent to a chat since `since`. */
  textsTo(chatId: number, since?: number): string[];
  close(): Promise<void>;
}

export async function createBotHarness(
  options: { env?: Record<string, string>; isSeeded?: boolean; db?: Database; deps?: Partial<BotDeps> } = {},
): Promise<BotHarness> {
  const fake = await startFakeBotApi();
  const isSeeded = options.isSeeded ?? true;
  let db = options.db;
  if (!db) db = isSeeded ? await createDemoTestDatabase(DEMO_TODAY) : await createTestDatabase();
  else if (isSeeded) await seedDemo(db, DEMO_TODAY);
  const services = createTestContext(
    db,
    {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ADMIN_TELEGRAM_IDS: String(USERS.admin.id),
      ...options.env,
    },
    fixedClock(DEMO_NOW),
  );
  for (const telegramId of services.config.telegram.adminIds) {
    await db.prisma.employee.upsert({
      where: { telegramId },
      create: { telegramId, name: "Админ", role: "admin" },
      update: {},
    });
  }
  const build = () =>
    createBot(fake.token, { services, botInfo: fake.botInfo, retry: { maxDelaySeconds: 3 }, ...options.deps });
  const harness: BotHarness = {
    fake,
    db,
    services,
    bot: build(),
    restart() {
      harness.bot = build();
      return harness.bot;
    },
    async send(user, text) {
      const update = fake.pushUpdate(fake.textUpdate(user, text)) as unknown as Update;
      await harness.bot.handleUpdate(update);
      return update;
    },
    async sendPhoto(user, photo = {}) {
      const update = fake.pushUpdate(fake.photoUpdate(user, photo)) as unknown as Update;
      await harness.bot.handleUpdate(update);
      return update;
    },
    async press(user, data, messageId) {
      const update = fake.pushUpdate(fake.callbackUpdate(user, data, messageId)) as unknown as Update;
      await harness.bot.handleUpdate(update);
      return update;
    },
    textsTo(chatId, since = 0) {
      return fake
        .callsOf("sendMessage", since)
        .filter((p) => Number(p.chat_id) === chatId)
        .map((p) => String(p.text))
        .concat(
          fake
            .callsOf("editMessageText", since)
            .filter((p) => Number(p.chat_id) === chatId)
            .map((p) => String(p.text)),
        );
    },
    async close() {
      await fake.close();
      if (!options.db) await db.close();
    },
  };
  return harness;
}
