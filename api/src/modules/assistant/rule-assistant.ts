// The offline assistant: common Russian questions recognised by patterns and answered with the same tools the
// LLM uses. Speech-to-text writes numbers as words ("третьей бригады"), so numerals are read in both forms.
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { dayOfInstant, formatDayShort } from "../../lib/dates.ts";
import { AppError } from "../../lib/errors.ts";
import type { AssistantSource } from "./assistant.schemas.ts";
import { findHouses, getDayStatsTool, getHouseSchedule, getPeriodStats, searchKnowledgeTool, type ToolContext } from "./assistant-tools.ts";
import type { KnowledgeLookup } from "./knowledge-lookup.ts";
import { parseRussianDates, type DayRange } from "./russian-dates.ts";

export interface RuleAnswer {
  answer: string;
  sources: AssistantSource[];
  /** False when the question matched nothing the offline assistant knows. */
  isUnderstood: boolean;
}

export const OFFLINE_HELP = [
  "Я понимаю такие вопросы:",
  "• «что у нас сегодня», «дома 3 бригады на завтра», «какие дома в пятницу»",
  "• «график Кибальчича 3» — график и периодичность дома",
  "• «сколько уборок выполнено сегодня», «сколько уборок на этой неделе»",
  "• вопросы по регламентам и инструкциям — ищу в базе знаний",
].join("\n");

const LIST_LIMIT = 10;

const ORDINALS: [RegExp, number][] = [
  [/перв|один|одна/, 1], [/втор|два|две/, 2], [/трет|три/, 3], [/четв[её]р|четыре/, 4], [/пят/, 5],
  [/шест/, 6], [/седьм|семь/, 7], [/восьм|восем/, 8], [/девят/, 9], [/десят/, 10],
];

