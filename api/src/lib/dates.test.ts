import { describe, expect, it } from "vitest";
import { addMonths, eachDay, isCalendarDay, monthRange, toCalendarDay, today, weekOf } from "./dates.ts";

describe("calendar days in the company time zone", () => {
  it("reads a CRM date with an offset as the day it names, not the UTC day before", () => {
    expect(toCalendarDay("2026-11-03T00:00:00+03:00", "Europe/Moscow")).toBe("2026-11-03");
    expect(toCalendarDay("2025-09-15T03:00:00+03:00", "Europe/Moscow")).toBe("2025-09-15");
  });

  it("keeps a plain day as it is and converts instants by the zone", () => {
    expect(toCalendarDay("2026-11-03", "Asia/Vladivostok")).toBe("2026-11-03");
    expect(toCalendarDay(new Date("2026-11-25T22:30:00Z"), "Europe/Moscow")).toBe("2026-11-26");
    expect(toCalendarDay(new Date("2026-11-25T22:30:00Z"), "UTC")).toBe("2026-11-25");
  });

  it("knows today in Moscow when UTC is still yesterday", () => {
    expect(today("Europe/Moscow", new Date("2026-11-25T21:00:00Z"))).toBe("2026-11-26");
    expect(today("Europe/Moscow", new Date("2026-11-25T20:59:59Z"))).toBe("2026-11-25");
  });

  it("rejects impossible days and builds weeks and months", () => {
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("2026-2-3")).toBe(false);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(weekOf("2026-11-26")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(weekOf("2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(monthRange("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(eachDay("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
  });
});
