import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import {
  startFakeOpenAI,
  type FakeChatReply,
  type FakeChatRequest,
  type FakeOpenAI,
} from "../../testing/fake-openai.ts";
import { fixedClock } from "../../lib/clock.ts";
import { ADMIN, createPostgresTestDatabase, createTestContext, seedDemo } from "../../testing/test-db.ts";
import { createAssistantFeature } from "./assistant.feature.ts";
import { createAssistantService } from "./assistant.service.ts";
import { runAssistantTool, type ToolContext } from "./assistant-tools.ts";

const NOW = new Date("2026-11-26T06:00:00Z");
const CLEANER_OF_THIRD: Principal = {
  employeeId: 10,
  telegramId: 7000000009n,
  name: "Кузнецова",
  role: "cleaner",
  brigadeId: 3,
  isDemo: false,
};

// A schema on the local PostgreSQL server starts far faster than a fresh PGlite on a loaded machine.
let db: Database;
let drop: () => Promise<void>;
let fake: FakeOpenAI;
let ctx: ServiceContext;
let app: Express;

/** A fake model that calls one tool, then answers with what the tool returned. */
function callToolThenSummarise(call: { name: string; arguments: Record<string, unknown> }) {
  return (chat: FakeChatRequest): FakeChatReply => {
    const last = chat.messages.at(-1);
    if (last?.role !== "tool") return { toolCalls: [call] };
    const data = JSON.parse(last.content ?? "{}") as { error?: string; total?: number; houses?: { address: string }[] };
    if (data.error) return { content: `Не получилось: ${data.error}` };
    return { content: `Нашёл ${data.total}: ${data.houses!.map((house) => house.address).join("; ")}` };
  };
}

async function housesOf(brigade: number, day: string) {
  const rows = await db.query<{ address: string }>(
    `SELECT h.address FROM houses h JOIN brigades b ON b.id = h.brigade_id
      WHERE b.number = $1 AND NOT h.is_archived AND EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND v.date = $2::date)
      ORDER BY h.address`,
    [brigade, day],
  );
  return rows.map((row) => row.address);
}

beforeAll(async () => {
  ({ db, drop } = await createPostgresTestDatabase());
  await seedDemo(db);
  fake = await startFakeOpenAI();
  ctx = createTestContext(db, { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl }, fixedClock(NOW));
  const registry = new OpenAPIRegistry();
  const feature = await createAssistantFeature()({ ctx, scheduler: undefined as never, hasVector: false, registry });
  app = createApp({
    ctx,
    hasVector: false,
    registry,
    miniAppDir: null,
    apiRouters: feature.apiRouters,
    healthChecks: feature.healthChecks,
  }).app;
});

afterAll(async () => {
  await fake.close();
  await drop();
});

beforeEach(() => {
  fake.chatRequests.length = 0;
  fake.behaviour.delayMs.chat = 0;
});

describe("the assistant with a language model", () => {
  it("answers with tool calls over real demo data and cites the houses", async () => {
    fake.behaviour.chat = callToolThenSummarise({ name: "find_houses", arguments: { brigade: 3, date: "2026-11-27" } });
    const assistant = createAssistantService(ctx);
    const reply = await assistant.ask({ principal: ADMIN, message: "какие дома у 3 бригады завтра?" });

    const expected = await housesOf(3, "2026-11-27");
    expect(expected.length).toBeGreaterThan(0);
    expect(reply.mode).toBe("llm");
    expect(reply.answer).toBe(`Нашёл ${expected.length}: ${expected.join("; ")}`);
    expect(reply.sources.map((source) => source.title).sort()).toEqual(expected);
    expect(reply.actions[0]).toMatchObject({ type: "open_house" });

    const [first] = fake.chatRequests;
    expect(first!.tools!.map((tool) => tool.function.name)).toEqual([
      "find_houses",
      "get_house_schedule",
      "get_day_stats",
      "get_period_stats",
      "search_knowledge",
      "get_house_facts",
      "get_company_totals",
      "count_houses",
      "count_visits",
    ]);
    expect(first!.messages[0]!.content).toContain("Никогда не придумывай дома");
    expect(first!.messages[0]!.content).toContain("Сегодня 26.11.2026 (четверг)");
  });

  it("remembers the conversation and sends the last turns to the model", async () => {
    fake.behaviour.chat = (chat) => ({
      content: `Ответ №${chat.messages.filter((message) => message.role === "user").length}`,
    });
    const assistant = createAssistantService(ctx);
    const first = await assistant.ask({ principal: ADMIN, message: "что у нас сегодня?" });
    const second = await assistant.ask({
      principal: ADMIN,
      message: "а завтра?",
      conversationId: first.conversationId,
    });
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.answer).toBe("Ответ №2");
    expect(fake.chatRequests.at(-1)!.messages.map((message) => message.content)).toContain("что у нас сегодня?");

    const someoneElse = await assistant.ask({
      principal: CLEANER_OF_THIRD,
      message: "а завтра?",
      conversationId: first.conversationId,
    });
    expect(someoneElse.conversationId).not.toBe(first.conversationId);
    expect(someoneElse.answer).toBe("Ответ №1");
  });

  it("falls back to a clear message when the model times out", async () => {
    fake.behaviour.chat = () => ({ content: "слишком поздно" });
    fake.behaviour.delayMs.chat = 10_000;
    const assistant = createAssistantService(ctx, { llmTimeoutMs: 300 });
    const started = Date.now();
    const reply = await assistant.ask({ principal: ADMIN, message: "дома 3 бригады на завтра" });
    // Far less than the model's 10 s: the assistant did not wait for it.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(reply.mode).toBe("fallback");
    expect(reply.answer).toMatch(/^⚠️ ИИ-модель не ответила вовремя, поэтому отвечаю в простом режиме\./);
    for (const address of await housesOf(3, "2026-11-27")) expect(reply.answer).toContain(address);

    const unknown = await assistant.ask({ principal: ADMIN, message: "напиши стихотворение" });
    expect(unknown.answer).toMatch(/^⚠️ ИИ-модель не ответила вовремя\. Попробуйте ещё раз/);
  });

  it("says the model is unavailable when the server fails", async () => {
    fake.behaviour.chat = () => ({ error: { status: 500, message: "boom" } });
    const assistant = createAssistantService(ctx, { openai: undefined });
    const reply = await assistant.ask({ principal: ADMIN, message: "сколько уборок выполнено сегодня" });
    expect(reply.mode).toBe("fallback");
    expect(reply.answer).toContain("ИИ-модель сейчас недоступна");
    expect(reply.answer).toContain("Сегодня (26.11): выполнено");
  });
});