const normalize = (text: string) =>
  text.toLowerCase().replace(/ё/g, "е").replace(/[«»"!?,;:()]/g, " ").replace(/\s+/g, " ").trim();

/** The brigade number a question names ("3 бригады", "бригада №3", "третьей бригады"), and the words that named it. */
export function parseBrigadeNumber(text: string): { number: number; matchedText: string } | undefined {
  const digits = text.match(/(\d+)\s*(?:-?[а-я]{1,3})?\s*бригад[а-я]*/) ?? text.match(/бригад[а-я]*\s*(?:№|номер)?\s*(\d+)/);
  if (digits) return { number: Number(digits[1]), matchedText: digits[0] };
  const words = text.match(/([а-я]+)\s+бригад[а-я]*/) ?? text.match(/бригад[а-я]*\s+(?:номер\s+)?([а-я]+)/);
  if (!words) return undefined;
  const hit = ORDINALS.find(([pattern]) => new RegExp(`^(?:${pattern.source})`).test(words[1]!));
  return hit ? { number: hit[1], matchedText: words[0] } : undefined;
}

const STOP_WORDS = new Set(
  ("график графика графике расписание расписания периодичность периодичности какая какой какое какие когда уборка уборки " +
    "уборку убирают убираем у по дома дом доме для на покажи скажи подскажи мне нам следующая ближайшая будет в во месяц " +
    "этот этом а и как там с бригада бригады").split(" "),
);

const plural = (count: number, one: string, few: string, many: string) => {
  const mod10 = count % 10;
  const mod100 = count % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};

/** Answers a question without a language model, or says honestly that it did not understand. */
export async function answerWithRules(
  ctx: ServiceContext,
  options: { principal: Principal; message: string; now: Date; knowledge?: KnowledgeLookup },
): Promise<RuleAnswer> {
  const text = normalize(options.message);
  const today = dayOfInstant(options.now, ctx.config.timeZone);
  const tool: ToolContext = { ctx, principal: options.principal, today, knowledge: options.knowledge };
  const dates = parseRussianDates(text, { now: options.now, timeZone: ctx.config.timeZone });
  const brigade = parseBrigadeNumber(text);
  try {
    if (/^\/?(помощь|помоги|справка|help|start|что ты умеешь|что умеешь|как пользоваться|привет|здравствуй)/.test(text)) {
      return { answer: OFFLINE_HELP, sources: [], isUnderstood: true };
    }
    if (/график|расписани|периодичн|когда\s+(?:следующая\s+|ближайшая\s+)?(?:уборк|убира|будет)/.test(text)) {
      return await answerSchedule(tool, text, dates, brigade?.matchedText);
    }
    if (/сколько/.test(text) && /уборк|убор|выполн|сделал|сделан|пропущ|осталось|в работе|запланир/.test(text)) {
      return await answerCounts(tool, dates, brigade?.number);
    }
    if (dates || brigade || /дом|адрес|объект|что у нас|куда|план|работ|уборк/.test(text)) {
      return await answerHouses(tool, dates, brigade?.number);
    }
    return await answerFromKnowledge(tool, options.message);
  } catch (error) {
    if (error instanceof AppError) return { answer: error.userMessage, sources: [], isUnderstood: true };
    throw error;
  }
}

async function answerHouses(tool: ToolContext, dates: DayRange | null, brigadeNumber: number | undefined): Promise<RuleAnswer> {
  const range = dates ?? { from: tool.today, to: tool.today, label: `сегодня (${formatDayShort(tool.today)})`, matchedText: "" };
  const isOneDay = range.from === range.to;
  const result = await findHouses(tool, {
    brigade: brigadeNumber,
    ...(isOneDay ? { date: range.from } : { date_from: range.from, date_to: range.to }),
    limit: LIST_LIMIT,
  });
  const who = brigadeNumber !== undefined ? `у бригады №${brigadeNumber}` : tool.principal.brigadeId !== null ? "у вашей бригады" : "";
  const when = range.label.charAt(0).toUpperCase() + range.label.slice(1);
  const { total, houses } = result.data;
  if (total === 0) return { answer: `${when} ${who} уборок нет.`.replace(/\s+/g, " "), sources: [], isUnderstood: true };
  const lines = houses.map((house, index) => `${index + 1}. ${house.address}`);
  if (total > houses.length) lines.push(`…и ещё ${total - houses.length}. Полный список — в мини-приложении.`);
  const head = `${when} ${who}: ${total} ${plural(total, "дом", "дома", "домов")} с уборкой.`.replace(/\s+/g, " ").replace(" :", ":");
  return { answer: [head, ...lines].join("\n"), sources: result.sources, isUnderstood: true };
}

async function answerCounts(tool: ToolContext, dates: DayRange | null, brigadeNumber: number | undefined): Promise<RuleAnswer> {
  if (dates && dates.from !== dates.to) {
    const result = await getPeriodStats(tool, { date_from: dates.from, date_to: dates.to, brigade: brigadeNumber });
    const { planned, done } = result.data;
    return { answer: `${capitalize(dates.label)}: выполнено ${done} из ${planned} уборок.`, sources: result.sources, isUnderstood: true };
  }
  const day = dates?.from ?? tool.today;
  const label = dates?.label ?? `сегодня (${formatDayShort(day)})`;
  const result = await getDayStatsTool(tool, { date: day, brigade: brigadeNumber });
  const stats = result.data;
  if (stats.total === 0) return { answer: `${capitalize(label)} уборок не запланировано.`, sources: result.sources, isUnderstood: true };
  const who = brigadeNumber !== undefined ? `, бригада №${brigadeNumber}` : "";
  return {
    answer: `${capitalize(label)}${who}: выполнено ${stats.done} из ${stats.total}; в работе ${stats.inProgress}, ждут ${stats.planned}, пропущено ${stats.missed}.`,
    sources: result.sources,
    isUnderstood: true,
  };
}

async function answerSchedule(tool: ToolContext, text: string, dates: DayRange | null, brigadeText: string | undefined): Promise<RuleAnswer> {
  let rest = text;
  for (const part of [dates?.matchedText, brigadeText]) if (part) rest = rest.replace(part, " ");
  const address = rest
    .split(" ")
    .filter((word) => word && !STOP_WORDS.has(word))
    .join(" ");
  if (!address) return { answer: "Назовите дом: например, «график Кибальчича 3».", sources: [], isUnderstood: true };
  const result = await getHouseSchedule(tool, { address, month: dates?.from.slice(0, 7) });
  const data = result.data;
  if (data.ambiguous) {
    const lines = data.candidates.map((house, index) => `${index + 1}. ${house.address}`);
    return { answer: [`Нашлось ${data.total} ${plural(data.total, "дом", "дома", "домов")}, уточните адрес:`, ...lines].join("\n"), sources: result.sources, isUnderstood: true };
  }
  const brigadeLabel = data.house.brigade !== null ? `бригада №${data.house.brigade}` : "бригада не назначена";
  const visits = data.visits.map((visit) => `${formatDayShort(visit.date)} — ${visit.kind} (${visit.status.toLowerCase()})`);
  const lines = [
    `${data.house.address}: ${brigadeLabel}, периодичность ${data.periodicity}.`,
    visits.length ? `Уборки за ${data.month.slice(5, 7)}.${data.month.slice(0, 4)}:` : `В ${data.month.slice(5, 7)}.${data.month.slice(0, 4)} уборок нет.`,
    ...visits,
  ];
  if (data.nextVisit) lines.push(`Ближайшая уборка: ${formatDayShort(data.nextVisit.date)}, ${data.nextVisit.kind.toLowerCase()}.`);
  return { answer: lines.join("\n"), sources: result.sources, isUnderstood: true };
}

/** Anything else may be in the company's documents: the best passages with where they come from. */
async function answerFromKnowledge(tool: ToolContext, question: string): Promise<RuleAnswer> {
  if (!tool.knowledge || question.trim().length < 4) return { answer: "", sources: [], isUnderstood: false };
  const result = await searchKnowledgeTool(tool, { query: question, limit: 3 });
  const { passages } = result.data;
  if (passages.length === 0) return { answer: "", sources: [], isUnderstood: false };
  const lines = passages.map((passage) => `• ${passage.text} (${passage.title}, ${passage.label})`);
  return { answer: ["Вот что нашлось в базе знаний:", ...lines].join("\n"), sources: result.sources, isUnderstood: true };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
