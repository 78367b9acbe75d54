import { describe, expect, it } from "vitest";
import { describeCron, formatRunAt, instantOfWallClock, isValidCron, nextCronRun } from "./task-time.ts";

const MSK = "Europe/Moscow";

describe("cron occurrences in Moscow time (UTC+3 all year, no DST)", () => {
  it("weekdays at 8:30 skip the weekend and cross into December", () => {
    const friday = new Date("2026-11-27T06:00:00Z"); // Friday 09:00
    const monday = nextCronRun("30 8 * * 1-5", friday, MSK);
    expect(monday).toEqual(new Date("2026-11-30T05:30:00Z"));
    expect(nextCronRun("30 8 * * 1-5", monday, MSK)).toEqual(new Date("2026-12-01T05:30:00Z"));
  });

  it("midnight on the 1st is the previous UTC day, across a year end", () => {
    expect(nextCronRun("0 0 1 * *", new Date("2026-11-30T22:00:00Z"), MSK)).toEqual(new Date("2026-12-31T21:00:00Z"));
  });

  it("the 31st skips short months, the 29th skips February of a common year", () => {
    expect(nextCronRun("0 9 31 * *", new Date("2026-11-25T10:00:00Z"), MSK)).toEqual(new Date("2026-12-31T06:00:00Z"));
    expect(nextCronRun("0 9 29 * *", new Date("2027-01-30T00:00:00Z"), MSK)).toEqual(new Date("2027-03-29T06:00:00Z"));
    expect(nextCronRun("0 9 L * *", new Date("2027-01-31T07:00:00Z"), MSK)).toEqual(new Date("2027-02-28T06:00:00Z"));
  });

  it("the same wall-clock time is the same instant every month in Moscow", () => {
    let at = new Date("2026-01-01T00:00:00Z");
    for (let month = 0; month < 12; month += 1) {
      at = nextCronRun("0 9 1 * *", at, MSK);
      expect(at.getUTCHours()).toBe(6);
    }
  });
});

describe("wall clock helpers", () => {
  it("round-trips wall-clock times and formats them like the bot", () => {
    const at = instantOfWallClock({ year: 2026, month: 11, day: 26, hour: 8, minute: 30 }, MSK);
    expect(at).toEqual(new Date("2026-11-26T05:30:00Z"));
    expect(formatRunAt(at, MSK)).toBe("26.11 в 08:30");
  });

  it("validates and describes crons", () => {
    expect(isValidCron("0 8 * * 1-5")).toBe(true);
    expect(isValidCron("0 0 8 * * 1-5")).toBe(false);
    expect(isValidCron("каждый день")).toBe(false);
    expect(describeCron("0 8 * * 1-5")).toBe("каждый будний день в 08:00");
    expect(describeCron("0 9 * * 1")).toBe("каждый понедельник в 09:00");
    expect(describeCron("30 17 * * 5")).toBe("каждую пятницу в 17:30");
  });
});
