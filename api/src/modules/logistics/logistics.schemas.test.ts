import { describe, expect, it } from "vitest";
import {
  hasUsableCoordinates,
  isDayWithinPlanningRange,
  routePointsSchema,
  routeRequestSchema,
  routeResponseSchema,
} from "./logistics.schemas.ts";

const messageOf = (value: unknown) => {
  const result = routeRequestSchema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
};

describe("route request", () => {
  it("accepts a brigade and a day, or a list of houses, with the optional fields", () => {
    expect(routeRequestSchema.parse({ brigade: 3, date: "2026-12-01" })).toEqual({ brigade: 3, date: "2026-12-01" });
    const request = {
      houseIds: [1, 2, 3],
      start: { lat: 54.51, lon: 36.26 },
      returnToStart: false,
      startTime: "08:30",
      provider: "osrm",
    };
    expect(routeRequestSchema.parse(request)).toEqual(request);
    expect(routeRequestSchema.parse({})).toEqual({});
  });

  it("refuses more than 200 houses, a house twice, and a brigade together with houses", () => {
    expect(messageOf({ houseIds: Array.from({ length: 201 }, (_, i) => i + 1) })).toBe(
      "houseIds: не больше 200 домов в маршруте",
    );
    expect(messageOf({ houseIds: [4, 4] })).toBe("houseIds: дом указан дважды");
    expect(messageOf({ brigade: 1, houseIds: [4] })).toBe("укажите бригаду или список домов, но не то и другое");
  });

  it("refuses invalid coordinates, dates and times in Russian", () => {
    expect(messageOf({ start: { lat: 91, lon: 36 } })).toBe("широта от −90 до 90");
    expect(messageOf({ start: { lat: 54, lon: -181 } })).toBe("долгота от −180 до 180");
    expect(messageOf({ start: { lat: 0, lon: 0 } })).toBe("координаты 0,0 не похожи на настоящие");
    expect(messageOf({ start: { lat: "54", lon: 36 } })).toBe("широта должна быть числом");
    expect(messageOf({ date: "2026-02-30" })).toBe("date: ожидается дата ГГГГ-ММ-ДД");
    expect(messageOf({ startTime: "24:00" })).toBe("startTime: ожидается время ЧЧ:ММ");
    expect(messageOf({ provider: "yandex" })).toBeDefined();
  });

  it("keeps the day within a year of today", () => {
    expect(isDayWithinPlanningRange("2027-12-01", "2026-12-01")).toBe(true);
    expect(isDayWithinPlanningRange("2027-12-03", "2026-12-01")).toBe(false);
    expect(isDayWithinPlanningRange("2025-11-29", "2026-12-01")).toBe(false);
  });

  it("limits a matrix to the start and 200 houses", () => {
    const points = Array.from({ length: 202 }, () => ({ lat: 54.5, lon: 36.2 }));
    expect(routePointsSchema.safeParse(points).success).toBe(false);
    expect(routePointsSchema.safeParse(points.slice(1)).success).toBe(true);
  });

  it("tells houses without usable coordinates apart", () => {
    expect([
      hasUsableCoordinates(54.5, 36.2),
      hasUsableCoordinates(null, 36.2),
      hasUsableCoordinates(Number.NaN, 1),
      hasUsableCoordinates(0, 0),
    ]).toEqual([true, false, false, false]);
  });
});

describe("route response", () => {
  it("has the fields the issue names", () => {
    const response = {
      provider: "offline",
      fallbackReason: "OSRM не ответил за 8 с — расстояния посчитаны по прямой",
      stops: [
        {
          houseId: 1,
          address: "улица Кирова, 7",
          lat: 54.51,
          lon: 36.26,
          arrival: "09:12",
          departure: "09:47",
          legKm: 3.4,
          legMinutes: 8.2,
        },
      ],
      totalKm: 6.8,
      totalMinutes: 51.4,
      skipped: [{ houseId: 2, address: "улица Ленина, 3", reason: "нет координат" }],
      mapUrls: { yandex: "https://yandex.ru/maps/?rtext=…", google: "https://www.google.com/maps/dir/?api=1…" },
    };
    expect(routeResponseSchema.parse(response)).toEqual(response);
  });
});