describe("tools respect the caller's role", () => {
  const cleaner: () => ToolContext = () => ({ ctx, principal: CLEANER_OF_THIRD, today: "2026-11-26" });

  it("shows a cleaner only their own brigade's houses", async () => {
    const result = await runAssistantTool(cleaner(), "find_houses", JSON.stringify({ date: "2026-11-27" }));
    const houses = (result.data as { houses: { address: string; brigade: number }[] }).houses;
    expect(houses.map((house) => house.address)).toEqual(await housesOf(3, "2026-11-27"));
    expect(new Set(houses.map((house) => house.brigade))).toEqual(new Set([3]));
  });

  it("refuses another brigade and hides other brigades' houses", async () => {
    expect((await runAssistantTool(cleaner(), "find_houses", JSON.stringify({ brigade: 5 }))).data).toEqual({
      error: "Вам доступны только дома своей бригады",
    });
    expect((await runAssistantTool(cleaner(), "get_house_schedule", JSON.stringify({ house_id: 1 }))).data).toEqual({
      error: "Дом не найден",
    });
    expect((await runAssistantTool(cleaner(), "get_day_stats", JSON.stringify({ brigade: 1 }))).data).toEqual({
      error: "Вам доступны только дома своей бригады",
    });
  });

  it("reports bad arguments to the model instead of failing", async () => {
    expect((await runAssistantTool(cleaner(), "find_houses", "{не json")).data).toEqual({
      error: "Аргументы не в формате JSON",
    });
    expect((await runAssistantTool(cleaner(), "get_day_stats", JSON.stringify({ date: "завтра" }))).data).toMatchObject(
      { error: expect.stringContaining("date") },
    );
    expect((await runAssistantTool(cleaner(), "drop_tables", "{}")).data).toEqual({
      error: "Нет такого инструмента: drop_tables",
    });
  });

  it("passes the refusal through the model to the cleaner", async () => {
    fake.behaviour.chat = callToolThenSummarise({ name: "find_houses", arguments: { brigade: 5, date: "2026-11-27" } });
    const reply = await createAssistantService(ctx).ask({
      principal: CLEANER_OF_THIRD,
      message: "дома 5 бригады завтра",
    });
    expect(reply.answer).toBe("Не получилось: Вам доступны только дома своей бригады");
    expect(reply.sources).toEqual([]);
  });
});

describe("POST /api/ai/chat", () => {
  it("answers JSON with the conversation id", async () => {
    fake.behaviour.chat = () => ({ content: "Готово" });
    const response = await request(app).post("/api/ai/chat").set("Authorization", "demo").send({ message: "привет" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ answer: "Готово", mode: "llm", sources: [], actions: [] });
    expect(response.body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("streams tokens as server-sent events, then the full answer", async () => {
    fake.behaviour.chat = callToolThenSummarise({ name: "find_houses", arguments: { brigade: 3, date: "2026-11-27" } });
    const response = await request(app)
      .post("/api/ai/chat?stream=1")
      .set("Authorization", "demo")
      .send({ message: "дома 3 бригады завтра" })
      .buffer(true)
      .parse((res, done) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => done(null, text));
      });
    expect(response.headers["content-type"]).toContain("text/event-stream");
    const events = (response.body as string)
      .trim()
      .split("\n\n")
      .map((block) => ({
        event: block.match(/^event: (.+)$/m)![1],
        data: JSON.parse(block.match(/^data: (.+)$/m)![1]!),
      }));
    const tokens = events
      .filter((event) => event.event === "token")
      .map((event) => event.data.text)
      .join("");
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect(tokens).toBe(done.data.answer);
    expect(done.data.answer).toContain((await housesOf(3, "2026-11-27"))[0]);
    expect(fake.chatRequests.every((chat) => chat.stream === true)).toBe(true);
  });

  it("rejects an empty question and requires a login", async () => {
    const empty = await request(app).post("/api/ai/chat").set("Authorization", "demo").send({ message: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain("вопрос пустой");
    expect((await request(app).post("/api/ai/chat").send({ message: "привет" })).status).toBe(401);
  });

  it("is documented in /openapi.json", async () => {
    const { body } = await request(app).get("/openapi.json");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/api/ai/chat", "/api/voice/transcribe", "/api/voice/speak"]),
    );
  });

  it("reports the model in the health check", async () => {
    const health = await request(app).get("/api/health").set("Authorization", "demo");
    expect(health.body.components.llm).toMatchObject({ status: "ok", reason: expect.stringContaining("gpt-4o-mini") });
    expect(health.body.components.stt.status).toBe("ok");
  });
});
