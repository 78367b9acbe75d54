import client from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, USERS, type BotHarness } from "./testing/bot-harness.ts";

describe("bot metrics", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness();
  });
  afterAll(() => h.close());

  it("counts handled updates by type and outcome", async () => {
    const count = async (type: string, outcome: string) =>
      (await client.register.getSingleMetric("bot_updates_total")!.get()).values.find(
        (v) => v.labels.type === type && v.labels.outcome === outcome,
      )?.value ?? 0;
    const before = await count("message", "ok");
    await h.send(USERS.manager, "/today");
    expect(await count("message", "ok")).toBe(before + 1);
  });
});
