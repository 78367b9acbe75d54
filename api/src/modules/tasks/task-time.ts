// Instants, wall-clock times and cron occurrences in the company's time zone (APP_TIMEZONE).
import { CronExpressionParser } from "cron-parser";

import { wallClockOf } from "../../lib/dates.ts";

// Wall-clock conversions live with the other calendar helpers; re-exported here for the tasks module.
export { instantOfWallClock, wallClockOf, zoneOffsetMinutes, type WallClock } from "../../lib/dates.ts";

/** True for a five-field cron expression cron-parser accepts. */
export function isValidCron(cron: string): boolean {
  if (cron.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(cron, { tz: "UTC" });
    return true;
  } catch {
    return false;
  }
}

/** The first occurrence of `cron` (in `timeZone`) strictly after `after`. */
export function nextCronRun(cron: string, after: Date, timeZone: string): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}

const pad = (value: number) => String(value).padStart(2, "0");

/** "26.11 в 08:30" in `timeZone`. */
export function formatRunAt(instant: Date, timeZone: string): string {
  const clock = wallClockOf(instant, timeZone);
  return `${pad(clock.day)}.${pad(clock.month)} в ${pad(clock.hour)}:${pad(clock.minute)}`;
}

const WEEKDAYS = ["воскресенье", "понедельник", "вторник", "среду", "четверг", "пятницу", "субботу"];

/** A few common crons in Russian ("каждый будний день в 08:00"); anything else as the expression itself. */
export function describeCron(cron: string): string {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5|[0-7])$/.exec(cron.trim());
  if (!match) return `по расписанию «${cron}»`;
  const time = `${pad(Number(match[2]))}:${pad(Number(match[1]))}`;
  if (match[3] === "*") return `каждый день в ${time}`;
  if (match[3] === "1-5") return `каждый будний день в ${time}`;
  const day = WEEKDAYS[Number(match[3]) % 7]!;
  const every =
    day === "среду" || day === "пятницу" || day === "субботу" ? "каждую" : day === "воскресенье" ? "каждое" : "каждый";
  return `${every} ${day} в ${time}`;
}
