// Calendar days ("YYYY-MM-DD") in the company's time zone. Postgres DATE columns reach Prisma as
// Date objects at UTC midnight, so a day travels as a string and becomes a Date only at the database edge.

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a real calendar day written as YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function isMonth(value: string): boolean {
  if (!MONTH_PATTERN.test(value)) return false;
  const month = Number(value.slice(5, 7));
  return month >= 1 && month <= 12;
}

/** The calendar day an instant falls on in `timeZone`. */
export function dayOfInstant(instant: Date, timeZone: string): string {
  return dayFormatter(timeZone).format(instant);
}

/** Today in the company's time zone. */
export function today(timeZone: string, now: Date): string {
  return dayOfInstant(now, timeZone);
}

/**
 * Any date the outside world sends (a plain day, or an ISO instant with an offset such as Bitrix24's
 * `2026-11-03T00:00:00+03:00`) as the calendar day it means in `timeZone`.
 */
export function toCalendarDay(value: string | Date, timeZone: string): string {
  if (value instanceof Date) return dayOfInstant(value, timeZone);
  const trimmed = value.trim();
  if (DAY_PATTERN.test(trimmed)) return trimmed;
  const instant = new Date(trimmed);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a date: ${value}`);
  return dayOfInstant(instant, timeZone);
}

/** A day as the Date Prisma expects for a DATE column. */
export function dayToDbDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** A DATE column's value back to its day. */
export function dbDateToDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dbDateToDay(new Date(dayToDbDate(day).getTime() + days * MS_PER_DAY));
}

/** Whole days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToDbDate(to).getTime() - dayToDbDate(from).getTime()) / MS_PER_DAY);
}

/** Monday..Sunday of the calendar week containing `day`. */
export function weekOf(day: string): { from: string; to: string } {
  const weekday = (dayToDbDate(day).getUTCDay() + 6) % 7; // Monday = 0
  const from = addDays(day, -weekday);
  return { from, to: addDays(from, 6) };
}

/** First and last day of a month "YYYY-MM". */
export function monthRange(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(year, monthNumber - 1 + months, 1));
  return date.toISOString().slice(0, 7);
}

/** Every day from `from` to `to` inclusive. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** "26.11" style short Russian date. */
export function formatDayShort(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`;
}

/** "26.11.2026" style Russian date. */
export function formatDayRu(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

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
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
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
