import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../../testing/fake-openai.ts";
import { createTestContext } from "../../testing/test-db.ts";
import { parseTaskRequestWithLlm } from "./llm-parse.ts";
import type { ParseScope } from "./parse-request.ts";

const scope: ParseScope = {
  now: new Date("2026-11-25T10:00:00Z"),
  timeZone: "Europe/Moscow",
  requesterId: 7,
  brigades: [{ id: 11, number: 2, name: "Бригада 2" }],
  employees: [{ id: 7, name: "Смирнова Анна" }],
};

let fake: FakeOpenAI;
const ctx = () => createTestContext({} as Database, { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl });
const answer = (content: unknown) => {
  fake.behaviour.chat = () => ({ content: typeof content === "string" ? content : JSON.stringify(content) });
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake?.close();
});

describe("parseTaskRequestWithLlm", () => {
  it("turns the model's local time and brigade number into an instant and a brigade id", async () => {
    answer({ text: "Взять ключи", target: { type: "brigade", brigadeNumber: 2 }, at: "2026-11-26T08:30", cron: null });
    expect(await parseTaskRequestWithLlm(ctx(), "Бригаде два к половине девятого ключи", scope)).toEqual({
      text: "Взять ключи",
      target: { brigadeId: 11 },
      at: new Date("2026-11-26T05:30:00Z"),
    });
    expect(fake.chatRequests.at(-1)?.messages[0]?.content).toContain("Europe/Moscow");
  });

  it("accepts a recurrence and «мне»", async () => {
    answer({ text: "Отчёт", target: { type: "me" }, at: null, cron: "0 9 * * 1" });
    expect(await parseTaskRequestWithLlm(ctx(), "по понедельникам в девять отчёт", scope)).toEqual({
      text: "Отчёт",
      target: { employeeId: 7 },
      cron: "0 9 * * 1",
    });
  });

  it("returns null (the rules take over) for nonsense, unknown brigades, past times and provider errors", async () => {
    answer("не JSON");
    expect(await parseTaskRequestWithLlm(ctx(), "x", scope)).toBeNull();
    answer({ text: "x", target: { type: "brigade", brigadeNumber: 9 }, at: "2026-11-26T08:30" });
    expect(await parseTaskRequestWithLlm(ctx(), "x", scope)).toBeNull();
    answer({ text: "x", target: { type: "me" }, at: "2026-11-25T09:00" });
    expect(await parseTaskRequestWithLlm(ctx(), "x", scope)).toBeNull();
    fake.behaviour.chat = () => ({ error: { status: 500, message: "down" } });
    expect(await parseTaskRequestWithLlm(ctx(), "x", scope)).toBeNull();
  });
});
