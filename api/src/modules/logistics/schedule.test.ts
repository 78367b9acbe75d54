import { describe, expect, it } from "vitest";
import { planRoute } from "./plan-route.ts";
import { buildSchedule, formatClockTime } from "./schedule.ts";
import { DEFAULT_SERVICE_TIME_SETTINGS, serviceMinutes } from "./service-minutes.ts";
import { createTravelMatrix } from "./travel-matrix.ts";
import { offlineMatrix } from "./offline-matrix.ts";
import { randomKalugaPoints } from "./testing/random-instances.ts";

const nineAmMoscow = new Date("2026-12-01T06:00:00Z");

function lineMatrix() {
  // depot 0, houses 1 and 2: 10 minutes / 4 km between consecutive points, 20 / 8 from the depot to house 2.
  const matrix = createTravelMatrix(3, "offline");
  const set = (a: number, b: number, minutes: number, km: number) => {
    matrix.minutes[a]![b] = matrix.minutes[b]![a] = minutes;
    matrix.km[a]![b] = matrix.km[b]![a] = km;
  };
  set(0, 1, 10, 4);
  set(1, 2, 10, 4);
  set(0, 2, 20, 8);
  return matrix;
}

describe("buildSchedule", () => {
  it("adds each drive and each stay to the clock", () => {
    const schedule = buildSchedule({
      matrix: lineMatrix(),
      start: 0,
      order: [1, 2],
      returnsToStart: true,
      startAt: nineAmMoscow,
      serviceMinutes: [0, 30, 45],
    });
    const times = schedule.stops.map((s) => [
      formatClockTime(s.arrival, "Europe/Moscow"),
      formatClockTime(s.departure, "Europe/Moscow"),
    ]);
    expect(times).toEqual([
      ["09:10", "09:40"],
      ["09:50", "10:35"],
    ]);
    expect(schedule.stops.map((s) => [s.legKm, s.legMinutes])).toEqual([
      [4, 10],
      [4, 10],
    ]);
    expect(schedule.returnLeg).toMatchObject({ km: 8, minutes: 20 });
    expect(formatClockTime(schedule.finishAt, "Europe/Moscow")).toBe("10:55");
    expect(schedule).toMatchObject({ totalKm: 16, drivingMinutes: 40, serviceMinutes: 75, totalMinutes: 115 });
  });

  it("ends at the last house on an open route", () => {
    const schedule = buildSchedule({
      matrix: lineMatrix(),
      start: 0,
      order: [1, 2],
      returnsToStart: false,
      startAt: nineAmMoscow,
    });
    expect(schedule.returnLeg).toBeNull();
    expect(schedule).toMatchObject({ totalKm: 8, totalMinutes: 20 });
  });

  it("reads the clock in the company's time zone", () => {
    expect(formatClockTime(new Date("2026-12-01T21:29:40Z"), "Europe/Moscow")).toBe("00:30");
    expect(formatClockTime(new Date("2026-12-01T06:00:00Z"), "Asia/Yekaterinburg")).toBe("11:00");
  });
});

describe("serviceMinutes", () => {
  it("counts entrances × floors × minutes per floor by kind, plus the setup", () => {
    expect(serviceMinutes({ entrances: 4, floors: 9, kind: "wet_all_floors" })).toBe(5 + 4 * 9 * 2.5);
    expect(serviceMinutes({ entrances: 2, floors: 5, kind: "sweep_all_floors" })).toBe(5 + 2 * 5 * 1.5);
    expect(serviceMinutes({ entrances: 3, floors: 16, kind: "wet_first_floor" })).toBe(5 + 3 * 6);
  });

  it("assumes one entrance of five floors when the CRM does not say", () => {
    expect(serviceMinutes({ entrances: null, floors: undefined, kind: "other" })).toBe(Math.round(5 + 5 * 2.5));
  });

  it("follows the settings", () => {
    const settings = {
      ...DEFAULT_SERVICE_TIME_SETTINGS,
      setupMinutes: 0,
      minutesPerFloor: { ...DEFAULT_SERVICE_TIME_SETTINGS.minutesPerFloor, wet_all_floors: 4 },
    };
    expect(serviceMinutes({ entrances: 1, floors: 10, kind: "wet_all_floors" }, settings)).toBe(40);
  });
});

describe("planRoute", () => {
  it("orders the day and schedules it in one call, the visit in progress first", () => {
    const matrix = offlineMatrix(randomKalugaPoints(31, 16));
    const service = Array.from({ length: 16 }, (_, i) => (i === 0 ? 0 : 20));
    const plan = planRoute({
      matrix,
      start: 0,
      returnsToStart: true,
      firstStop: 7,
      startAt: nineAmMoscow,
      serviceMinutes: service,
    });
    expect(plan.order[0]).toBe(7);
    expect(plan.schedule.stops.map((s) => s.index)).toEqual(plan.order);
    expect(plan.schedule.drivingMinutes).toBeCloseTo(plan.cost, 9);
    expect(plan.schedule.totalMinutes).toBeCloseTo(plan.cost + 15 * 20, 9);
  });
});
