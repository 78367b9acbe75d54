import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../app.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createPostgresTestDatabase, createTestContext, seedDemo } from "../../testing/test-db.ts";
import { createTasksFeature } from "../tasks/tasks.feature.ts";
import { createAssistantFeature } from "./assistant.feature.ts";

describe("a reminder asked in the mini-app chat (offline assistant)", () => {
  let app: Parameters<typeof request>[0];
  let drop: () => Promise<void>;
  let db: Awaited<ReturnType<typeof createPostgresTestDatabase>>["db"];

  beforeAll(async () => {
    ({ db, drop } = await createPostgresTestDatabase());
    await seedDemo(db);
    const ctx = createTestContext(db);
    const registry = new OpenAPIRegistry();
    const scheduler = {
      register: () => undefined,
      start: async () => undefined,
      stop: async () => undefined,
      runNow: async () => undefined,
    };
    const deps = { ctx, registry, hasVector: false, scheduler };
    const features = [
      await createAssistantFeature({ assistant: { openai: null } })(deps),
      createTasksFeature(deps, { sender: null }),
    ];
    app = createApp({
      ctx,
      hasVector: false,
      registry,
      miniAppDir: null,
      apiRouters: features.flatMap((f) => f.apiRouters ?? []),
    }).app;
  });
  afterAll(() => drop());

  it("answers with one «Создать напоминание» per brigade, and confirming one creates exactly that reminder", async () => {
    const chat = await request(app)
      .post("/api/ai/chat")
      .set("Authorization", "demo")
      .send({ message: "Напомни всем бригадам завтра в 9:00 взять ключи" });
    expect(chat.status).toBe(200);
    const tasks = chat.body.actions.filter((a: { type: string }) => a.type === "create_task");
    const brigades = await db.prisma.brigade.count();
    expect(tasks).toHaveLength(brigades);
    expect(tasks[0]).toMatchObject({
      task: { text: "Взять ключи", target: { brigadeId: expect.any(Number) }, at: "2026-11-27T06:00:00.000Z" },
    });
    expect(tasks[0].label).toMatch(/бригаде 27\.11 в 09:00: Взять ключи$/);
    expect(await db.prisma.task.count({ where: { builtinKey: null } })).toBe(0);

    const created = await request(app).post("/api/ai-tasks").set("Authorization", "demo").send(tasks[0].task);
    expect(created.status).toBe(201);
    const saved = await db.prisma.task.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(saved).toMatchObject({
      text: "Взять ключи",
      targetBrigadeId: tasks[0].task.target.brigadeId,
      nextRunAt: new Date("2026-11-27T06:00:00Z"),
    });
  });

  it("offers nothing to confirm for a question that is not a reminder", async () => {
    const chat = await request(app)
      .post("/api/ai/chat")
      .set("Authorization", "demo")
      .send({ message: "Сколько всего домов?" });
    expect(chat.body.actions.filter((a: { type: string }) => a.type === "create_task")).toEqual([]);
  });
});
