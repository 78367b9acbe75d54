import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFullTestApp, ROLE_USERS, type FullTestApp } from "../../../fuzz/full-app.ts";
import { startFakeRealtime, type FakeRealtime } from "../../../testing/fake-realtime.ts";

const REALTIME_KEY = "sk-server-only-realtime-key-0123456789";

let fake: FakeRealtime;
let live: FullTestApp;
let off: FullTestApp;

beforeAll(async () => {
  fake = await startFakeRealtime({ apiKey: REALTIME_KEY });
  [live, off] = await Promise.all([
    createFullTestApp({ env: { OPENAI_REALTIME_MODEL: "gpt-realtime", OPENAI_API_KEY: REALTIME_KEY, OPENAI_BASE_URL: fake.baseUrl } }),
    // Off, with a per-user budget of three costly calls a minute.
    createFullTestApp({ env: { RATE_LIMIT_COSTLY_PER_MINUTE: "3" } }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([live?.close(), off?.close()]);
  await fake?.close();
});

const post = (app: FullTestApp, role: keyof typeof ROLE_USERS, path: string, body: object) =>
  request(app.app).post(path).set("Authorization", app.authorization(role)).send(body);

async function brigadeOf(app: FullTestApp, role: keyof typeof ROLE_USERS) {
  const employee = await app.ctx.db.prisma.employee.findFirstOrThrow({ where: { telegramId: ROLE_USERS[role] }, include: { brigade: true } });
  return employee.brigade!;
}

describe("POST /api/voice/token", () => {
  it("mints a short-lived client secret with the role's tools and Russian rules, and never returns the server's key", async () => {
    const response = await post(live, "manager", "/api/voice/token", {});
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["callsUrl", "clientSecret", "conversationId", "expiresAt", "model", "sessionId"]);
    expect(response.body.clientSecret).toMatch(/^ek_/);
    expect(response.body.model).toBe("gpt-realtime");
    expect(response.body.callsUrl).toBe(`${fake.baseUrl}/realtime/calls`);
    // The whole response, headers included, holds no trace of the key.
    expect(response.text).not.toContain(REALTIME_KEY);
    expect(JSON.stringify(response.headers)).not.toContain(REALTIME_KEY);
    expect(response.headers["cache-control"]).toBe("no-store");
    const ttl = (Date.parse(response.body.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);

    const sent = fake.secretRequests.at(-1)!;
    expect(sent.expires_after).toEqual({ anchor: "created_at", seconds: 300 });
    expect(sent.session?.type).toBe("realtime");
    expect(sent.session?.model).toBe("gpt-realtime");
    expect(sent.session?.instructions).toContain("Никогда не придумывай");
    expect(sent.session?.instructions).toContain("роль — менеджер");
    expect(sent.session?.audio?.input?.transcription).toEqual({ model: "whisper-1", language: "ru" });
    expect(sent.session?.audio?.output?.voice).toBe("alloy");
    expect(sent.session?.tools?.map((tool) => tool.name)).toEqual(expect.arrayContaining(["find_houses", "get_day_stats", "search_knowledge"]));
  });

  it("answers 503 realtime_not_configured when OPENAI_REALTIME_MODEL is unset, and limits each user's calls", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await post(off, "brigade_lead", "/api/voice/token", {});
      statuses.push(response.status);
      if (i === 0) {
        expect(response.body.error.code).toBe("realtime_not_configured");
        expect(response.body.error.message).toContain("OPENAI_REALTIME_MODEL");
      }
    }
    expect(statuses).toEqual([503, 503, 503, 429]);
    // The budget is per user: the manager still has theirs.
    expect((await post(off, "manager", "/api/voice/token", {})).status).toBe(503);
    const capabilities = await request(off.app).get("/api/voice/capabilities").set("Authorization", off.authorization("cleaner"));
    expect(capabilities.body).toEqual({ stt: false, realtime: false });
  });
});

describe("POST /api/voice/tools", () => {
  it("runs a cleaner's tool calls with the cleaner's scope: another brigade stays closed", async () => {
    const own = await brigadeOf(live, "cleaner");
    const other = await live.ctx.db.prisma.brigade.findFirstOrThrow({ where: { id: { not: own.id } } });
    const { sessionId } = (await post(live, "cleaner", "/api/voice/token", {})).body as { sessionId: string };
    expect(fake.secretRequests.at(-1)!.session?.instructions).toContain("только дома своей бригады");

    const foreign = await post(live, "cleaner", "/api/voice/tools", { sessionId, callId: "call_1", name: "find_houses", arguments: JSON.stringify({ brigade: other.number }) });
    expect(foreign.status).toBe(200);
    expect(JSON.parse(foreign.body.output)).toEqual({ error: "Вам доступны только дома своей бригады" });

    const mine = await post(live, "cleaner", "/api/voice/tools", { sessionId, callId: "call_2", name: "find_houses", arguments: JSON.stringify({ limit: 50 }) });
    const houses = JSON.parse(mine.body.output).houses as { brigade: number }[];
    expect(houses.length).toBeGreaterThan(0);
    expect(new Set(houses.map((house) => house.brigade))).toEqual(new Set([own.number]));
    expect(mine.body.callId).toBe("call_2");
  });

  it("refuses a tool the session was not given, and sessions of other people", async () => {
    const { sessionId } = (await post(live, "cleaner", "/api/voice/token", {})).body as { sessionId: string };
    const unknown = await post(live, "cleaner", "/api/voice/tools", { sessionId, callId: "call_3", name: "delete_all_houses", arguments: "{}" });
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.code).toBe("tool_forbidden");

    const stolen = await post(live, "brigade_lead", "/api/voice/tools", { sessionId, callId: "call_4", name: "find_houses", arguments: "{}" });
    expect(stolen.status).toBe(404);
    const forged = await post(live, "cleaner", "/api/voice/tools", { sessionId: "../../etc", callId: "call_5", name: "find_houses" });
    expect(forged.status).toBe(400);
  });
});

describe("POST /api/voice/turns", () => {
  it("saves the live conversation as an assistant conversation of its owner", async () => {
    const token = (await post(live, "manager", "/api/voice/token", {})).body as { sessionId: string; conversationId: string };
    const saved = await post(live, "manager", "/api/voice/turns", { sessionId: token.sessionId, question: "Что у нас сегодня?", answer: "Сегодня двенадцать уборок." });
    expect(saved.status).toBe(200);
    expect(saved.body.conversationId).toBe(token.conversationId);
    const messages = await live.ctx.db.prisma.assistantMessage.findMany({ where: { conversationId: token.conversationId }, orderBy: { id: "asc" } });
    expect(messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "Что у нас сегодня?"],
      ["assistant", "Сегодня двенадцать уборок."],
    ]);
    expect((await post(live, "cleaner", "/api/voice/turns", { sessionId: token.sessionId, question: "а", answer: "б" })).status).toBe(404);
  });
});
