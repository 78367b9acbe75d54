import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@cleaning/api/lib/database";
import { createTestContext, createTestDatabase } from "@cleaning/api/testing/test-db";
import { pruneProcessedUpdates } from "@cleaning/api/modules/telegram/updates.service";
import { createBotFeature, createWebhookHandler, WEBHOOK_PATH } from "./feature.ts";
import { createBot } from "./index.ts";
import { startFakeBotApi, type FakeBotApi } from "./testing/fake-bot-api.ts";

describe("webhook mode", () => {
  let db: Database;
  let fake: FakeBotApi;
  let app: express.Express;

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase(), startFakeBotApi()]);
    const services = createTestContext(db, {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: "s3cret_token-1",
    });
    const bot = createBot(fake.token, { services, botInfo: fake.botInfo });
    app = express();
    app.use(WEBHOOK_PATH, createWebhookHandler(bot, services));
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  const update = (updateId: number) => ({
    ...fake.textUpdate({ id: 555, first_name: "Гость" }, "/start"),
    update_id: updateId,
  });

  it("rejects a wrong or missing secret token without handling the update", async () => {
    const since = fake.mark();
    await request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", "wrong").send(update(1)).expect(401);
    await request(app).post(WEBHOOK_PATH).send(update(1)).expect(401);
    expect(fake.callsOf("sendMessage", since)).toHaveLength(0);
  });

  it("handles an update with the right secret once, however often Telegram redelivers it", async () => {
    const since = fake.mark();
    for (let i = 0; i < 2; i++) {
      await request(app)
        .post(WEBHOOK_PATH)
        .set("X-Telegram-Bot-Api-Secret-Token", "s3cret_token-1")
        .send(update(2))
        .expect(200);
    }
    expect(fake.callsOf("sendMessage", since).map((p) => p.text)).toEqual([
      expect.stringContaining("Ваш Telegram id: 555"),
    ]);
  });
});

describe("webhook ledger", () => {
  let db: Database;
  let fake: FakeBotApi;
  let app: express.Express;

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase(), startFakeBotApi()]);
    const services = createTestContext(db, {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: "s3cret_token-2",
    });
    // No botInfo: the bot must reach Telegram (getMe) before it can handle anything.
    const bot = createBot(fake.token, { services });
    app = express();
    app.use(WEBHOOK_PATH, createWebhookHandler(bot, services));
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  const post = (body: object) =>
    request(app).post(WEBHOOK_PATH).set("X-Telegram-Bot-Api-Secret-Token", "s3cret_token-2").send(body);

  it("answers non-2xx for an update it could not handle, and handles it once when Telegram delivers it again", async () => {
    const since = fake.mark();
    fake.failNext("getMe", { errorCode: 401, description: "Unauthorized" });
    const update = { ...fake.textUpdate({ id: 556, first_name: "Гость" }, "/start"), update_id: 77 };
    const failed = await post(update);
    expect([failed.status, failed.body.error.code]).toEqual([503, "update_failed"]);
    expect(fake.callsOf("sendMessage", since)).toHaveLength(0);
    await post(update).expect(200);
    await post(update).expect(200);
    expect(fake.callsOf("sendMessage", since).map((p) => p.text)).toEqual([
      expect.stringContaining("Ваш Telegram id: 556"),
    ]);
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bot_processed_updates WHERE update_id = 77`,
    );
    expect(row!.n).toBe(1);
  });

  it("refuses an update without a usable update_id", async () => {
    for (const body of [{}, { update_id: "1" }, { update_id: -1 }, { update_id: 1.5 }])
      expect((await post(body)).status).toBe(400);
  });

  it("forgets updates older than a week", async () => {
    const services = createTestContext(db);
    await db.query(`INSERT INTO bot_processed_updates (update_id, processed_at) VALUES (900, $1), (901, $2)`, [
      new Date(services.clock.now().getTime() - 8 * 86_400_000),
      new Date(services.clock.now().getTime() - 86_400_000),
    ]);
    expect(await pruneProcessedUpdates(services)).toBe(1);
    const rows = await db.query<{ update_id: string }>(
      `SELECT update_id::text FROM bot_processed_updates WHERE update_id IN (900, 901)`,
    );
    expect(rows.map((r) => r.update_id)).toEqual(["901"]);
  });
});

describe("start-up while Telegram is unreachable", () => {
  it("starts at once, keeps retrying in the background, reports error in health, and stops cleanly", async () => {
    const db = await createTestDatabase();
    const fake = await startFakeBotApi();
    const unreachable = "http://127.0.0.1:9"; // the discard port: nothing listens there
    const services = createTestContext(db, {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: unreachable,
      BOT_MODE: "polling",
    });
    const jobs: string[] = [];
    const scheduler = {
      register: (name: string) => void jobs.push(name),
      start: async () => undefined,
      stop: async () => undefined,
      runNow: async () => undefined,
    };
    const feature = createBotFeature({ connectBackoffMs: [20] })({
      ctx: services,
      scheduler: scheduler as never,
      hasVector: false,
    });
    await feature.start!();
    expect(jobs).toContain("bot-report-posts");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const health = await feature.healthChecks!.telegram!();
    expect(health.status).toBe("error");
    expect(health.reason).toContain("не подключился к Telegram");
    await feature.stop!();
    await fake.close();
    await db.close();
  });
});
