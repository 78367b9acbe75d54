import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import type { Feature } from "../../features.ts";
import { addDays, today } from "../../lib/dates.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { signInitData, TEST_BOT_TOKEN } from "../../testing/test-app.ts";
import { createDemoTestDatabase, createTestContext, TEST_NOW } from "../../testing/test-db.ts";
import type { RouteResponse } from "./logistics.schemas.ts";
import { createLogisticsFeature } from "./logistics.feature.ts";
import type { RoutingOverrides } from "./logistics.service.ts";
import { startFakeGoogleRoutes, type FakeGoogleRoutes } from "./testing/fake-google-routes.ts";
import { startFakeOsrm, type FakeOsrm } from "./testing/fake-osrm.ts";
import { visitsFeature } from "../visits/visits.feature.ts";

// Demo employees (seed 42): the first manager, then lead + two cleaners per brigade in brigade order.
const MANAGER = 7_000_000_000;
const LEAD_OF_FIRST = 7_000_000_002;

let db: Database;
let day: string;
let brigades: { id: number; number: number }[];

function appWith(env: Record<string, string> = {}, overrides: RoutingOverrides = {}) {
  const ctx = createTestContext(db, env);
  const registry = new OpenAPIRegistry();
  const deps = { ctx, registry, scheduler: undefined as never, hasVector: false };
  const feature = createLogisticsFeature(deps, overrides);
  // «Начать» on the route's next house is the visit flow's own endpoint.
  const visits = visitsFeature(deps) as Feature;
  const apiRouters = [...(feature.apiRouters ?? []), ...(visits.apiRouters ?? [])];
  return createApp({
    ctx,
    hasVector: false,
    registry,
    miniAppDir: null,
    apiRouters,
    healthChecks: feature.healthChecks,
  }).app;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));

beforeAll(async () => {
  day = today("Europe/Moscow", TEST_NOW);
  db = await createDemoTestDatabase(day);
  brigades = await db.query<{ id: number; number: number }>(`SELECT id, number FROM brigades ORDER BY number`);
});

afterAll(async () => {
  await db?.close();
});

