import { describe, expect, it } from "vitest";
import {
  addMonths,
  daysInMonth,
  describeCron,
  formatDateTime,
  formatLongDay,
  formatMonth,
  formatNumber,
  formatShortDay,
  localToday,
  presetRange,
  weekdayIndex,
} from "./dates.ts";

describe("date presets", () => {
  it("Сегодня and Завтра are single days, crossing a month end", () => {
    expect(presetRange("today", "2026-11-30")).toEqual({ from: "2026-11-30", to: "2026-11-30" });
    expect(presetRange("tomorrow", "2026-11-30")).toEqual({ from: "2026-12-01", to: "2026-12-01" });
  });

  it("Неделя is the calendar week from Monday to Sunday", () => {
    expect(presetRange("week", "2026-11-26")).toEqual({ from: "2026-11-23", to: "2026-11-29" }); // Thursday
    expect(presetRange("week", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-11-29" }); // Monday
    expect(presetRange("week", "2026-11-29")).toEqual({ from: "2026-11-23", to: "2026-11-29" }); // Sunday
    expect(presetRange("week", "2026-12-31")).toEqual({ from: "2026-12-28", to: "2027-01-03" });
  });

  it("Месяц is the calendar month, leap February included", () => {
    expect(presetRange("month", "2026-11-26")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetRange("month", "2028-02-10")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  });
});

describe("month calendar helpers", () => {
  it("switches months across years", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-11", -13)).toBe("2025-10");
  });

  it("lists every day of a month and knows the weekday, Monday first", () => {
    const november = daysInMonth("2026-11");
    expect(november).toHaveLength(30);
    expect(november[0]).toBe("2026-11-01");
    expect(weekdayIndex("2026-11-01")).toBe(6); // a Sunday
    expect(weekdayIndex("2026-11-02")).toBe(0);
  });

  it("names the month in Russian and takes today from the device clock", () => {
    expect(formatMonth("2026-11")).toBe("Ноябрь 2026");
    expect(formatShortDay("2026-11-03")).toBe("3 нояб.");
    expect(formatLongDay("2026-11-26")).toBe("чт, 26 ноября");
    expect(formatNumber(58617)).toBe("58\u00a0617");
    expect(formatNumber(999)).toBe("999");
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });

  it("counts today in the company's time zone when the page names one", () => {
    // 22:30 UTC on the 25th is already the 26th in Moscow, still the 25th in UTC.
    const instant = new Date("2026-11-25T22:30:00Z");
    expect(localToday(instant, "Europe/Moscow")).toBe("2026-11-26");
    expect(localToday(instant, "UTC")).toBe("2026-11-25");
  });
});

describe("reminder times", () => {
  it("shows an instant in the company's time zone", () => {
    expect(formatDateTime("2026-11-27T06:00:00.000Z", "Europe/Moscow")).toBe("27 нояб., 09:00");
    expect(formatDateTime("2026-12-31T21:30:00.000Z", "Europe/Moscow")).toBe("1 янв., 00:30");
  });

  it("puts common cron lines into words and leaves the rest as written", () => {
    expect(describeCron("0 9 * * *")).toBe("каждый день в 09:00");
    expect(describeCron("30 8 * * 1-5")).toBe("по будням в 08:30");
    expect(describeCron("0 18 * * 1,0")).toBe("по дням (пн, вс) в 18:00");
    expect(describeCron("*/5 * * * *")).toBe("по расписанию «*/5 * * * *»");
  });
});
