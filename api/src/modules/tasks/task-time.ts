// Instants, wall-clock times and cron occurrences in the company's time zone (APP_TIMEZONE).
import { CronExpressionParser } from "cron-parser";

const partFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in `timeZone`. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Minutes `timeZone` is ahead of UTC at `instant` (Moscow: 180). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const clock = wallClockOf(instant, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time in `timeZone` names (month is 1-12). */
export function instantOfWallClock(clock: Omit<WallClock, "second"> & { second?: number }, timeZone: string): Date {
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second ?? 0);
  let instant = new Date(asUtc - zoneOffsetMinutes(new Date(asUtc), timeZone) * 60_000);
  // A second pass settles times near an offset change.
  instant = new Date(asUtc - zoneOffsetMinutes(instant, timeZone) * 60_000);
  return instant;
}

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
  const every = day === "среду" || day === "пятницу" || day === "субботу" ? "каждую" : day === "воскресенье" ? "каждое" : "каждый";
  return `${every} ${day} в ${time}`;
}
