import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { signInitData, TEST_BOT_TOKEN } from "../../testing/test-app.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { ensureBuiltinTasks, composeBrigadeDigest } from "./builtin-tasks.ts";
import { createTasksRouter } from "./tasks.router.ts";

const NOW = new Date("2026-11-25T10:00:00Z"); // Wednesday 13:00 Moscow
// PostgreSQL rather than PGlite: a fresh schema there is ready in a fraction of PGlite's start-up.
let db: Database;
let drop: () => Promise<void>;

function appWith(env: Record<string, string> = {}) {
  const ctx = createTestContext(db, env, fixedClock(NOW));
  const router = createTasksRouter(ctx, new OpenAPIRegistry());
  return {
    ctx,
    app: createApp({ ctx, hasVector: false, miniAppDir: null, apiRouters: [{ mount: "/ai-tasks", router }] }).app,
  };
}

beforeAll(async () => {
  ({ db, drop } = await createPostgresTestDatabase());
  await db.exec(`
    INSERT INTO brigades (id, number, name, updated_at) VALUES (1, 2, 'Бригада 2', now()), (2, 3, 'Бригада 3', now());
    INSERT INTO employees (id, name, role, brigade_id, telegram_id, updated_at) VALUES
      (101, 'Иванов Пётр', 'cleaner', 2, 555001, now());
    SELECT setval('employees_id_seq', 200);
    INSERT INTO houses (title, address, brigade_id, updated_at) VALUES ('Б6', 'Билибина 6', 1, now()), ('Л3', 'Ленина 3', 1, now());
    INSERT INTO cleaning_visits (house_id, date, kind, updated_at) SELECT id, '2026-11-26', 'wet_all_floors', now() FROM houses;`);
});

afterAll(async () => {
  await drop?.();
});

describe("POST /api/ai-tasks", () => {
  let app: ReturnType<typeof appWith>["app"];
  beforeAll(() => {
    ({ app } = appWith());
  });
  const post = (body: object) => request(app).post("/api/ai-tasks").set("Authorization", "demo").send(body);

  it("creates a task from explicit fields", async () => {
    const response = await post({ text: "Взять ключи", target: { brigadeId: 1 }, at: "2026-11-26T08:30:00+03:00" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      text: "Взять ключи",
      target: { brigadeId: 1 },
      targetLabel: "2 бригаде",
      nextRunAt: "2026-11-26T05:30:00.000Z",
      cron: null,
      status: "scheduled",
    });
  });

  it("creates a task from a Russian request at once", async () => {
    const response = await post({ request: "Напомни 2 бригаде завтра в 8:30 взять ключи от подвала на Билибина 6" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      text: "Взять ключи от подвала на Билибина 6",
      target: { brigadeId: 1 },
      nextRunAt: "2026-11-26T05:30:00.000Z",
    });
  });

  it("stores a recurrence as cron with its next run in Moscow time", async () => {
    const response = await post({ request: "Напоминай 3 бригаде каждый будний день в 8:00 проверить инвентарь" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ cron: "0 8 * * 1-5", nextRunAt: "2026-11-26T05:00:00.000Z" });
  });

  it("says clearly what is wrong: past time, unknown target, unparseable request", async () => {
    const past = await post({ text: "x", target: { chatId: "-100123" }, at: "2026-11-25T09:00:00+03:00" });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ code: "task_time_past", message: "Это время уже прошло" });
    const unknown = await post({ text: "x", target: { employeeId: 9999 }, at: "2026-11-26T09:00:00+03:00" });
    expect(unknown.body.error.code).toBe("task_target_unknown");
    const vague = await post({ request: "напомни мне что-нибудь" });
    expect(vague.body.error.code).toBe("task_time_unknown");
    const badCron = await post({ text: "x", target: { brigadeId: 1 }, cron: "каждый день" });
    expect(badCron.body.error.code).toBe("task_cron_invalid");
  });
});

