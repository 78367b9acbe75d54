import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthRange, monthOf, today, weekOf } from "../../lib/dates.ts";
import { createDemoTestApp, ENGINES, type TestApp } from "../../testing/test-app.ts";

describe.each(ENGINES)("dashboard API on %s", (engine) => {
  let t: TestApp;
  let day: string;
  const get = (url: string) => request(t.app).get(url).set("Authorization", "demo");

  beforeAll(async () => {
    t = await createDemoTestApp(engine);
    day = today(t.ctx.config.timeZone, t.ctx.clock.now());
  });
  afterAll(() => t.close());

  it("partitions today's visits by status, and the parts add up to all of today's visits", async () => {
    const res = await get("/api/dashboard/stats");
    expect(res.status).toBe(200);
    const rows = await t.db.query<{ status: string; count: number }>(
      `SELECT status::text, count(*)::int AS count FROM cleaning_visits WHERE date = $1::date GROUP BY status`,
      [day],
    );
    const count = (status: string) => rows.find((r) => r.status === status)?.count ?? 0;
    expect(res.body.today).toEqual({
      date: day,
      planned: count("planned"),
      inProgress: count("in_progress"),
      done: count("done"),
      missed: count("missed"),
    });
    const sum = res.body.today.planned + res.body.today.inProgress + res.body.today.done + res.body.today.missed;
    expect(sum).toBe(rows.reduce((total, row) => total + row.count, 0));
    expect(sum).toBeGreaterThan(0);
  });

  it("totals houses, apartments, entrances, brigades and companies from the data", async () => {
    const res = await get("/api/dashboard/stats");
    const [totals] = await t.db.query<{ houses: number; apartments: number; entrances: number }>(
      `SELECT count(*)::int AS houses, sum(apartments)::int AS apartments, sum(entrances)::int AS entrances FROM houses`,
    );
    expect(res.body.totals).toEqual({ ...totals, brigades: 7, managementCompanies: 10 });
    const stageSum = res.body.byStage.reduce((total: number, s: { count: number }) => total + s.count, 0);
    expect(stageSum).toBe(500);
    expect(res.body.byStage.find((s: { stageId: string }) => s.stageId === "C34:EXECUTING").title).toBe(
      "Обслуживается",
    );
  });

  it("shows planned vs done per day for the current calendar week by default and any range on request", async () => {
    const week = weekOf(day);
    const res = await get("/api/dashboard/stats");
    expect(res.body.range).toEqual(week);
    expect(res.body.byDay.map((d: { date: string }) => d.date)).toHaveLength(7);
    const month = monthRange(monthOf(day));
    const ranged = await get(`/api/dashboard/stats?date_from=${month.from}&date_to=${month.to}`);
    const [{ planned, done }] = (await t.db.query<{ planned: number; done: number }>(
      `SELECT count(*)::int AS planned, count(*) FILTER (WHERE status = 'done')::int AS done
         FROM cleaning_visits WHERE date BETWEEN $1::date AND $2::date`,
      [month.from, month.to],
    )) as [{ planned: number; done: number }];
    const sums = ranged.body.byDay.reduce(
      (acc: { planned: number; done: number }, d: { planned: number; done: number }) => ({
        planned: acc.planned + d.planned,
        done: acc.done + d.done,
      }),
      { planned: 0, done: 0 },
    );
    expect(sums).toEqual({ planned, done });
  });

  it("narrows every figure to a brigade", async () => {
    const [brigade] = await t.db.query<{ id: number; houses: number }>(
      `SELECT brigade_id AS id, count(*)::int AS houses FROM houses GROUP BY 1 ORDER BY 1 LIMIT 1`,
    );
    const res = await get(`/api/dashboard/stats?brigade=${brigade!.id}`);
    expect(res.body.totals.houses).toBe(brigade!.houses);
    expect(res.body.totals.brigades).toBe(1);
    const [{ count }] = (await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM cleaning_visits v JOIN houses h ON h.id = v.house_id WHERE v.date = $1::date AND h.brigade_id = $2`,
      [day, brigade!.id],
    )) as [{ count: number }];
    const today = res.body.today;
    expect(today.planned + today.inProgress + today.done + today.missed).toBe(count);
  });

  it("shows a finished visit at once (the read cache follows every committed change)", async () => {
    const before = (await get("/api/dashboard/stats")).body.today;
    expect(before.planned + before.inProgress).toBeGreaterThan(0);
    const [visit] = await t.db.query<{ id: number }>(
      `SELECT id FROM cleaning_visits WHERE date = $1::date AND status IN ('planned', 'in_progress') ORDER BY id LIMIT 1`,
      [day],
    );
    await t.db.query(`UPDATE cleaning_visits SET status = 'done' WHERE id = $1`, [visit!.id]);
    const after = (await get("/api/dashboard/stats")).body.today;
    expect(after.done).toBe(before.done + 1);
    expect(after.planned + after.inProgress).toBe(before.planned + before.inProgress - 1);
    await t.db.query(`UPDATE cleaning_visits SET status = 'planned' WHERE id = $1`, [visit!.id]);
  });

  it("rejects reversed and over-long ranges", async () => {
    expect((await get("/api/dashboard/stats?date_from=2026-11-10&date_to=2026-11-01")).body.error.code).toBe(
      "invalid_date_range",
    );
    expect((await get("/api/dashboard/stats?date_from=2025-01-01&date_to=2026-11-01")).status).toBe(400);
    expect((await get("/api/dashboard/stats?management_company=4242")).body.error.code).toBe(
      "unknown_management_company",
    );
  });
});
