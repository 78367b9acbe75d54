// Russian requests such as "Напомни 2 бригаде завтра в 8:30 взять ключи" -> text, target and time. Single
// moments come from chrono-node's Russian locale; recurrences ("каждый будний день в 8:00") and targets from
// our own rules, because chrono has no notion of either.
import * as chrono from "chrono-node";
import { badRequest } from "../../lib/errors.ts";
import { instantOfWallClock, wallClockOf, zoneOffsetMinutes } from "./task-time.ts";
import type { TaskTarget } from "./tasks.schemas.ts";

export interface TaskDraft {
  text: string;
  target: TaskTarget;
  at?: Date;
  cron?: string;
}

export interface ParseScope {
  now: Date;
  timeZone: string;
  /** The employee asking: "мне" means them. */
  requesterId: number | null;
  brigades: { id: number; number: number | null; name: string }[];
  /** Active employees; `role` and `brigadeId` let "бригадирам" and "бригадиру 3 бригады" find the leads. */
  employees: { id: number; name: string; role?: string; brigadeId?: number | null }[];
}

const LEADING_VERB =
  /^(?:пожалуйста,?\s+)?(?:напомни(?:те)?|напоминай(?:те)?|отправь(?:те)?|напиши(?:те)?|передай(?:те)?|сообщи(?:те)?|скажи(?:те)?|пришли(?:те)?)(?:,?\s+пожалуйста)?[\s,]+/i;
// \b does not work with Cyrillic in JS regexps, so word edges are spelled out.
const START = "(?<=^|[\\s,.;:!?(])";
const END = "(?=$|[\\s,.;:!?)])";

const WEEKDAY_STEMS: [RegExp, number][] = [
  [/^понедельник/, 1],
  [/^вторник/, 2],
  [/^сред/, 3],
  [/^четверг/, 4],
  [/^пятниц/, 5],
  [/^суббот/, 6],
  [/^воскресень/, 0],
];

/** The hour a vague part of the day means here: the working morning starts at 9, not at chrono's 6. */
function hourOfDayPart(text: string): number | undefined {
  if (/утр/i.test(text)) return 9;
  if (/(?:днём|днем|обед)/i.test(text)) return 13;
  if (/вечер/i.test(text)) return 18;
  if (/ноч/i.test(text)) return 22;
  return undefined;
}

