import { Writable } from "node:stream";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { createLogger } from "../lib/logger.ts";
import { createTestDatabase, createTestContext } from "../testing/test-db.ts";
import { secretsOf, weakSecretReason } from "./secrets.ts";

async function appWith(env: Record<string, string>, logs?: string[]) {
  const db = await createTestDatabase();
  const ctx = createTestContext(db, env);
  if (logs) {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    ctx.logger = createLogger("trace", { secrets: secretsOf(ctx.config), destination: sink });
  }
  const { app } = createApp({ ctx, hasVector: true, miniAppDir: null });
  return { app, ctx, close: () => db.close() };
}

describe("HTTP hardening", () => {
  it("sends nosniff and a CSP that lets Telegram's web client frame the mini-app (and no X-Frame-Options)", async () => {
    const t = await appWith({});
    const response = await request(t.app).get("/api/health");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toMatch(
      /frame-ancestors 'self' https:\/\/web\.telegram\.org https:\/\/\*\.telegram\.org/,
    );
    expect(response.headers["x-frame-options"]).toBeUndefined();
    await t.close();
  });

  it("believes X-Forwarded-For only through the configured number of proxies", async () => {
    for (const [hops, expected] of [
      ["0", /127\.0\.0\.1/],
      ["1", /^203\.0\.113\.9$/],
    ] as const) {
      const t = await appWith({ TRUST_PROXY_HOPS: hops, RATE_LIMIT_PUBLIC_PER_MINUTE: "1" });
      // The budget is per req.ip: with hops=0 a forged header cannot buy a second request.
      await request(t.app).get("/api/health").set("X-Forwarded-For", "198.51.100.1, 203.0.113.9");
      const second = await request(t.app).get("/api/health").set("X-Forwarded-For", "198.51.100.2, 203.0.113.8");
      expect(second.status, `hops=${hops} ${String(expected)}`).toBe(hops === "0" ? 429 : 200);
      await t.close();
    }
  });

  it("answers 429 with Retry-After and a coded Russian error past the public budget per IP", async () => {
    const t = await appWith({ RATE_LIMIT_PUBLIC_PER_MINUTE: "2", RATE_LIMIT_COSTLY_PER_MINUTE: "1" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(t.app).get("/api/health")).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await request(t.app).get("/api/health");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/Слишком много запросов/),
    });
    await t.close();
  });

  it("refuses to start in production with a missing or weak webhook secret or Bitrix24 application token", () => {
    const base = { NODE_ENV: "production", TELEGRAM_BOT_TOKEN: "1:abc" };
    expect(() => loadConfig({ ...base, BOT_MODE: "webhook", WEBHOOK_SECRET: "secret" })).toThrow(
      /WEBHOOK_SECRET is too weak/,
    );
    expect(() => loadConfig({ ...base, BITRIX24_WEBHOOK_URL: "https://x.bitrix24.ru/rest/1/abcdef/" })).toThrow(
      /BITRIX24_APP_TOKEN is required/,
    );
    expect(() =>
      loadConfig({
        ...base,
        BITRIX24_WEBHOOK_URL: "https://x.bitrix24.ru/rest/1/abcdef/",
        BITRIX24_APP_TOKEN: "changeme-changeme-changeme",
      }),
    ).toThrow(ConfigError);
    const strong = "k3J9vQx2LmP7zR4tW8yB1nC6dF5gH0sA";
    expect(weakSecretReason(strong)).toBeUndefined();
    expect(() =>
      loadConfig({
        ...base,
        BOT_MODE: "webhook",
        WEBHOOK_SECRET: strong,
        BITRIX24_WEBHOOK_URL: "https://x.bitrix24.ru/rest/1/abcdef/",
        BITRIX24_APP_TOKEN: strong,
      }),
    ).not.toThrow();
  });

  it("never writes a configured secret to the logs", async () => {
    const secrets = {
      TELEGRAM_BOT_TOKEN: "7012345678:AAH-known-bot-token-for-the-log-test",
      WEBHOOK_SECRET: "known-webhook-secret-Zq81x7Lw",
      BITRIX24_WEBHOOK_URL: "https://portal.example/rest/1/knownbitrixtoken42/",
      BITRIX24_APP_TOKEN: "known-bitrix-app-token-Hf63",
      OPENAI_API_KEY: "sk-known-openai-key-for-the-log-test",
    };
    const logs: string[] = [];
    const t = await appWith(secrets, logs);
    // Requests that put secrets where a careless logger would print them: headers, a failing login, an error.
    await request(t.app).get("/api/me").set("Authorization", `tma hash=${secrets.TELEGRAM_BOT_TOKEN}`);
    await request(t.app).get("/api/me").set("X-Telegram-Bot-Api-Secret-Token", secrets.WEBHOOK_SECRET);
    t.ctx.logger.error(
      { err: new Error(`fetch ${secrets.BITRIX24_WEBHOOK_URL}crm.deal.list failed`), config: t.ctx.config },
      `call with ${secrets.OPENAI_API_KEY}`,
    );
    const text = logs.join("");
    expect(text.length).toBeGreaterThan(0);
    for (const value of [...Object.values(secrets), "knownbitrixtoken42", "AAH-known-bot-token-for-the-log-test"])
      expect(text).not.toContain(value);
    await t.close();
  });
});
