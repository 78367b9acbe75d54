// Slots of a question: the brigade ("3 бригады", "бригада номер 3", "третьей бригаде"), a management company by
// its name ("Жилищник", "ук уютный дом"), a CRM stage by its title's distinctive words ("расторгнут",
// "на обслуживании"), and the visit status ("выполнено", "в работе", "пропущено", "запланировано").
import { wordSimilarity } from "../../houses/fuzzy-search.ts";
import { looseWord, matchesStem, type Words } from "./text.ts";

export type VisitStatusSlot = "done" | "planned" | "in_progress" | "missed";

export interface Directory {
  brigades: { id: number; number: number | null; name: string }[];
  managementCompanies: { id: number; title: string }[];
  stages: { id: string; title: string }[];
}

/** The brigade number the question names, marking its words. */
export function readBrigade(words: Words): number | undefined {
  const list = words.list;
  for (let i = 0; i < list.length; i++) {
    if (!matchesStem(list[i]!, "бригад") || list[i]!.startsWith("бригадир")) continue;
    const before = list[i - 1] ?? "";
    if (/^\d{1,3}$/.test(before)) {
      words.use(i - 1, 2);
      return Number(before);
    }
    const after = list[i + 1] === "номер" ? list[i + 2] : list[i + 1];
    if (after && /^\d{1,3}$/.test(after)) {
      words.use(i, list[i + 1] === "номер" ? 3 : 2);
      return Number(after);
    }
  }
  return undefined;
}

/** Whether the question says "all brigades", "по бригадам": a breakdown rather than one brigade. */
export function readPerBrigade(words: Words): boolean {
  const index = words.findPhrase(["по", "бригад"]);
  if (index >= 0) {
    words.use(index, 2);
    return true;
  }
  const each = words.findPhrase(["кажд", "бригад"]);
  if (each >= 0) {
    words.use(each, 2);
    return true;
  }
  return false;
}

const STATUS_WORDS: [VisitStatusSlot, string[][]][] = [
  [
    "missed",
    [
      ["пропущ"],
      ["пропуст"],
      ["не", "выполн"],
      ["не", "сдела"],
      ["не", "убра"],
      ["сорва"],
      ["просроч"],
      ["не", "приш"],
      ["не", "был"],
    ],
  ],
  ["in_progress", [["в", "работе"], ["в", "процесс"], ["идут"], ["идет"], ["начат"], ["начал"], ["сейчас", "убира"]]],
  [
    "done",
    [
      ["выполн"],
      ["сделал"],
      ["сделан"],
      ["сделае"],
      ["убрал"],
      ["убран"],
      ["завершен"],
      ["закончен"],
      ["закрыт"],
      ["провел"],
      ["проведен"],
      ["отработ"],
    ],
  ],
  [
    "planned",
    [
      ["запланир"],
      ["заплан"],
      ["планир"],
      ["в", "плане"],
      ["по", "плану"],
      ["предстоит"],
      ["осталось"],
      ["остал"],
      ["ожида"],
      ["ждут"],
    ],
  ],
];

/** The visit status the question asks about, marking its words. */
export function readStatus(words: Words): VisitStatusSlot | undefined {
  for (const [status, phrases] of STATUS_WORDS) {
    for (const phrase of phrases) {
      const index = phrase.length === 1 ? words.find(phrase) : words.findPhrase(phrase);
      if (index >= 0) {
        words.use(index, phrase.length);
        return status;
      }
    }
  }
  return undefined;
}

/** The distinctive words of a name ("УК «Уютный дом»" -> уютный, дом; "ООО «ЖРЭУ-5»" -> жрэу, 5). */
function nameWords(title: string): string[] {
  const quoted = title.match(/[«"]([^»"]+)[»"]/)?.[1] ?? title.replace(/^(?:ук|ооо|тсж|жск|ао|зао|пао)\s+/i, "");
  return quoted
    .toLowerCase()
    .replace(/ё/g, "е")
    .split(/[\s\-–]+/)
    .filter(Boolean);
}

function wordMatchesName(word: string, nameWord: string): boolean {
  if (/^\d+$/.test(nameWord)) return word === nameWord;
  const stem =
    nameWord.length > 5 ? nameWord.slice(0, nameWord.length - 2) : nameWord.slice(0, Math.max(3, nameWord.length - 1));
  return looseWord(word).startsWith(looseWord(stem)) || (nameWord.length >= 6 && wordSimilarity(word, nameWord) >= 0.7);
}

/** The management company the question names (all its name words, in order, one of them distinctive). */
export function readManagementCompany(
  words: Words,
  directory: Directory,
): Directory["managementCompanies"][number] | undefined {
  const list = words.list.flatMap((word) => word.split("-"));
  const flatIndex: number[] = words.list.flatMap((word, i) => word.split("-").map(() => i));
  let best:
    { company: Directory["managementCompanies"][number]; start: number; length: number; size: number } | undefined;
  for (const company of directory.managementCompanies) {
    const parts = nameWords(company.title);
    if (parts.length === 0 || !parts.some((part) => part.length >= 4)) continue;
    for (let i = 0; i + parts.length <= list.length; i++) {
      if (parts.every((part, j) => wordMatchesName(list[i + j]!, part)) && (!best || parts.length > best.size)) {
        best = {
          company,
          start: flatIndex[i]!,
          length: flatIndex[i + parts.length - 1]! - flatIndex[i]! + 1,
          size: parts.length,
        };
      }
    }
  }
  if (!best) return undefined;
  words.use(best.start, best.length);
  const prefix = best.start - 1;
  if (prefix >= 0 && /^(?:ук|ооо|тсж|управляющ|компани)/.test(words.list[prefix]!)) words.use(prefix);
  if (prefix - 1 >= 0 && /^(?:управляющ|компани|ук)/.test(words.list[prefix - 1]!)) words.use(prefix - 1);
  return best.company;
}

// "обслуживаем" (we serve) is about the company, not the stage «Обслуживается».
const COMPANY_VERBS = /^обслужива(?:ем|ете|ют|ет|ли)$/;
const GENERIC_STAGE_WORDS = new Set([
  "договор",
  "договора",
  "договоры",
  "стадия",
  "стадии",
  "этап",
  "сделка",
  "сделки",
]);

/** The CRM stage the question names by a distinctive word of its title ("расторгнут", "обслуживании"). */
export function readStage(words: Words, directory: Directory): Directory["stages"][number] | undefined {
  for (const stage of directory.stages) {
    const stems = stage.title
      .toLowerCase()
      .replace(/ё/g, "е")
      .split(/[^а-яa-z0-9]+/)
      .filter((word) => word.length >= 5 && !GENERIC_STAGE_WORDS.has(word))
      .map((word) => word.slice(0, Math.max(4, word.length - 4)));
    for (const stem of stems) {
      const index = words.list.findIndex(
        (word, i) => !words.isUsed(i) && !COMPANY_VERBS.test(word) && looseWord(word).startsWith(looseWord(stem)),
      );
      if (index >= 0) {
        words.use(index);
        if (["на", "в", "стадии", "этапе", "статусе"].includes(words.list[index - 1] ?? "")) words.use(index - 1);
        return stage;
      }
    }
  }
  return undefined;
}
