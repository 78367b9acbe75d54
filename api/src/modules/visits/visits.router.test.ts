import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { today } from "../../lib/dates.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { signInitData, TEST_BOT_TOKEN } from "../../testing/test-app.ts";
import { createDemoTestDatabase, createTestContext, TEST_NOW } from "../../testing/test-db.ts";
import { createVisitsRouter, VISITS_MOUNT } from "./visits.router.ts";

const MANAGER = 700_301;
const CLEANER = 700_302;
let db: Database;
let ctx: ServiceContext;
let app: ReturnType<typeof createApp>["app"];
let day: string;
let cleanerBrigadeId: number;

const as = (userId: number) => `tma ${signInitData(userId)}`;
const post = (path: string, userId = MANAGER) =>
  request(app).post(`/api/visits${path}`).set("Authorization", as(userId));
const visitRow = async (id: number) =>
  (
    await db.query<{ status: string; started_at: Date | null; finished_at: Date | null }>(
      `SELECT status::text, started_at, finished_at FROM cleaning_visits WHERE id = $1`,
      [id],
    )
  )[0]!;

/** A visit of today in the given status, of a house of the given brigade (or any). */
async function todayVisit(status: string, brigadeId?: number, isOther = false): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `SELECT v.id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
      WHERE v.date = $1::date AND v.status = $2::"VisitStatus" AND NOT h.is_archived
        AND ($3::int IS NULL OR (h.brigade_id = $3) <> $4) ORDER BY v.id LIMIT 1`,
    [day, status, brigadeId ?? null, isOther],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  const env = { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, REPORT_CHAT_ID: "-100500" };
  day = today(createTestContext(null as never, env).config.timeZone, TEST_NOW);
  db = await createDemoTestDatabase(day);
  ctx = createTestContext(db, env);
  const [brigade] = await db.query<{ id: number }>(
    `SELECT brigade_id AS id FROM houses WHERE brigade_id IS NOT NULL ORDER BY brigade_id LIMIT 1`,
  );
  cleanerBrigadeId = brigade!.id;
  await db.query(
    `INSERT INTO employees (name, role, telegram_id, brigade_id, updated_at) VALUES ('Ирина Менеджер', 'manager', $1, NULL, now()), ('Пётр Уборщик', 'cleaner', $2, $3, now())`,
    [MANAGER, CLEANER, cleanerBrigadeId],
  );
  const router = createVisitsRouter(ctx, new OpenAPIRegistry());
  ({ app } = createApp({ ctx, hasVector: false, miniAppDir: null, apiRouters: [{ mount: VISITS_MOUNT, router }] }));
});

afterAll(async () => {
  await db?.close();
});

describe("GET /api/visits/today", () => {
  it("lists today's visits in the company's day; a cleaner sees only their brigade's", async () => {
    const office = await request(app).get("/api/visits/today").set("Authorization", as(MANAGER));
    expect(office.status).toBe(200);
    expect(office.body.date).toBe(day);
    expect(office.body.items.length).toBeGreaterThan(0);
    const own = await request(app).get("/api/visits/today").set("Authorization", as(CLEANER));
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(
      own.body.items.every((visit: { brigade: { id: number } | null }) => visit.brigade?.id === cleanerBrigadeId),
    ).toBe(true);
    expect(own.body.items.length).toBeLessThan(office.body.items.length);
  });
});

describe("POST /api/visits/:visitId/start and /finish", () => {
  it("start twice (a replayed offline tap) starts once: the second changes nothing", async () => {
    const id = await todayVisit("planned");
    const first = await post(`/${id}/start`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ visit: { id, status: "in_progress" }, isChanged: true });
    const startedAt = (await visitRow(id)).started_at;
    const again = await post(`/${id}/start`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ visit: { id, status: "in_progress" }, isChanged: false });
    expect((await visitRow(id)).started_at).toEqual(startedAt);
  });

  it("finish twice finishes once and queues one report post", async () => {
    const id = await todayVisit("in_progress");
    await db.query(`UPDATE cleaning_visits SET photos = ARRAY['photo-file-1'] WHERE id = $1`, [id]);
    const first = await post(`/${id}/finish`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ visit: { id, status: "done" }, isChanged: true });
    const finishedAt = (await visitRow(id)).finished_at;
    const again = await post(`/${id}/finish`);
    expect(again.status).toBe(200);
    expect(again.body.isChanged).toBe(false);
    expect((await visitRow(id)).finished_at).toEqual(finishedAt);
    const posts = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM visit_report_posts WHERE visit_id = $1`,
      [id],
    );
    expect(posts[0]!.count).toBe(1);
  });

  it("refuses with coded 409s what the visit flow refuses: no photo, not started, already done", async () => {
    const noPhoto = await todayVisit("in_progress");
    await db.query(`UPDATE cleaning_visits SET photos = '{}' WHERE id = $1`, [noPhoto]);
    const refused = await post(`/${noPhoto}/finish`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("photo_required");
    expect((await visitRow(noPhoto)).status).toBe("in_progress");

    const planned = await todayVisit("planned");
    expect((await post(`/${planned}/finish`)).body.error.code).toBe("visit_not_started");
    const done = await todayVisit("done");
    const restart = await post(`/${done}/start`);
    expect(restart.status).toBe(409);
    expect(restart.body.error).toEqual({ code: "visit_done", message: "Эта уборка уже завершена" });
  });

  it("answers 404 for another brigade's visit to a cleaner, and 400 for a bad id", async () => {
    const other = await todayVisit("planned", cleanerBrigadeId, true);
    const res = await post(`/${other}/start`, CLEANER);
    expect(res.status).toBe(404);
    expect((await visitRow(other)).status).toBe("planned");
    for (const bad of ["abc", "0", "2147483648", "1.5"]) {
      const answer = await post(`/${bad}/start`);
      expect(answer.status, bad).toBe(400);
      expect(answer.body.error.code, bad).toBe("validation_error");
    }
  });
});