describe("POST /api/logistics/route for the office (demo session)", () => {
  let app: ReturnType<typeof appWith>;
  const post = (body: object) => request(app).post("/api/logistics/route").set("Authorization", "demo").send(body);
  beforeAll(() => {
    app = appWith();
  });

  it("orders a brigade's open houses of today, skips the finished ones with their reason and times the day from now", async () => {
    // The brigade of the day with the most houses already finished, so both lists have something in them.
    const [busiest] = await db.query<{ id: number }>(
      `SELECT h.brigade_id AS id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
        WHERE v.date = $1::date GROUP BY h.brigade_id ORDER BY count(*) FILTER (WHERE v.status = 'done') DESC, h.brigade_id LIMIT 1`,
      [day],
    );
    const brigade = brigades.find((item) => item.id === busiest!.id)!;
    const response = await post({ brigade: brigade.id });
    expect(response.status).toBe(200);
    const body = response.body as RouteResponse;
    expect(body).toMatchObject({
      provider: "offline",
      date: day,
      brigade: { id: brigade.id, number: brigade.number },
      returnsToStart: false,
    });
    const visits = await db.query<{ house_id: number; status: string }>(
      `SELECT v.house_id, v.status FROM cleaning_visits v JOIN houses h ON h.id = v.house_id WHERE v.date = $1::date AND h.brigade_id = $2`,
      [day, brigade.id],
    );
    const openHouses = new Set(visits.filter((v) => v.status !== "done").map((v) => v.house_id));
    const doneOnly = new Set(visits.map((v) => v.house_id).filter((id) => !openHouses.has(id)));
    expect(new Set(body.stops.map((stop) => stop.houseId))).toEqual(openHouses);
    expect(new Set(body.skipped.map((item) => item.houseId))).toEqual(doneOnly);
    expect(doneOnly.size).toBeGreaterThan(0);
    for (const item of body.skipped) expect(item.reason).toMatch(/^уборка уже выполнена \(в \d\d:\d\d\)$/);
    // 10:00 in Moscow: the day starts now, not at 09:00; every leg and every stop adds up.
    let clock = minutesOf("10:00");
    for (const [index, stop] of body.stops.entries()) {
      expect(stop.arrival).toMatch(/^\d\d:\d\d$/);
      if (index === 0 && stop.visitStatus === "in_progress") {
        // Already there since it was started; what is left of the work runs from now.
        expect(minutesOf(stop.arrival)).toBeLessThanOrEqual(clock);
        expect(minutesOf(stop.departure)).toBe(clock + stop.serviceMinutes!);
      } else {
        expect(Math.abs(minutesOf(stop.arrival) - (clock + stop.legMinutes))).toBeLessThanOrEqual(1);
        expect(
          Math.abs(minutesOf(stop.departure) - minutesOf(stop.arrival) - stop.serviceMinutes!),
        ).toBeLessThanOrEqual(1);
        expect(stop.serviceMinutes).toBeGreaterThan(0);
      }
      clock = minutesOf(stop.departure);
    }
    expect(body.totalKm).toBeCloseTo(
      body.stops.reduce((sum, stop) => sum + stop.legKm, 0),
      0,
    );
    expect(body.mapUrls.yandex).toMatch(/^https:\/\/yandex\.ru\/maps\/\?rtext=/);
    const yandexPoints = new URL(body.mapUrls.yandex).searchParams.get("rtext")!.split("~");
    expect(yandexPoints).toEqual(body.stops.map((stop) => `${stop.lat.toFixed(6)},${stop.lon.toFixed(6)}`));
    expect(body.mapUrls.google).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\/\?api=1/);
    const again = await post({ brigade: brigade.id });
    expect(again.body.stops.map((stop: { houseId: number }) => stop.houseId)).toEqual(
      body.stops.map((stop) => stop.houseId),
    );
  });

  it("puts the cleaning in progress first, arriving when it was started", async () => {
    const brigade = brigades[1]!;
    const [visit] = await db.query<{ id: number; house_id: number }>(
      `SELECT v.id, v.house_id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
        WHERE v.date = $1::date AND h.brigade_id = $2 AND v.status = 'planned' ORDER BY h.address DESC LIMIT 1`,
      [day, brigade.id],
    );
    // Started 20 minutes ago (09:40 Moscow), later than any other cleaning of the day.
    await db.query(`UPDATE cleaning_visits SET status = 'in_progress', started_at = $2 WHERE id = $1`, [
      visit!.id,
      new Date(TEST_NOW.getTime() - 20 * 60_000),
    ]);
    const body = (await post({ brigade: brigade.id })).body as RouteResponse;
    expect(body.stops[0]).toMatchObject({
      houseId: visit!.house_id,
      visitId: visit!.id,
      visitStatus: "in_progress",
      arrival: "09:40",
    });
    expect(minutesOf(body.stops[0]!.departure)).toBe(minutesOf("10:00") + body.stops[0]!.serviceMinutes!);
  });

  it("plans another day from LOGISTICS_START_TIME, and round trips from LOGISTICS_DEPOT", async () => {
    const tomorrow = addDays(day, 1);
    const body = (await post({ brigade: brigades[2]!.id, date: tomorrow })).body as RouteResponse;
    expect(body.stops.length).toBeGreaterThan(0);
    expect(minutesOf(body.stops[0]!.arrival)).toBe(minutesOf("09:00") + body.stops[0]!.legMinutes);
    const depotApp = appWith({ LOGISTICS_DEPOT: "54.5293,36.2754", LOGISTICS_START_TIME: "08:00" });
    const round = (
      await request(depotApp)
        .post("/api/logistics/route")
        .set("Authorization", "demo")
        .send({ brigade: brigades[2]!.id, date: tomorrow })
    ).body as RouteResponse;
    expect(round).toMatchObject({ returnsToStart: true, start: { lat: 54.5293, lon: 36.2754, label: "база" } });
    expect(minutesOf(round.stops[0]!.arrival)).toBe(minutesOf("08:00") + round.stops[0]!.legMinutes);
    const points = new URL(round.mapUrls.yandex).searchParams.get("rtext")!.split("~");
    expect(points[0]).toBe("54.529300,36.275400");
    expect(points.at(-1)).toBe("54.529300,36.275400");
    expect(round.totalKm).toBeGreaterThan(round.stops.reduce((sum, stop) => sum + stop.legKm, 0) - 0.5);
  });

  it("plans an explicit list of houses and skips the one without coordinates", async () => {
    const houses = await db.query<{ id: number; address: string }>(
      `SELECT id, address FROM houses ORDER BY id DESC LIMIT 4`,
    );
    await db.query(`UPDATE houses SET latitude = NULL, longitude = NULL WHERE id = $1`, [houses[0]!.id]);
    const body = (
      await post({
        houseIds: houses.map((house) => house.id),
        date: addDays(day, 3),
        startTime: "07:30",
        start: { lat: 54.5, lon: 36.2 },
      })
    ).body as RouteResponse;
    expect(body.brigade).toBeNull();
    expect(body.skipped).toEqual([
      { houseId: houses[0]!.id, address: houses[0]!.address, reason: "нет координат — уточните адрес дома в CRM" },
    ]);
    expect(body.stops.map((stop) => stop.houseId).sort()).toEqual(
      houses
        .slice(1)
        .map((house) => house.id)
        .sort(),
    );
    expect(minutesOf(body.stops[0]!.arrival)).toBe(minutesOf("07:30") + body.stops[0]!.legMinutes);
  });

  it("answers bad input with a coded 4xx in Russian", async () => {
    const cases: [object, number, string, RegExp][] = [
      [{ houseIds: [2_000_000_000] }, 404, "route_house_unknown", /^Дома не найдены: 2000000000$/],
      [{ houseIds: [2_147_483_648] }, 400, "validation_error", /houseIds/],
      [{ brigade: 2_147_483_648 }, 400, "validation_error", /brigade/],
      [{ brigade: 999_999 }, 404, "route_brigade_unknown", /Бригада не найдена/],
      [{ houseIds: Array.from({ length: 201 }, (_, i) => i + 1) }, 400, "validation_error", /не больше 200/],
      [{ brigade: brigades[0]!.id, date: addDays(day, 400) }, 400, "route_date_out_of_range", /не дальше года/],
      [{ brigade: brigades[0]!.id, date: addDays(day, -400) }, 400, "route_date_out_of_range", /не дальше года/],
      [{ brigade: brigades[0]!.id, start: { lat: 95, lon: 36 } }, 400, "validation_error", /широта/],
      [{ brigade: brigades[0]!.id, start: { lat: 0, lon: 0 } }, 400, "validation_error", /0,0/],
      [{}, 400, "route_brigade_required", /Выберите бригаду/],
      [{ brigade: "1; DROP TABLE houses" }, 400, "validation_error", /brigade/],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await post(body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({ body, status, code });
      expect(response.body.error.message).toMatch(message);
    }
  });

  it("is described in /openapi.json and reports the routing mode in /api/health", async () => {
    const openApi = await request(app).get("/openapi.json");
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining(["/api/logistics/route", "/api/logistics/plan"]),
    );
    const health = await request(app).get("/api/health");
    expect(health.body.components?.routing ?? health.body.checks?.routing ?? health.body.routing).toMatchObject({
      status: "off",
    });
  });
});

