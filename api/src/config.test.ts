import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("runs with no settings at all: embedded database, demo session, everything external off", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.timeZone).toBe("Europe/Moscow");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe("./data");
    expect(config.isDemoAuthEnabled).toBe(true);
    expect(config.telegram.mode).toBe("polling");
  });

  it("refuses to start in production without a bot token and says which setting is missing", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(loadConfig({ NODE_ENV: "production", TELEGRAM_BOT_TOKEN: "1:abc" }).isDemoAuthEnabled).toBe(false);
  });

  it("turns the demo session off as soon as a bot token is set", () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: "1:abc" }).isDemoAuthEnabled).toBe(false);
  });

  it("parses admin ids and the portal of the Bitrix24 webhook", () => {
    const config = loadConfig({
      ADMIN_TELEGRAM_IDS: "1, 22,333",
      BITRIX24_WEBHOOK_URL: "https://firm.bitrix24.ru/rest/1/abc/",
    });
    expect(config.telegram.adminIds).toEqual([1n, 22n, 333n]);
    expect(config.bitrix.portalUrl).toBe("https://firm.bitrix24.ru");
  });

  it("rejects bad values with the variable's name", () => {
    expect(() => loadConfig({ APP_TIMEZONE: "Mars/Olympus" })).toThrow(/APP_TIMEZONE/);
    expect(() => loadConfig({ ADMIN_TELEGRAM_IDS: "12,abc" })).toThrow(/ADMIN_TELEGRAM_IDS/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(() => loadConfig({ BOT_MODE: "webhook", TELEGRAM_BOT_TOKEN: "1:a" })).toThrow(/WEBHOOK_SECRET/);
  });

  it("accepts the original system's OPEN_AI_KEY name", () => {
    expect(loadConfig({ OPEN_AI_KEY: "sk-test" }).openai.apiKey).toBe("sk-test");
  });
});
