import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupBot } from "./setup.ts";
import { createBotHarness, USERS, type BotHarness } from "./testing/bot-harness.ts";

describe("bot setup at start", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness();
  });
  afterAll(() => h.close());

  it("gives everyone the brigade commands and each office employee theirs in their own chat", async () => {
    const since = h.fake.mark();
    await setupBot(h.bot, h.services);
    const calls = h.fake.callsOf("setMyCommands", since) as {
      scope: { type: string; chat_id?: number };
      commands: { command: string }[];
    }[];
    expect(calls.filter((c) => c.scope.type === "default").map((c) => c.commands.map((x) => x.command))).toContainEqual(
      ["today", "tomorrow", "houses", "route", "start"],
    );
    const adminChat = calls.find((c) => c.scope.chat_id === USERS.admin.id);
    expect(adminChat?.commands.map((c) => c.command)).toEqual(expect.arrayContaining(["invite", "employees", "stats"]));
    const managerChat = calls.find((c) => c.scope.chat_id === USERS.manager.id);
    expect(managerChat?.commands.map((c) => c.command)).toContain("stats");
    expect(managerChat?.commands.map((c) => c.command)).not.toContain("invite");
    expect(calls.some((c) => c.scope.chat_id === USERS.cleaner1.id)).toBe(false);
  });
});