describe("POST /api/logistics/route for brigade members (signed initData)", () => {
  let app: ReturnType<typeof appWith>;
  const as = (telegramId: number) => `tma ${signInitData(telegramId)}`;
  const post = (telegramId: number, body: object) =>
    request(app).post("/api/logistics/route").set("Authorization", as(telegramId)).send(body);
  beforeAll(() => {
    app = appWith({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN });
  });

  it("gives a member their own brigade's day and refuses another brigade's", async () => {
    const own = await post(LEAD_OF_FIRST, {});
    expect(own.status).toBe(200);
    expect(own.body.brigade.id).toBe(brigades[0]!.id);
    const other = await post(LEAD_OF_FIRST, { brigade: brigades[1]!.id });
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({
      code: "route_brigade_forbidden",
      message: "Можно смотреть маршрут только своей бригады",
    });
    const [foreign] = await db.query<{ id: number }>(`SELECT id FROM houses WHERE brigade_id = $1 LIMIT 1`, [
      brigades[1]!.id,
    ]);
    const houses = await post(LEAD_OF_FIRST, { houseIds: [foreign!.id] });
    expect(houses.status).toBe(403);
    expect(houses.body.error.code).toBe("route_house_forbidden");
    const manager = await post(MANAGER, { brigade: brigades[1]!.id });
    expect(manager.status).toBe(200);
  });

  it("«Начать» on the next house goes through the visit flow (POST /api/visits/:id/start) and the route follows", async () => {
    const route = (await post(LEAD_OF_FIRST, { date: day })).body as RouteResponse;
    const next = route.stops.find((stop) => stop.visitStatus === "planned")!;
    const start = await request(app).post(`/api/visits/${next.visitId}/start`).set("Authorization", as(LEAD_OF_FIRST));
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      visit: { id: next.visitId, houseId: next.houseId, status: "in_progress" },
      isChanged: true,
    });
    const [row] = await db.query<{ started_at: Date }>(`SELECT started_at FROM cleaning_visits WHERE id = $1`, [
      next.visitId,
    ]);
    expect(new Date(row!.started_at).toISOString()).toBe(TEST_NOW.toISOString());
    const after = (await post(LEAD_OF_FIRST, {})).body as RouteResponse;
    expect(after.stops[0]).toMatchObject({ houseId: next.houseId, visitStatus: "in_progress", arrival: "10:00" });

    const [foreignVisit] = await db.query<{ id: number }>(
      `SELECT v.id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id WHERE h.brigade_id = $1 AND v.date = $2::date LIMIT 1`,
      [brigades[1]!.id, day],
    );
    const refused = await request(app)
      .post(`/api/visits/${foreignVisit!.id}/start`)
      .set("Authorization", as(LEAD_OF_FIRST));
    expect(refused.status).toBe(404);
    const again = (await post(LEAD_OF_FIRST, {})).body as RouteResponse;
    expect(again.stops.map((stop) => stop.houseId)).toEqual(after.stops.map((stop) => stop.houseId));
  });
});

