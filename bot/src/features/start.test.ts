import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";

describe("/start", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness();
  });
  afterAll(() => h.close());

  it("greets a brigade member by name and role with the main keyboard", async () => {
    const since = h.fake.mark();
    await h.send(USERS.cleaner1, "/start");
    const [reply] = h.fake.callsOf("sendMessage", since);
    expect(reply?.text).toMatch(/Здравствуйте, .+! Ваша роль: уборщик/);
    expect(JSON.stringify(reply?.reply_markup)).toContain("Сегодня");
  });

  it("tells a stranger their Telegram id and to ask an admin", async () => {
    const since = h.fake.mark();
    await h.send(USERS.stranger, "/start");
    expect(h.textsTo(USERS.stranger.id, since)[0]).toContain(`Ваш Telegram id: ${USERS.stranger.id}`);
    expect(h.textsTo(USERS.stranger.id, since)[0]).toContain("администратор");
  });
});
