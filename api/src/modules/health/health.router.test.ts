import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { signInitData, TEST_BOT_TOKEN } from "../../testing/test-app.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";

describe("GET /api/health", () => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createApp>["app"];

  beforeAll(async () => {
    ({ db, drop } = await createPostgresTestDatabase());
    await db.exec(`
      INSERT INTO employees (name, role, telegram_id, updated_at) VALUES
        ('Админ', 'admin', 880001, now()), ('Менеджер', 'manager', 880002, now()), ('Уборщица', 'cleaner', 880003, now())`);
    const ctx = createTestContext(db, {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      OPENAI_API_KEY: "sk-test",
      LLM_MODEL: "secret-model-7b",
    });
    const healthChecks = {
      crm: () => {
        throw new Error("Bitrix24 answered 401 for https://portal.bitrix24.ru/rest/1/s3cr3t/");
      },
      reminders: () => ({ status: "ok" as const, reason: "12 напоминаний в очереди" }),
    };
    ({ app } = createApp({ ctx, hasVector: false, miniAppDir: null, healthChecks }));
  });
  afterAll(() => drop?.());

  const withAuth = (userId: number) =>
    request(app)
      .get("/api/health")
      .set("Authorization", `tma ${signInitData(userId)}`);

  it("tells the public only up or down per component", async () => {
    const res = await request(app).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("degraded");
    expect(res.body.components).toEqual({
      db: { status: "ok" },
      vector: { status: "off" },
      telegram: { status: "ok" },
      crm: { status: "error" },
      llm: { status: "ok" },
      reminders: { status: "ok" },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/s3cr3t|secret-model|напоминаний/);
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("shows the reasons to an admin with a valid login, and to nobody else", async () => {
    const admin = await withAuth(880001).expect(200);
    expect(admin.body.components.crm).toEqual({ status: "error", reason: expect.stringContaining("401") });
    expect(admin.body.components.llm.reason).toContain("secret-model-7b");
    expect(admin.body.components.reminders.reason).toBe("12 напоминаний в очереди");

    for (const res of [
      await withAuth(880002),
      await withAuth(880003),
      await withAuth(999999),
      await request(app).get("/api/health").set("Authorization", "tma broken"),
    ]) {
      expect(res.status).toBe(200);
      expect(res.body.components.crm).toEqual({ status: "error" });
      expect(res.body.components.llm).toEqual({ status: "ok" });
    }
    const forged = await request(app)
      .get("/api/health")
      .set("Authorization", `tma ${signInitData(880001, { token: "654321:OTHER" })}`);
    expect(forged.body.components.llm).toEqual({ status: "ok" });
  });
});