describe("routing providers behind POST /api/logistics/route", () => {
  let osrm: FakeOsrm;
  let google: FakeGoogleRoutes;
  beforeAll(async () => {
    [osrm, google] = await Promise.all([startFakeOsrm(), startFakeGoogleRoutes()]);
  });
  afterAll(async () => {
    await Promise.all([osrm?.close(), google?.close()]);
  });
  const plan = (app: ReturnType<typeof appWith>, body: object = {}) =>
    request(app)
      .post("/api/logistics/route")
      .set("Authorization", "demo")
      .send({ brigade: brigades[3]!.id, date: addDays(day, 1), ...body });

  it("uses OSRM's table when OSRM_URL is set, and falls back to the offline estimate with a reason on errors and timeouts", async () => {
    const app = appWith({ OSRM_URL: osrm.url, LOGISTICS_MATRIX_TIMEOUT: "0.5" });
    const ok = await plan(app);
    expect(ok.status).toBe(200);
    expect(ok.body.provider).toBe("osrm");
    expect(ok.body.fallbackReason).toBeUndefined();
    expect(osrm.requests.at(-1)).toMatch(/^\/table\/v1\/driving\//);

    osrm.faults.status = 500;
    osrm.faults.body = { code: "InternalError", message: "boom" };
    const failed = await plan(app);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      provider: "offline",
      fallbackReason: expect.stringMatching(/^OSRM: .+ — расстояния посчитаны по прямой$/),
    });
    expect(failed.body.stops.map((s: { houseId: number }) => s.houseId).sort()).toEqual(
      ok.body.stops.map((s: { houseId: number }) => s.houseId).sort(),
    );

    delete osrm.faults.status;
    osrm.faults.delayMs = 3_000;
    const slow = await plan(app);
    expect(slow.body).toMatchObject({
      provider: "offline",
      fallbackReason: "OSRM не ответил за 1 с — расстояния посчитаны по прямой",
    });
    delete osrm.faults.delayMs;
  });

  it("uses Google's route matrix with the key from the server only, and says when the key is refused", async () => {
    const app = appWith({ GOOGLE_MAPS_API_KEY: google.apiKey }, { googleUrl: google.url });
    const ok = await plan(app);
    expect(ok.body.provider).toBe("google");
    expect(google.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(ok.body)).not.toContain(google.apiKey);

    const wrongKey = appWith({ GOOGLE_MAPS_API_KEY: "not-the-key" }, { googleUrl: google.url });
    const refused = await plan(wrongKey);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      provider: "offline",
      fallbackReason: expect.stringMatching(/^Google Maps: .*ключ.* — расстояния посчитаны по прямой$/),
    });
    expect(JSON.stringify(refused.body)).not.toContain("not-the-key");

    google.faults.isGarbled = true;
    const garbled = await plan(app);
    expect(garbled.body).toMatchObject({ provider: "offline", fallbackReason: expect.stringContaining("Google Maps") });
    google.faults.isGarbled = false;
  });

  it("says plainly when the requested provider is not configured", async () => {
    const response = await plan(appWith(), { provider: "osrm" });
    expect(response.body).toMatchObject({
      provider: "offline",
      fallbackReason: "OSRM не настроен (OSRM_URL) — расстояния посчитаны по прямой",
    });
  });
});

