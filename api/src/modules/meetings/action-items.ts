// Who and when of an assignment said at a планёрка: a brigade by its number (digits or an ordinal word), an
// employee by surname or first name in any case, and the day through the assistant's Russian date parsing
// (and the reminder parser's, when it finds an exact time such as «завтра в 8:30»).
import { instantOfWallClock } from "../../lib/dates.ts";
import { parseRussianDates } from "../assistant/russian-dates.ts";
import { parseTaskRequest, type ParseScope } from "../tasks/parse-request.ts";
import type { DraftAssignment } from "./summary.ts";

export interface ResolvedActionItem {
  text: string;
  whoLabel: string | null;
  brigadeId: number | null;
  employeeId: number | null;
  whenLabel: string | null;
  dueDay: string | null;
  remindAt: Date | null;
}

const ORDINALS: [string, number][] = [
  ["перв", 1],
  ["втор", 2],
  ["трет", 3],
  ["четвёрт", 4],
  ["четверт", 4],
  ["пят", 5],
  ["шест", 6],
  ["седьм", 7],
  ["восьм", 8],
  ["девят", 9],
  ["десят", 10],
];
const BRIGADE_MENTION =
  /(\d{1,3})(?:-?(?:й|ой|ей|ая|ую|я))?\s*бригад[а-яё]*|бригад[а-яё]*\s*(?:№\s*)?(\d{1,3})|(перв|втор|трет|четвёрт|четверт|пят|шест|седьм|восьм|девят|десят)[а-яё]{1,3}\s+бригад[а-яё]*/i;

/** "2 бригада", "бригада №3", "третья бригада": the words and the number, or undefined. */
export function findBrigadeMention(text: string): { words: string; number: number } | undefined {
  const match = BRIGADE_MENTION.exec(text);
  if (!match) return undefined;
  const ordinal = match[3] && ORDINALS.find(([stem]) => match[3]!.toLowerCase() === stem)?.[1];
  const number = Number(match[1] ?? match[2] ?? ordinal);
  return Number.isFinite(number) && number > 0 ? { words: match[0], number } : undefined;
}

/** An employee named in the text by surname or first name, in any grammatical case. */
export function findEmployeeMention<E extends { name: string }>(
  text: string,
  employees: E[],
): { words: string; employee: E } | undefined {
  const normalized = text.toLowerCase().replace(/ё/g, "е");
  const words = normalized.match(/[а-я]{3,}/g) ?? [];
  for (const employee of employees) {
    for (const part of employee.name.toLowerCase().replace(/ё/g, "е").split(/\s+/)) {
      if (part.length < 3) continue;
      const stem = part.slice(0, Math.max(3, part.length - 2));
      const word = words.find((candidate) => candidate.startsWith(stem) && candidate.length <= part.length + 3);
      // Lower-casing and ё→е keep the length, so the word's place in the original text is the same.
      if (word) return { words: text.substr(normalized.indexOf(word), word.length), employee };
    }
  }
  return undefined;
}

const brigadeLabel = (brigade: { number: number | null; name: string }) =>
  brigade.number !== null ? `${brigade.number} бригада` : brigade.name;

/** The morning (9:00 local) of the day an assignment is due: the reminder's default time. */
const REMIND_HOUR = 9;

/** Resolves who and when of one assignment against the company's brigades and employees. */
export function resolveActionItem(assignment: DraftAssignment, scope: ParseScope): ResolvedActionItem {
  const whoText = assignment.who ?? assignment.text;
  let brigadeId: number | null = null;
  let employeeId: number | null = null;
  let whoLabel: string | null = assignment.who ?? null;
  const brigadeMention = findBrigadeMention(whoText);
  const brigade = brigadeMention && scope.brigades.find((b) => b.number === brigadeMention.number);
  if (brigade) {
    brigadeId = brigade.id;
    whoLabel = brigadeLabel(brigade);
  } else if (brigadeMention) {
    whoLabel = brigadeMention.words;
  } else {
    const employee = findEmployeeMention(whoText, scope.employees);
    if (employee) {
      employeeId = employee.employee.id;
      whoLabel = employee.employee.name;
    }
  }

  const whenText = assignment.when ?? assignment.text;
  const range = parseRussianDates(whenText, { now: scope.now, timeZone: scope.timeZone });
  let remindAt: Date | null = null;
  let dueDay: string | null = null;
  let whenLabel: string | null = assignment.when ?? null;
  if (range) {
    // A week ("на следующей неделе") is due by its end; a day is that day.
    dueDay = range.to;
    whenLabel = assignment.when ?? range.label;
    const [year, month, day] = dueDay.split("-").map(Number) as [number, number, number];
    const morning = instantOfWallClock({ year, month, day, hour: REMIND_HOUR, minute: 0 }, scope.timeZone);
    remindAt = morning > scope.now ? morning : null;
  }
  // An exact time said aloud («завтра в 8:30») is what the reminder parser reads best.
  if (/\d{1,2}[:.]\d{2}|\sв\s+\d{1,2}(?:\s|$)/.test(whenText)) {
    try {
      const draft = parseTaskRequest(`мне ${whenText} ${assignment.text}`, {
        ...scope,
        requesterId: scope.requesterId ?? 1,
      });
      if (draft.at && draft.at > scope.now) remindAt = draft.at;
    } catch {
      // No exact time after all: the morning of the due day stays.
    }
  }
  return { text: assignment.text, whoLabel, brigadeId, employeeId, whenLabel, dueDay, remindAt };
}