describe("GET and PATCH /api/ai-tasks", () => {
  let app: ReturnType<typeof appWith>["app"];
  beforeAll(() => {
    ({ app } = appWith());
  });

  it("lists with filters, reschedules and cancels", async () => {
    const created = await request(app)
      .post("/api/ai-tasks")
      .set("Authorization", "demo")
      .send({ text: "Планёрка", target: { chatId: -100777 }, at: "2026-11-27T09:00:00+03:00" });
    const id = created.body.id as number;
    const list = await request(app).get("/api/ai-tasks?chatId=-100777").set("Authorization", "demo");
    expect(list.body.items.map((t: { id: number }) => t.id)).toEqual([id]);

    const moved = await request(app)
      .patch(`/api/ai-tasks/${id}`)
      .set("Authorization", "demo")
      .send({ at: "2026-11-28T10:00:00+03:00" });
    expect(moved.body).toMatchObject({ nextRunAt: "2026-11-28T07:00:00.000Z", status: "scheduled" });

    const cancelled = await request(app)
      .patch(`/api/ai-tasks/${id}`)
      .set("Authorization", "demo")
      .send({ status: "cancelled" });
    expect(cancelled.body.status).toBe("cancelled");
    const scheduled = await request(app).get("/api/ai-tasks?status=cancelled").set("Authorization", "demo");
    expect(scheduled.body.items.map((t: { id: number }) => t.id)).toContain(id);
  });

  it("a cleaner may remind themselves but not a brigade", async () => {
    const { app: signed } = appWith({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN });
    const auth = `tma ${signInitData(555001)}`;
    const mine = await request(signed)
      .post("/api/ai-tasks")
      .set("Authorization", auth)
      .send({ request: "напомни мне через 2 часа сдать ключи" });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ target: { employeeId: 101 }, nextRunAt: "2026-11-25T12:00:00.000Z" });
    const brigade = await request(signed)
      .post("/api/ai-tasks")
      .set("Authorization", auth)
      .send({ request: "напомни 2 бригаде завтра в 9 ключи" });
    expect(brigade.status).toBe(403);
    const list = await request(signed).get("/api/ai-tasks").set("Authorization", auth);
    expect(list.body.items.map((t: { id: number }) => t.id)).toEqual([mine.body.id]);
  });

  it("a lead moved to another brigade can no longer edit the old brigade's reminder", async () => {
    await db.exec(
      `INSERT INTO employees (id, name, role, brigade_id, telegram_id, updated_at) VALUES (102, 'Смирнов Олег', 'brigade_lead', 1, 555002, now())`,
    );
    const { app: signed } = appWith({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN });
    const auth = `tma ${signInitData(555002)}`;
    const created = await request(signed)
      .post("/api/ai-tasks")
      .set("Authorization", auth)
      .send({ text: "Ключи от Билибина 6", target: { brigadeId: 1 }, at: "2026-11-27T09:00:00+03:00" });
    expect(created.status).toBe(201);
    const own = await request(signed)
      .patch(`/api/ai-tasks/${created.body.id}`)
      .set("Authorization", auth)
      .send({ text: "Ключи у консьержа" });
    expect(own.status).toBe(200);

    await db.exec(`UPDATE employees SET brigade_id = 2 WHERE id = 102`);
    for (const body of [{ text: "Спам" }, { cron: "*/1 * * * *" }, { status: "cancelled" }]) {
      const refused = await request(signed)
        .patch(`/api/ai-tasks/${created.body.id}`)
        .set("Authorization", auth)
        .send(body);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("forbidden");
    }
    const row = await db.prisma.task.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row).toMatchObject({ text: "Ключи у консьержа", cron: null, status: "scheduled" });
  });
});

describe("built-in daily tasks", () => {
  it("each brigade gets a digest and a планёрка reminder, once however often start-up runs", async () => {
    const { ctx } = appWith({ DIGEST_TIME: "07:30", PLANERKA_CRON: "45 8 * * 1-5" });
    expect(await ensureBuiltinTasks(ctx)).toEqual({ created: 4, updated: 0 });
    expect(await ensureBuiltinTasks(ctx)).toEqual({ created: 0, updated: 0 });
    const rows = await db.query<{ builtin_key: string; cron: string; next_run_at: Date }>(
      `SELECT builtin_key, cron, next_run_at FROM tasks WHERE builtin_key LIKE '%brigade:1' ORDER BY builtin_key`,
    );
    expect(rows).toEqual([
      { builtin_key: "digest:brigade:1", cron: "30 7 * * *", next_run_at: new Date("2026-11-26T04:30:00Z") },
      { builtin_key: "planerka:brigade:1", cron: "45 8 * * 1-5", next_run_at: new Date("2026-11-26T05:45:00Z") },
    ]);
    const { ctx: changed } = appWith({ DIGEST_TIME: "08:00", PLANERKA_CRON: "off" });
    expect(await ensureBuiltinTasks(changed)).toEqual({ created: 0, updated: 4 });
  });

  it("the digest names today's houses of the brigade", async () => {
    const { ctx } = appWith();
    expect(await composeBrigadeDigest(ctx, 1, new Date("2026-11-26T04:30:00Z"))).toBe(
      "Сегодня у 2 бригады 2 дома: Билибина 6; Ленина 3",
    );
    expect(await composeBrigadeDigest(ctx, 2, new Date("2026-11-26T04:30:00Z"))).toBe(
      "Сегодня у 3 бригады уборок по плану нет.",
    );
  });
});
