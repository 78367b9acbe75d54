import { t } from "../i18n/ru.ts";

// Calendar days travel as "YYYY-MM-DD" strings, like in the API; arithmetic happens at UTC midnight so a
// daylight-saving change never skips or repeats a day.
const MS_PER_DAY = 86_400_000;

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

/** The company's time zone, which the server writes into the page (falls back to the device's zone). */
function companyTimeZone(): string | undefined {
  if (typeof document === "undefined") return undefined;
  return document.querySelector<HTMLMetaElement>('meta[name="app-timezone"]')?.content || undefined;
}

/** Today in the company's time zone (the business day), or on the device when the page does not say. */
export function localToday(now: Date = new Date(), timeZone = companyTimeZone()): string {
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
        now,
      );
    } catch {
      // An unknown zone name: use the device's day below.
    }
  }
  const month = String(now.getMonth() + 1).padStart(2, "0");
  const day = String(now.getDate()).padStart(2, "0");
  return `${now.getFullYear()}-${month}-${day}`;
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * MS_PER_DAY));
}

/** Monday = 0 ... Sunday = 6. */
export function weekdayIndex(day: string): number {
  return (toDate(day).getUTCDay() + 6) % 7;
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function daysInMonth(month: string): string[] {
  const first = `${month}-01`;
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

export type PresetName = "today" | "tomorrow" | "week" | "month";
export const PRESETS: PresetName[] = ["today", "tomorrow", "week", "month"];

/** The date range a preset means: calendar week Monday-Sunday, calendar month first-last day. */
export function presetRange(preset: PresetName, today: string): { from: string; to: string } {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "tomorrow": {
      const tomorrow = addDays(today, 1);
      return { from: tomorrow, to: tomorrow };
    }
    case "week": {
      const from = addDays(today, -weekdayIndex(today));
      return { from, to: addDays(from, 6) };
    }
    case "month": {
      const days = daysInMonth(monthOf(today));
      return { from: days[0] as string, to: days[days.length - 1] as string };
    }
  }
}

const monthIndex = (day: string) => Number(day.slice(5, 7)) - 1;

/** "Ноябрь 2026" */
export function formatMonth(month: string): string {
  return `${t.dates.months[monthIndex(month)]} ${month.slice(0, 4)}`;
}

/** "3 нояб." */
export const formatShortDay = (day: string) => `${Number(day.slice(8, 10))} ${t.dates.monthsShort[monthIndex(day)]}`;

/** "ср, 3 ноября" */
export const formatLongDay = (day: string) =>
  `${t.dates.weekdaysShort[weekdayIndex(day)]}, ${Number(day.slice(8, 10))} ${t.dates.monthsGenitive[monthIndex(day)]}`;

/** 58617 -> "58 617" (a no-break space between thousands, as Russian typography wants). */
export const formatNumber = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");

/** "26 нояб., 09:00" for an ISO instant, in the company's time zone (the device's when the page does not say). */
export function formatDateTime(iso: string, timeZone = companyTimeZone()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let parts: Record<string, string> | undefined;
  try {
    parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-CA", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
  } catch {
    parts = undefined;
  }
  const day = parts ? `${parts.year}-${parts.month}-${parts.day}` : localToday(date);
  const time = parts
    ? `${parts.hour}:${parts.minute}`
    : `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
  return `${formatShortDay(day)}, ${time}`;
}

/** A cron line in words for the common shapes ("0 9 * * *" = every day at 09:00); anything else as written. */
export function describeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, weekdays] = fields;
  if (
    fields.length !== 5 ||
    !/^\d+$/.test(minute ?? "") ||
    !/^\d+$/.test(hour ?? "") ||
    dayOfMonth !== "*" ||
    month !== "*"
  )
    return t.tasks.cronRaw(cron);
  const time = `${hour!.padStart(2, "0")}:${minute!.padStart(2, "0")}`;
  if (weekdays === "*") return t.tasks.cronDaily(time);
  if (weekdays === "1-5") return t.tasks.cronWeekdays(time);
  if (/^[0-7](,[0-7])*$/.test(weekdays ?? "")) {
    const names = weekdays!.split(",").map((day) => t.dates.weekdaysShort[(Number(day) + 6) % 7]);
    return t.tasks.cronWeekly(names.join(", "), time);
  }
  return t.tasks.cronRaw(cron);
}
