import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, monthOf, today, weekOf } from "../../lib/dates.ts";
import { createDemoTestApp, ENGINES, type TestApp } from "../../testing/test-app.ts";

describe.each(ENGINES)("houses API on %s", (engine) => {
  let t: TestApp;
  let day: string;
  const get = (url: string) => request(t.app).get(url).set("Authorization", "demo");

  beforeAll(async () => {
    t = await createDemoTestApp(engine);
    day = today(t.ctx.config.timeZone, t.ctx.clock.now());
  });
  afterAll(() => t.close());

  it("pages through every active house with the requested page size", async () => {
    const first = await get("/api/cleaning/houses?page=1&limit=20");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, limit: 20, total: 500, pages: 25 });
    expect(first.body.items).toHaveLength(20);
    const last = await get("/api/cleaning/houses?page=25&limit=20");
    expect(last.body.items).toHaveLength(20);
    const ids = new Set([...first.body.items, ...last.body.items].map((item: { id: number }) => item.id));
    expect(ids.size).toBe(40);
    const beyond = await get("/api/cleaning/houses?page=26&limit=20");
    expect(beyond.body.items).toEqual([]);
    expect(beyond.body.total).toBe(500);
  });

  it("describes each house with its company, brigade, periodicity and next visit", async () => {
    const res = await get("/api/cleaning/houses?limit=100");
    const item = res.body.items[0];
    expect(item).toMatchObject({
      id: expect.any(Number),
      bitrixId: expect.any(Number),
      address: expect.any(String),
      managementCompany: { id: expect.any(Number), title: expect.any(String) },
      brigade: { id: expect.any(Number), number: expect.any(Number), name: expect.stringMatching(/бригада$/) },
      bitrixUrl: null,
    });
    const labels = new Set(res.body.items.map((i: { periodicity: string }) => i.periodicity));
    for (const label of labels)
      expect([
        "2 раза",
        "4 раза",
        "2 раза + подметание 2 раза",
        "2 раза + 1 этажи",
        "индивидуальная",
        "не указана",
      ]).toContain(label);
    expect(labels.size).toBeGreaterThan(2);
    const withNext = res.body.items.find((i: { nextVisit: unknown }) => i.nextVisit);
    expect(withNext.nextVisit.date >= day).toBe(true);
  });

  it("filters by brigade and management company exactly as the database says", async () => {
    const [brigade] = await t.db.query<{ id: number; count: number }>(
      `SELECT brigade_id AS id, count(*)::int AS count FROM houses GROUP BY brigade_id ORDER BY brigade_id LIMIT 1`,
    );
    const byBrigade = await get(`/api/cleaning/houses?brigade=${brigade!.id}&limit=100`);
    expect(byBrigade.body.total).toBe(brigade!.count);
    expect(byBrigade.body.items.every((i: { brigade: { id: number } }) => i.brigade.id === brigade!.id)).toBe(true);

    const [company] = await t.db.query<{ id: number; count: number }>(
      `SELECT management_company_id AS id, count(*)::int AS count FROM houses GROUP BY 1 ORDER BY 1 LIMIT 1`,
    );
    const byCompany = await get(`/api/cleaning/houses?management_company=${company!.id}&limit=100`);
    expect(byCompany.body.total).toBe(company!.count);
  });

  it("selects houses with a visit on a day or in a range", async () => {
    const [onDay] = await t.db.query<{ count: number }>(
      `SELECT count(DISTINCT house_id)::int AS count FROM cleaning_visits WHERE date = $1::date`,
      [day],
    );
    const res = await get(`/api/cleaning/houses?cleaning_date=${day}`);
    expect(res.body.total).toBe(onDay!.count);
    expect(res.body.total).toBeGreaterThan(0);
    const week = weekOf(day);
    const [inWeek] = await t.db.query<{ count: number }>(
      `SELECT count(DISTINCT house_id)::int AS count FROM cleaning_visits WHERE date BETWEEN $1::date AND $2::date`,
      [week.from, week.to],
    );
    const ranged = await get(`/api/cleaning/houses?date_from=${week.from}&date_to=${week.to}`);
    expect(ranged.body.total).toBe(inWeek!.count);
    expect(ranged.body.total).toBeGreaterThan(res.body.total);
  });

  it("finds 'улица Кибальчича, 3' from 'кибальчича 3' and not from another number", async () => {
    const res = await get(`/api/cleaning/houses?search=${encodeURIComponent("кибальчича 3")}`);
    expect(res.body.items.map((i: { address: string }) => i.address)).toContain("улица Кибальчича, 3");
    expect(res.body.items.every((i: { address: string }) => /Кибальчича, 3($|\D)/.test(i.address))).toBe(true);
    const prefix = await get(`/api/cleaning/houses?search=${encodeURIComponent("КИБАЛ")}&limit=100`);
    expect(prefix.body.total).toBeGreaterThanOrEqual(res.body.total);
  });

  it("forgives a typo in the street when the exact search finds nothing", async () => {
    const res = await get(`/api/cleaning/houses?search=${encodeURIComponent("кибальчеча 3")}`);
    expect(res.body.items[0]?.address).toBe("улица Кибальчича, 3");
    expect(res.body.total).toBe(res.body.items.length);
    const none = await get(`/api/cleaning/houses?search=${encodeURIComponent("несуществующая 999")}`);
    expect(none.body).toMatchObject({ items: [], total: 0, pages: 0 });
  });

  it("answers 400 with a code for bad dates, reversed or too long ranges, bad pages and unknown ids", async () => {
    const cases: [string, string][] = [
      ["/api/cleaning/houses?cleaning_date=2026-02-30", "validation_error"],
      ["/api/cleaning/houses?date_from=26.11.2026", "validation_error"],
      [`/api/cleaning/houses?date_from=${day}&date_to=${addDays(day, -1)}`, "invalid_date_range"],
      [`/api/cleaning/houses?date_from=${day}&date_to=${addDays(day, 366)}`, "invalid_date_range"],
      ["/api/cleaning/houses?page=0", "validation_error"],
      ["/api/cleaning/houses?limit=101", "validation_error"],
      ["/api/cleaning/houses?limit=0", "validation_error"],
      ["/api/cleaning/houses?brigade=abc", "validation_error"],
      ["/api/cleaning/houses?brigade=99999", "unknown_brigade"],
      ["/api/cleaning/houses?management_company=99999", "unknown_management_company"],
      ["/api/cleaning/house/abc/details", "validation_error"],
      ["/api/cleaning/house/1/details?month=2026-13", "validation_error"],
    ];
    for (const [url, code] of cases) {
      const res = await get(url);
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 400, code });
      expect(res.body.error.message).toMatch(/[а-я]/i);
    }
    const ok = await get(`/api/cleaning/houses?date_from=${day}&date_to=${addDays(day, 365)}`);
    expect(ok.status).toBe(200);
  });

  it("returns the filter values", async () => {
    const res = await get("/api/cleaning/filters");
    expect(res.status).toBe(200);
    expect(res.body.brigades).toHaveLength(7);
    expect(res.body.managementCompanies).toHaveLength(10);
    expect(res.body.stages[0]).toMatchObject({ id: "C34:NEW", semantic: "open" });
  });

  it("shows a house card with contacts and the month's schedule", async () => {
    const [house] = await t.db.query<{ id: number }>(`SELECT id FROM houses WHERE address = 'улица Кибальчича, 3'`);
    const res = await get(`/api/cleaning/house/${house!.id}/details`);
    expect(res.status).toBe(200);
    expect(res.body.house).toMatchObject({
      address: "улица Кибальчича, 3",
      latitude: expect.any(Number),
      longitude: expect.any(Number),
    });
    expect(res.body.contacts.seniorResident).toMatchObject({
      name: expect.any(String),
      phone: expect.stringMatching(/^\+7/),
    });
    expect(res.body.contacts.managementCompany.phones.length).toBeGreaterThan(0);
    expect(res.body.schedule.month).toBe(monthOf(day));
    const [{ count }] = (await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM cleaning_visits WHERE house_id = $1 AND to_char(date, 'YYYY-MM') = $2`,
      [house!.id, monthOf(day)],
    )) as [{ count: number }];
    expect(res.body.schedule.visits).toHaveLength(count);
    const done = res.body.schedule.visits.find((v: { status: string }) => v.status === "done");
    if (done) {
      expect(done.reportedBy).toMatchObject({ name: expect.any(String) });
      expect(done.photoCount).toBeGreaterThan(0);
    }
    expect(res.body.schedule.visits[0]).toMatchObject({ label: expect.any(String), statusLabel: expect.any(String) });
  });

  it("answers 404 for an unknown house", async () => {
    const res = await get("/api/cleaning/house/999999/details");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
