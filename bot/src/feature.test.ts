import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../../../bot/src/index.ts";
import { startFakeBotApi, type FakeBotApi } from "../../../../bot/src/testing/fake-bot-api.ts";
import type { Database } from "../../../../prisma/client.ts";
import { createTestContext, createTestDatabase } from "../../testing/test-db.ts";
import { createWebhookHandler, WEBHOOK_PATH } from "./bot-feature.ts";

describe("webhook mode", () => {
  let db: Database;
  let fake: FakeBotApi;
  let app: express.Express;

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase(), startFakeBotApi()]);
    const services = createTestContext(db, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, BOT_MODE: "webhook", WEBHOOK_SECRET: "s3cret_token-1" });
    const bot = createBot(fake.token, { services, botInfo: fake.botInfo });
    app = express();
    app.use(WEBHOOK_PATH, createWebhookHandler(bot, services));
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  const update = (updateId: number) => ({ ...fake.textUpdate({ id: 555, first_name: "Гость" }, "/start"), update_id: updateId });

  it("rejects a wrong or missing secret token without handling the update", async () => {
    const since = fake.mark();
    await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", "wrong").send(update(1)).expect(401);
    await request(app).post(WEBHOOK_PATH).send(update(1)).expect(401);
    expect(fake.callsOf("sendMessage", since)).toHaveLength(0);
  });

  it("handles an update with the right secret once, however often Telegram redelivers it", async () => {
    const since = fake.mark();
    for (let i = 0; i < 2; i++) {
      await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", "s3cret_token-1").send(update(2)).expect(200);
    }
    expect(fake.callsOf("sendMessage", since).map((p) => p.text)).toEqual([expect.stringContaining("Ваш Telegram id: 555")]);
  });
});
