// The demo company is for trying the product out: it never lands in a production database, and none of its
// people can be reached by a real Telegram account, in the mini-app or by the bot.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "../../bot/src/testing/fake-bot-api.ts";
import type { Database } from "../../prisma/client.ts";
import { createApp } from "./app.ts";
import { fixedClock } from "./lib/clock.ts";
import { ensureBuiltinTasks } from "./modules/tasks/builtin-tasks.ts";
import { createDispatcher } from "./modules/tasks/dispatcher.ts";
import { createTelegramSender } from "./modules/tasks/telegram-sender.ts";
import { ensureDemoData } from "./server.ts";
import { signInitData, TEST_BOT_TOKEN } from "./testing/test-app.ts";
import { bindTestTelegramIds, createTestContext, createTestDatabase, TEST_NOW } from "./testing/test-db.ts";

const boundEmployees = async (db: Database) => db.prisma.employee.count({ where: { telegramId: { not: null } } });

describe("demo company", () => {
  it("is never seeded into a production database, even an empty embedded one", async () => {
    const db = await createTestDatabase();
    try {
      const ctx = createTestContext(db, { NODE_ENV: "production", TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN });
      expect(ctx.db.kind).toBe("pglite");
      expect(await ensureDemoData(ctx)).toBe(false);
      expect(await db.prisma.house.count()).toBe(0);
      expect(await db.prisma.employee.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  describe("seeded outside production", () => {
    let db: Database;
    let fake: FakeBotApi;
    beforeAll(async () => {
      db = await createTestDatabase();
      fake = await new FakeBotApi().start();
      expect(await ensureDemoData(createTestContext(db))).toBe(true);
    });
    afterAll(async () => {
      await fake?.close();
      await db?.close();
    });

    it("has employees without Telegram ids, so initData for the ids older demos used opens nothing", async () => {
      expect(await db.prisma.employee.count()).toBeGreaterThan(20);
      expect(await boundEmployees(db)).toBe(0);
      const { app } = createApp({
        ctx: createTestContext(db, { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN }),
        hasVector: true,
        miniAppDir: null,
      });
      for (const telegramId of [7_000_000_000, 7_000_000_002, 7_000_000_003]) {
        const me = await request(app)
          .get("/api/me")
          .set("Authorization", `tma ${signInitData(telegramId)}`);
        expect([me.status, me.body.error?.code]).toEqual([403, "unknown_user"]);
      }
    });

    it("gets no message from the bot: the brigades' morning digests find nobody to send to", async () => {
      const env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
      const created = await ensureBuiltinTasks(createTestContext(db, env));
      expect(created.created).toBeGreaterThan(0);
      // The next morning, a minute after the digests were due.
      const ctx = createTestContext(db, env, fixedClock(new Date(TEST_NOW.getTime() + 22 * 3_600_000)));
      await createDispatcher({ ctx, sender: createTelegramSender(ctx.config.telegram)! }).tick();
      expect(fake.calls.filter((call) => call.method.startsWith("send"))).toEqual([]);
      const deliveries = await db.query<{ error: string }>(`SELECT error FROM task_deliveries`);
      expect(deliveries.length).toBe(7);
      for (const { error } of deliveries) expect(error).toMatch(/нет привязанного чата и участников с Telegram/);
    });

    it("loses the Telegram ids an older demo seed gave it on the next start, and keeps everyone else's", async () => {
      await bindTestTelegramIds(db); // what seeds before DEMO_VERSION 4 wrote: 7000000000, 7000000001, ...
      await db.prisma.employee.create({
        data: { name: "Настоящий сотрудник", role: "cleaner", telegramId: 7_000_000_999n },
      });
      expect(await ensureDemoData(createTestContext(db))).toBe(false);
      expect(
        await db.prisma.employee.findMany({ where: { telegramId: { not: null } }, select: { name: true } }),
      ).toEqual([{ name: "Настоящий сотрудник" }]);
    });
  });
});
