// The period a question is about: a day ("завтра", "28.11", "в пятницу"), a week, a month by name ("в ноябре",
// "за октябрь", "в этом месяце"), a range ("с 1 по 15 ноября", "за последние 7 дней") or all time ("всего",
// "за всё время"). Months are read here, not by chrono, which takes "в ноябре" for 1 November.
import * as chrono from "chrono-node";
import {
  addDays,
  addMonths,
  dayOfInstant,
  formatDayShort,
  isCalendarDay,
  monthOf,
  monthRange,
  weekOf,
  zoneOffsetMinutes,
} from "../../../lib/dates.ts";
import type { Words } from "./text.ts";

export interface Period {
  kind: "day" | "range" | "month" | "all";
  from: string;
  to: string;
  /** How the answer says it: "сегодня (26.11)", "в ноябре 2026", "с 01.11 по 15.11", "за всё время". */
  label: string;
}

const MONTHS: [string, string][] = [
  ["январ", "январе"],
  ["феврал", "феврале"],
  ["март", "марте"],
  ["апрел", "апреле"],
  ["ма", "мае"],
  ["июн", "июне"],
  ["июл", "июле"],
  ["август", "августе"],
  ["сентябр", "сентябре"],
  ["октябр", "октябре"],
  ["ноябр", "ноябре"],
  ["декабр", "декабре"],
];
const MONTH_FORMS: Record<string, RegExp> = { ма: /^ма[йяею]$/ };