/** Removes the first match of `pattern` from `text`, returning the match and the rest. */
function cut(text: string, pattern: RegExp): { match: RegExpExecArray | null; rest: string } {
  const match = pattern.exec(text);
  if (!match) return { match: null, rest: text };
  return { match, rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}` };
}

// Number words said before "бригаде" ("третьей бригаде") are read as the number.
const ORDINAL_BRIGADE = new Map<string, number>([
  ["перв", 1],
  ["втор", 2],
  ["трет", 3],
  ["четверт", 4],
  ["пят", 5],
  ["шест", 6],
  ["седьм", 7],
  ["восьм", 8],
  ["девят", 9],
  ["десят", 10],
]);
const ORDINAL_ENDINGS = /^(?:ой|ей|ьей|ий|ый|ая|ья|ую|ью)$/;

function withBrigadeDigits(text: string): string {
  return text.replace(new RegExp(`${START}([а-яё]+)(\\s+бригад)`, "gi"), (whole, word: string, tail: string) => {
    const lower = word.toLowerCase();
    for (const [stem, value] of ORDINAL_BRIGADE) {
      if (lower.startsWith(stem) && ORDINAL_ENDINGS.test(lower.slice(stem.length))) return `${value}${tail}`;
    }
    return whole;
  });
}

/** "всем бригадам", "бригадирам", "бригадиру 3 бригады": several recipients, or one lead. */
function findGroupTarget(
  text: string,
  scope: ParseScope,
): { targets: TaskTarget[]; rest: string; unknown?: string } | undefined {
  const allBrigades = cut(text, new RegExp(`${START}(?:всем|каждой)\\s+бригад(?:ам|е)${END}`, "i"));
  if (allBrigades.match) {
    const brigades = scope.brigades.filter((b) => b.number !== null).sort((a, b) => a.number! - b.number!);
    if (brigades.length === 0) return { targets: [], rest: allBrigades.rest, unknown: "в компании нет бригад" };
    return { targets: brigades.map((b) => ({ brigadeId: b.id })), rest: allBrigades.rest };
  }
  const leadOf = cut(
    text,
    new RegExp(`${START}бригадир(?:у|ше)\\s+(\\d{1,3})(?:-?(?:й|ой|ей))?\\s*бригад[а-я]*${END}`, "i"),
  );
  if (leadOf.match) {
    const brigade = scope.brigades.find((b) => b.number === Number(leadOf.match![1]));
    const lead = brigade && scope.employees.find((e) => e.role === "brigade_lead" && e.brigadeId === brigade.id);
    if (!lead)
      return {
        targets: [],
        rest: leadOf.rest,
        unknown: brigade ? `у бригады ${leadOf.match[1]} нет бригадира` : `бригада ${leadOf.match[1]} не найдена`,
      };
    return { targets: [{ employeeId: lead.id }], rest: leadOf.rest };
  }
  const leads = cut(text, new RegExp(`${START}(?:всем\\s+)?бригадирам${END}`, "i"));
  if (leads.match) {
    const found = scope.employees.filter((e) => e.role === "brigade_lead");
    if (found.length === 0) return { targets: [], rest: leads.rest, unknown: "бригадиров нет" };
    return { targets: found.map((e) => ({ employeeId: e.id })), rest: leads.rest };
  }
  return undefined;
}

function findTarget(text: string, scope: ParseScope): { target?: TaskTarget; rest: string; unknown?: string } {
  const me = cut(text, new RegExp(`${START}мне${END}`, "i"));
  if (me.match) {
    if (scope.requesterId === null) return { rest: me.rest, unknown: "«мне» — не знаю, кто вы" };
    return { target: { employeeId: scope.requesterId }, rest: me.rest };
  }
  const brigade = cut(
    text,
    new RegExp(
      `${START}(?:(\\d{1,3})(?:-?(?:й|ой|ей|ая|ую))?\\s*бригад[а-я]*|бригад[а-я]*\\s*(?:№\\s*)?(\\d{1,3}))${END}`,
      "i",
    ),
  );
  if (brigade.match) {
    const number = Number(brigade.match[1] ?? brigade.match[2]);
    const found = scope.brigades.find((b) => b.number === number);
    if (!found) return { rest: brigade.rest, unknown: `бригада ${number} не найдена` };
    return { target: { brigadeId: found.id }, rest: brigade.rest };
  }
  const chat = cut(text, new RegExp(`${START}(?:в\\s+)?чат(?:у)?\\s+(-?\\d{5,})${END}`, "i"));
  if (chat.match) return { target: { chatId: BigInt(chat.match[1]!) }, rest: chat.rest };
  // An employee named by surname or first name in any case ("Иванову", "Петру"): the words right after the verb.
  const words = text.trim().split(/\s+/).slice(0, 2);
  for (const [index, word] of words.entries()) {
    const lower = word.toLowerCase().replace(/[,.:]/g, "");
    if (lower.length < 3) continue;
    const match = scope.employees.find((employee) =>
      employee.name
        .toLowerCase()
        .split(/\s+/)
        .some(
          (part) =>
            part.length >= 3 &&
            lower.startsWith(part.slice(0, Math.max(3, part.length - 2))) &&
            lower.length <= part.length + 3,
        ),
    );
    if (match) {
      const rest = text.trim().split(/\s+/);
      rest.splice(index, 1);
      return { target: { employeeId: match.id }, rest: rest.join(" ") };
    }
  }
  return { rest: text };
}

function findRecurrence(text: string): { cron?: string; rest: string } {
  let dayOfWeek: string | undefined;
  let dayOfMonth: string | undefined;
  let defaultHour = 9;
  let rest = text;
  const weekdays = cut(
    rest,
    new RegExp(
      `${START}(?:кажд(?:ый|ое)\\s+будн(?:ий|ие|ий\\s+день|ие\\s+дни)(?:\\s+день)?|по\\s+будням|в\\s+будни)${END}`,
      "i",
    ),
  );
  const daily = cut(rest, new RegExp(`${START}(?:кажд(?:ый|ое)\\s+(?:день|утро|вечер)|ежедневно)${END}`, "i"));
  const weekly = cut(
    rest,
    new RegExp(
      `${START}(?:кажд(?:ый|ую|ое)|по)\\s+(понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)[а-я]*${END}`,
      "i",
    ),
  );
  const monthly = cut(
    rest,
    new RegExp(
      `${START}(?:кажд(?:ое|ого)\\s+(\\d{1,2})(?:-?(?:е|го))?\\s+числ[оа]|(\\d{1,2})(?:-?го)?\\s+числа\\s+каждого\\s+месяца)${END}`,
      "i",
    ),
  );
  if (weekdays.match) {
    dayOfWeek = "1-5";
    rest = weekdays.rest;
  } else if (weekly.match) {
    const stem = weekly.match[1]!.toLowerCase();
    dayOfWeek = String(WEEKDAY_STEMS.find(([pattern]) => pattern.test(stem))![1]);
    rest = weekly.rest;
  } else if (monthly.match) {
    dayOfMonth = String(Number(monthly.match[1] ?? monthly.match[2]));
    rest = monthly.rest;
  } else if (daily.match) {
    dayOfWeek = "*";
    defaultHour = hourOfDayPart(daily.match[0]) ?? 9;
    rest = daily.rest;
  } else {
    return { rest: text };
  }
  const time = cut(
    rest,
    new RegExp(`${START}в\\s+(\\d{1,2})(?:[:.](\\d{2}))?(?:\\s+(утра|дня|вечера|ночи))?${END}`, "i"),
  );
  let hour = defaultHour;
  let minute = 0;
  if (time.match) {
    hour = Number(time.match[1]);
    minute = Number(time.match[2] ?? 0);
    const part = time.match[3]?.toLowerCase();
    if ((part === "дня" || part === "вечера") && hour < 12) hour += 12;
    rest = time.rest;
  } else {
    const part = cut(rest, new RegExp(`${START}(утром|днём|днем|вечером)${END}`, "i"));
    if (part.match) {
      hour = hourOfDayPart(part.match[1]!) ?? hour;
      rest = part.rest;
    }
  }
  if (hour > 23 || minute > 59)
    throw badRequest("task_time_invalid", `Не бывает времени ${hour}:${String(minute).padStart(2, "0")}`);
  return { cron: `${minute} ${hour} ${dayOfMonth ?? "*"} * ${dayOfMonth ? "*" : dayOfWeek}`, rest };
}

/** A bare "26.11" gets the year of its next occurrence, so chrono reads it as a date and not a time. */
function withYears(text: string, scope: ParseScope): string {
  const today = wallClockOf(scope.now, scope.timeZone);
  return text.replace(/(^|\s)(\d{1,2})\.(\d{1,2})(?![.\d:])/g, (whole, space: string, day: string, month: string) => {
    const d = Number(day);
    const m = Number(month);
    if (d < 1 || d > 31 || m < 1 || m > 12) return whole;
    const isPast = m < today.month || (m === today.month && d < today.day);
    return `${space}${day}.${month}.${today.year + (isPast ? 1 : 0)}`;
  });
}

function findMoment(text: string, scope: ParseScope): { at?: Date; rest: string } {
  const prepared = withYears(text, scope);
  const reference = { instant: scope.now, timezone: zoneOffsetMinutes(scope.now, scope.timeZone) };
  const [result] = chrono.ru.parse(prepared, reference, { forwardDate: true });
  if (!result) return { rest: text };
  const rest = `${prepared.slice(0, result.index)} ${prepared.slice(result.index + result.text.length)}`;
  let at = result.start.date();
  if (!result.start.isCertain("hour")) {
    const day = wallClockOf(at, scope.timeZone);
    const hour = hourOfDayPart(result.text) ?? 9;
    at = instantOfWallClock({ year: day.year, month: day.month, day: day.day, hour, minute: 0 }, scope.timeZone);
    // "вечером" said after the evening began means tomorrow evening.
    if (at <= scope.now && !result.start.isCertain("day")) at = new Date(at.getTime() + 86_400_000);
  }
  return { at, rest };
}

function cleanText(text: string): string {
  const cleaned = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[,.:;—–-]+\s*/, "")
    .replace(/^(?:что(?:бы)?|о\s+том,?\s+что(?:бы)?)\s+/i, "")
    .replace(/^[,.:;—–-]+\s*/, "")
    .replace(/\s+([,.!?])/g, "$1")
    .replace(/[,;:—–-]+$/, "")
    .trim();
  return cleaned ? cleaned[0]!.toUpperCase() + cleaned.slice(1) : "";
}

/** Parses a Russian reminder request; throws a clear AppError when the target, the time or the text is missing. */
export function parseTaskRequest(request: string, scope: ParseScope): TaskDraft {
  const drafts = parseTaskRequests(request, scope);
  if (drafts.length > 1) {
    throw badRequest(
      "task_target_many",
      `Это ${drafts.length} получателей: поставьте напоминание каждому отдельно или попросите ассистента`,
    );
  }
  return drafts[0]!;
}

/**
 * Parses a request that may name several recipients ("всем бригадам", "бригадирам"): one draft per recipient,
 * all with the same text and time. Throws like `parseTaskRequest`.
 */
export function parseTaskRequests(request: string, scope: ParseScope): TaskDraft[] {
  const body = withBrigadeDigits(request.replace(/\s+/g, " ").trim().replace(LEADING_VERB, ""));
  const group = findGroupTarget(body, scope);
  if (group?.unknown) throw badRequest("task_target_unknown", `Не нашёл получателя: ${group.unknown}`);
  if (group) {
    const schedule = parseSchedule(group.rest, scope);
    return group.targets.map((target) => ({ ...schedule, target }));
  }
  const { target, rest: afterTarget, unknown } = findTarget(body, scope);
  if (unknown) throw badRequest("task_target_unknown", `Не нашёл получателя: ${unknown}`);
  if (!target) {
    throw badRequest(
      "task_target_unknown",
      "Не понял, кому отправить: напишите «мне», «2 бригаде», «всем бригадам», «бригадирам», имя сотрудника или «в чат <id>»",
    );
  }
  return [{ ...parseSchedule(afterTarget, scope), target }];
}

/** The time (once or recurring) and the text of a request whose recipient has been cut out. */
function parseSchedule(afterTarget: string, scope: ParseScope): Omit<TaskDraft, "target"> {
  const recurrence = findRecurrence(afterTarget);
  if (recurrence.cron) {
    const text = cleanText(recurrence.rest);
    if (!text) throw badRequest("task_text_empty", "Не понял, что напомнить");
    return { text, cron: recurrence.cron };
  }
  const moment = findMoment(afterTarget, scope);
  if (!moment.at) {
    throw badRequest(
      "task_time_unknown",
      "Не понял, когда отправить: например «завтра в 9», «через 2 часа», «каждый понедельник в 9:00»",
    );
  }
  if (moment.at.getTime() <= scope.now.getTime()) throw badRequest("task_time_past", "Это время уже прошло");
  const text = cleanText(moment.rest);
  if (!text) throw badRequest("task_text_empty", "Не понял, что напомнить");
  return { text, at: moment.at };
}
