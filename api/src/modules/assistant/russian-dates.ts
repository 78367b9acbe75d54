// Dates in Russian words ("завтра", "в пятницу", "28 ноября", "через 2 дня") through chrono-node's Russian
// locale, plus the two forms it does not read: "28.11" and weeks ("на этой/следующей неделе").
import * as chrono from "chrono-node";
import { addDays, dayOfInstant, formatDayShort, isCalendarDay, weekOf, zoneOffsetMinutes } from "../../lib/dates.ts";

export interface DayRange {
  from: string;
  to: string;
  /** How to say it back: "сегодня (26.11)", "на неделе 23.11–29.11". */
  label: string;
  /** The words of the question that named the date, to strip from address searches. */
  matchedText: string;
}

const normalize = (text: string) => text.toLowerCase().replace(/ё/g, "е");

/** The day or days a Russian question is about, or null when it names none. `now` fixes "today". */
export function parseRussianDates(text: string, options: { now: Date; timeZone: string }): DayRange | null {
  const lower = normalize(text);
  const todayDay = dayOfInstant(options.now, options.timeZone);

  const week = lower.match(/(?:на|за)?\s*(эт(?:ой|у)|следующ(?:ей|ую)|прошл(?:ой|ую))?\s*недел[еюяи]/);
  if (week) {
    const shift = week[1]?.startsWith("след") ? 7 : week[1]?.startsWith("прош") ? -7 : 0;
    const { from, to } = weekOf(addDays(todayDay, shift));
    const name = shift === 7 ? "на следующей неделе" : shift === -7 ? "на прошлой неделе" : "на этой неделе";
    return { from, to, label: `${name} (${formatDayShort(from)}–${formatDayShort(to)})`, matchedText: week[0] };
  }

  const numeric = lower.match(/\b(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?\b/);
  if (numeric) {
    const year = numeric[3] ? (numeric[3].length === 2 ? `20${numeric[3]}` : numeric[3]) : todayDay.slice(0, 4);
    const day = `${year}-${numeric[2]!.padStart(2, "0")}-${numeric[1]!.padStart(2, "0")}`;
    if (isCalendarDay(day)) return { from: day, to: day, label: labelOf(day, todayDay), matchedText: numeric[0] };
  }

  const [result] = chrono.ru.parse(
    lower,
    { instant: options.now, timezone: zoneOffsetMinutes(options.now, options.timeZone) },
    { forwardDate: true },
  );
  if (!result) return null;
  const day = dayOfInstant(result.start.date(), options.timeZone);
  return { from: day, to: day, label: labelOf(day, todayDay), matchedText: result.text };
}

function labelOf(day: string, todayDay: string): string {
  const names: Record<string, string> = {
    [addDays(todayDay, -1)]: "вчера",
    [todayDay]: "сегодня",
    [addDays(todayDay, 1)]: "завтра",
    [addDays(todayDay, 2)]: "послезавтра",
  };
  return names[day] ? `${names[day]} (${formatDayShort(day)})` : formatDayShort(day);
}