describe("POST /api/logistics/plan", () => {
  it("splits a day of three brigades so the longest day is no longer, usually shorter, and every house is in one route", async () => {
    const app = appWith();
    const date = addDays(day, 2);
    const ids = brigades.slice(0, 3).map((brigade) => brigade.id);
    const response = await request(app)
      .post("/api/logistics/plan")
      .set("Authorization", "demo")
      .send({ brigades: ids, date });
    expect(response.status).toBe(200);
    const plan = response.body as {
      routes: { brigade: { id: number }; stops: { houseId: number }[]; totalMinutes: number }[];
      spreadMinutes: number;
    };
    expect(plan.routes.map((route) => route.brigade.id)).toEqual(ids);
    const separate = await Promise.all(
      ids.map(
        async (id) =>
          (await request(app).post("/api/logistics/route").set("Authorization", "demo").send({ brigade: id, date }))
            .body as RouteResponse,
      ),
    );
    const planned = plan.routes.flatMap((route) => route.stops.map((stop) => stop.houseId)).sort((a, b) => a - b);
    expect(planned).toEqual(separate.flatMap((route) => route.stops.map((stop) => stop.houseId)).sort((a, b) => a - b));
    const longest = (minutes: number[]) => Math.max(...minutes);
    expect(longest(plan.routes.map((route) => route.totalMinutes))).toBeLessThanOrEqual(
      longest(separate.map((route) => route.totalMinutes)) * 1.02,
    );
    const separateSpread =
      longest(separate.map((r) => r.totalMinutes)) - Math.min(...separate.map((r) => r.totalMinutes));
    expect(plan.spreadMinutes).toBeLessThanOrEqual(separateSpread);
  });

  it("is for the office only, and checks its brigades", async () => {
    const members = appWith({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN });
    const refused = await request(members)
      .post("/api/logistics/plan")
      .set("Authorization", `tma ${signInitData(LEAD_OF_FIRST)}`)
      .send({ brigades: [brigades[0]!.id, brigades[1]!.id] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("plan_forbidden");
    const office = appWith();
    const one = await request(office)
      .post("/api/logistics/plan")
      .set("Authorization", "demo")
      .send({ brigades: [brigades[0]!.id] });
    expect(one.body.error).toMatchObject({ code: "validation_error", message: expect.stringContaining("хотя бы две") });
    const unknown = await request(office)
      .post("/api/logistics/plan")
      .set("Authorization", "demo")
      .send({ brigades: [brigades[0]!.id, 999_999] });
    expect(unknown.status).toBe(404);
  });
});
