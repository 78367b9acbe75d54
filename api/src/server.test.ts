import { afterEach, describe, expect, it } from "vitest";
import { startFakeBotApi } from "../../bot/src/testing/fake-bot-api.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { ensureDemoData, startServer } from "./server.ts";
import {
  createPostgresTestDatabase,
  createTestConfig,
  createTestContext,
  createTestDatabase,
} from "./testing/test-db.ts";

describe("demo data", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("seeds the embedded database on first start only", async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.close());
    const ctx = createTestContext(db);
    expect(await ensureDemoData(ctx)).toBe(true);
    const [first] = await db.query<{ houses: number; visits: number }>(
      `SELECT (SELECT count(*)::int FROM houses) AS houses, (SELECT count(*)::int FROM cleaning_visits) AS visits`,
    );
    expect(first!.houses).toBe(500);
    expect(first!.visits).toBeGreaterThan(4000);
    expect(await ensureDemoData(ctx)).toBe(false);
    const [again] = await db.query<{ houses: number }>(`SELECT count(*)::int AS houses FROM houses`);
    expect(again!.houses).toBe(500);
  });

  it("does not seed demo houses next to a real CRM", async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.close());
    const ctx = createTestContext(db, { BITRIX24_WEBHOOK_URL: "https://portal.bitrix24.ru/rest/1/token/" });
    expect(await ensureDemoData(ctx)).toBe(false);
    expect(await db.prisma.house.count()).toBe(0);
  });

  it("never seeds a DATABASE_URL database, and runs there without pgvector", async () => {
    const pg = await createPostgresTestDatabase();
    cleanups.push(pg.drop);
    expect((await migrateDatabase(pg.db)).hasVector).toBe(false);
    const ctx = createTestContext(pg.db, { DATABASE_URL: pg.url });
    expect(await ensureDemoData(ctx)).toBe(false);
    const [row] = await pg.db.query<{ houses: number }>(`SELECT count(*)::int AS houses FROM houses`);
    expect(row!.houses).toBe(0);
  });

  it("starts the whole server on an embedded database, bootstraps admins and listens", async () => {
    const db = await createTestDatabase();
    const config = createTestConfig({ PORT: "0", ADMIN_TELEGRAM_IDS: "111,222" });
    const running = await startServer(config, { db, miniAppDir: null, features: [] });
    cleanups.push(async () => {
      await running.close();
      await db.close();
    });
    const health = (await fetch(`${running.url}/api/health`).then((r) => r.json())) as {
      components: { db: { status: string } };
    };
    expect(health.components.db.status).toBe("ok");
    const admins = await db.prisma.employee.findMany({ where: { role: "admin", telegramId: { in: [111n, 222n] } } });
    expect(admins).toHaveLength(2);
  });

  it("documents every feature's endpoint in the served OpenAPI document", async () => {
    const fake = await startFakeBotApi();
    const db = await createTestDatabase();
    const config = createTestConfig({
      PORT: "0",
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: "secret_1",
    });
    const running = await startServer(config, { db, miniAppDir: null });
    cleanups.push(async () => {
      await running.close();
      await db.close();
      await fake.close();
    });
    const doc = (await fetch(`${running.url}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const endpoints = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(endpoints).toEqual(
      expect.arrayContaining([
        "POST /api/ai/chat",
        "POST /api/logistics/route",
        "POST /api/logistics/plan",
        "GET /api/acts",
        "GET /api/houses/{id}/photos",
        "POST /api/meetings",
        "GET /api/visits/today",
        "POST /api/voice/token",
        "GET /api/knowledge/ocr-jobs",
        "POST /api/voice/transcribe",
        "POST /api/voice/speak",
        "POST /api/ai-tasks",
        "GET /api/ai-tasks",
        "PATCH /api/ai-tasks/{id}",
        "GET /api/crm/sync/status",
        "POST /api/crm/bitrix/events",
        "POST /api/knowledge/upload",
        "GET /api/knowledge/search",
        "GET /api/knowledge/pending",
        "POST /api/knowledge/confirm",
        "POST /api/knowledge/reject",
        "GET /api/knowledge/documents",
        "DELETE /api/knowledge/documents/{id}",
        "POST /telegram/webhook",
        "GET /api/employees",
      ]),
    );
  });
});