/** The month number (1..12) a word names ("ноября", "ноябре", "май"), or 0. */
export function monthOfWord(word: string): number {
  for (const [index, [stem]] of MONTHS.entries()) {
    const special = MONTH_FORMS[stem];
    if (special ? special.test(word) : word.startsWith(stem) && word.length <= stem.length + 3) return index + 1;
  }
  return 0;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "в ноябре" said on 26.11.2026 is November 2026; "в марте" said in November is the coming March (within ±6 months). */
function nearestMonth(month: number, today: string): string {
  const current = monthOf(today);
  const candidates = [-1, 0, 1].map((shift) => `${Number(today.slice(0, 4)) + shift}-${pad(month)}`);
  const distance = (candidate: string) => {
    const [y1, m1] = candidate.split("-").map(Number) as [number, number];
    const [y2, m2] = current.split("-").map(Number) as [number, number];
    return (y1 - y2) * 12 + (m1 - m2);
  };
  return candidates.reduce((best, candidate) =>
    Math.abs(distance(candidate)) < Math.abs(distance(best)) ||
    (Math.abs(distance(candidate)) === Math.abs(distance(best)) && distance(candidate) < 0)
      ? candidate
      : best,
  );
}

export function monthLabel(month: string): string {
  return `в ${MONTHS[Number(month.slice(5, 7)) - 1]![1]} ${month.slice(0, 4)}`;
}

export function dayLabel(day: string, today: string): string {
  const names: Record<string, string> = {
    [addDays(today, -1)]: "вчера",
    [today]: "сегодня",
    [addDays(today, 1)]: "завтра",
    [addDays(today, 2)]: "послезавтра",
  };
  return names[day] ? `${names[day]} (${formatDayShort(day)})` : formatDayShort(day);
}

const dayPeriod = (day: string, today: string): Period => ({
  kind: "day",
  from: day,
  to: day,
  label: dayLabel(day, today),
});
const monthPeriod = (month: string): Period => ({ kind: "month", ...monthRange(month), label: monthLabel(month) });
const rangePeriod = (from: string, to: string, label?: string): Period => ({
  kind: "range",
  from,
  to,
  label: label ?? `с ${formatDayShort(from)} по ${formatDayShort(to)}`,
});

/** A day "28.11", "28.11.2026" or "28 ноября" at `index`; returns the day and how many words it took. */
function dayAt(
  words: Words,
  index: number,
  today: string,
  month?: number,
): { day: string; length: number } | undefined {
  const word = words.list[index];
  if (!word) return undefined;
  const numeric = word.match(/^(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?$/);
  if (numeric) {
    const year = numeric[3] ? (numeric[3].length === 2 ? `20${numeric[3]}` : numeric[3]) : today.slice(0, 4);
    const day = `${year}-${pad(Number(numeric[2]))}-${pad(Number(numeric[1]))}`;
    return isCalendarDay(day) ? { day, length: 1 } : undefined;
  }
  if (!/^\d{1,2}$/.test(word)) return undefined;
  const named = monthOfWord(words.list[index + 1] ?? "");
  const monthNumber = named || month;
  if (!monthNumber) return undefined;
  const day = `${nearestMonth(monthNumber, today).slice(0, 4)}-${pad(monthNumber)}-${pad(Number(word))}`;
  return isCalendarDay(day) ? { day, length: named ? 2 : 1 } : undefined;
}

/** Reads the period from the words and marks the words it used; null when the question names none. */
export function readPeriod(words: Words, options: { now: Date; timeZone: string }): Period | null {
  const today = dayOfInstant(options.now, options.timeZone);
  const list = words.list;

  // "с 1 по 15 ноября", "с 20.11 по 25.11", "с 1 ноября по 10 декабря"
  for (let i = 0; i < list.length; i++) {
    if (list[i] !== "с" && list[i] !== "со") continue;
    const by = list.indexOf("по", i + 2);
    if (by < 0 || by > i + 4) continue;
    const end = dayAt(words, by + 1, today);
    const endMonth = end ? Number(end.day.slice(5, 7)) : undefined;
    const start = dayAt(words, i + 1, today, endMonth);
    if (start && end && start.day <= end.day) {
      words.use(i, by + 1 + end.length - i);
      return rangePeriod(start.day, end.day);
    }
  }

  // "за последние 7 дней", "за последнюю неделю", "за последний месяц"
  const last = words.findPhrase(["последн"]);
  if (last >= 0) {
    const count = /^\d+$/.test(list[last + 1] ?? "") ? Number(list[last + 1]) : 1;
    const unitIndex = /^\d+$/.test(list[last + 1] ?? "") ? last + 2 : last + 1;
    const unit = list[unitIndex] ?? "";
    const days =
      unit.startsWith("дн") || unit.startsWith("ден")
        ? count
        : unit.startsWith("недел")
          ? 7 * count
          : unit.startsWith("месяц")
            ? 30 * count
            : 0;
    if (days > 0) {
      words.use(last - (list[last - 1] === "за" ? 1 : 0), unitIndex - last + 1 + (list[last - 1] === "за" ? 1 : 0));
      return rangePeriod(
        addDays(today, -(days - 1)),
        today,
        `за последние ${days} дн. (${formatDayShort(addDays(today, -(days - 1)))}–${formatDayShort(today)})`,
      );
    }
  }

  // "в этом / прошлом / следующем месяце", "за месяц"
  const monthWord = words.find(["месяц"]);
  if (monthWord >= 0) {
    const before = list[monthWord - 1] ?? "";
    const shift =
      before.startsWith("прошл") || before.startsWith("предыдущ")
        ? -1
        : before.startsWith("следующ") || before.startsWith("будущ")
          ? 1
          : 0;
    const isExplicit =
      shift !== 0 || before.startsWith("эт") || before.startsWith("текущ") || before === "за" || before === "в";
    if (isExplicit) {
      words.use(monthWord - 1, 2);
      if (list[monthWord - 2] === "в" || list[monthWord - 2] === "за" || list[monthWord - 2] === "на")
        words.use(monthWord - 2);
      return monthPeriod(addMonths(monthOf(today), shift));
    }
  }

  // A month by name, not preceded by a day number: "в ноябре", "за октябрь", "ноябрь 2026".
  for (let i = 0; i < list.length; i++) {
    const month = monthOfWord(list[i]!);
    if (!month || /^\d{1,2}$/.test(list[i - 1] ?? "")) continue;
    const year = /^20\d\d$/.test(list[i + 1] ?? "") ? list[i + 1]! : null;
    words.use(i, year ? 2 : 1);
    if (["в", "за", "на"].includes(list[i - 1] ?? "")) words.use(i - 1);
    return monthPeriod(year ? `${year}-${pad(month)}` : nearestMonth(month, today));
  }

  // "на этой / следующей / прошлой неделе", "за неделю"
  const week = words.find(["недел"]);
  if (week >= 0) {
    const before = list[week - 1] ?? "";
    const shift = before.startsWith("следующ")
      ? 7
      : before.startsWith("прошл") || before.startsWith("предыдущ")
        ? -7
        : 0;
    const { from, to } = weekOf(addDays(today, shift));
    const name = shift === 7 ? "на следующей неделе" : shift === -7 ? "на прошлой неделе" : "на этой неделе";
    words.use(week - 1, 2);
    if (["на", "за", "в"].includes(list[week - 2] ?? "")) words.use(week - 2);
    return rangePeriod(from, to, `${name} (${formatDayShort(from)}–${formatDayShort(to)})`);
  }

  // "всего", "за всё время", "вообще"
  const allTime = words.findPhrase(["за", "все", "время"]);
  if (allTime >= 0) {
    words.use(allTime, 3);
    return { kind: "all", from: "1900-01-01", to: "2999-12-31", label: "за всё время" };
  }

  // A single day: "28.11", "28 ноября", then chrono for words ("завтра", "в пятницу", "через 2 дня").
  for (let i = 0; i < list.length; i++) {
    const found = dayAt(words, i, today);
    if (found && (found.length === 2 || list[i]!.includes("."))) {
      words.use(i, found.length);
      if (["на", "за", "в"].includes(list[i - 1] ?? "")) words.use(i - 1);
      return dayPeriod(found.day, today);
    }
  }
  return chronoDay(words, options, today);
}

const DAY_WORDS =
  /(?:сегодня|завтра|вчера|послезавтра|позавчера|понедельник|вторник|сред[уае]|четверг|пятниц|суббот|воскресен|через|назад)/;

function chronoDay(words: Words, options: { now: Date; timeZone: string }, today: string): Period | null {
  const text = words.list.map((word, i) => (words.isUsed(i) ? "_" : word)).join(" ");
  const results = chrono.ru.parse(
    text,
    { instant: options.now, timezone: zoneOffsetMinutes(options.now, options.timeZone) },
    { forwardDate: true },
  );
  // Only words that name a day: a bare "3" is a house number, not the 3rd.
  const result = results.find((candidate) => DAY_WORDS.test(candidate.text));
  if (!result) return null;
  // "в прошлую пятницу", "в эту пятницу": chrono looks forward; "прошл" means the one before today.
  let day = dayOfInstant(result.start.date(), options.timeZone);
  const before = text.slice(0, result.index).trim().split(" ").at(-1) ?? "";
  if ((before.startsWith("прошл") || result.text.includes("прошл")) && day >= today) day = addDays(day, -7);
  const start = text.slice(0, result.index).split(" ").filter(Boolean).length;
  const length = result.text.split(" ").filter(Boolean).length;
  words.use(start, length);
  if (before.startsWith("прошл")) words.use(start - 1);
  return dayPeriod(day, today);
}
