// The assistant's tools: thin adapters over our own use cases, so the LLM and the rule-based assistant see
// exactly what the mini-app shows, scoped by the same role rules (a cleaner sees only their brigade).
import { z } from "zod";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { addDays, eachDay, formatDayShort, isCalendarDay, isMonth } from "../../lib/dates.ts";
import { AppError } from "../../lib/errors.ts";
import { hasPlausibleYear, INT4_MAX, isSafeText } from "../../lib/schemas.ts";
import { getDashboardStats, getDayStats } from "../dashboard/dashboard.service.ts";
import { getHouseDetails, listHouses } from "../houses/houses.service.ts";
import type { HouseListItem } from "../houses/houses.schemas.ts";
import { VISIT_KIND_SHORT_LABELS } from "../schedule/visit-kinds.ts";
import type { AssistantSource } from "./assistant.schemas.ts";
import { INTENT_TOOLS } from "./intents/intent-tools.ts";
import type { KnowledgeLookup } from "./knowledge-lookup.ts";

export interface ToolContext {
  ctx: ServiceContext;
  principal: Principal;
  /** Today in the company's time zone (fixed in tests). */
  today: string;
  /** Knowledge-base search; without it the knowledge tool says the base is not available. */
  knowledge?: KnowledgeLookup;
}

export interface ToolResult<T = unknown> {
  data: T;
  sources: AssistantSource[];
}

const day = z
  .string()
  .refine(isCalendarDay, "дата в формате YYYY-MM-DD")
  .refine(hasPlausibleYear, "год вне допустимого диапазона");
// The model's arguments are input like any request's: ids and numbers within int4, text without control characters.
const int4 = () => z.number().int().min(1).max(INT4_MAX);
const text = () => z.string().max(500).refine(isSafeText, "недопустимые управляющие символы");

export const findHousesArgs = z.object({
  query: text().optional().describe("Часть адреса: улица и/или номер дома"),
  brigade: int4().optional().describe("Номер бригады"),
  date: day.optional().describe("Дома с уборкой в этот день (YYYY-MM-DD)"),
  date_from: day.optional().describe("Начало периода уборок (YYYY-MM-DD)"),
  date_to: day.optional().describe("Конец периода уборок (YYYY-MM-DD)"),
  limit: z.number().int().min(1).max(50).optional().describe("Сколько домов вернуть (по умолчанию 20)"),
});

export const houseScheduleArgs = z.object({
  house_id: int4().optional().describe("id дома из find_houses"),
  address: text().optional().describe("Адрес дома, если id неизвестен"),
  month: z
    .string()
    .refine(isMonth, "месяц в формате YYYY-MM")
    .refine(hasPlausibleYear, "год вне допустимого диапазона")
    .optional()
    .describe("Месяц графика (YYYY-MM), по умолчанию текущий"),
});

export const dayStatsArgs = z.object({
  date: day.optional().describe("День (YYYY-MM-DD), по умолчанию сегодня"),
  brigade: int4().optional().describe("Номер бригады"),
});

export const periodStatsArgs = z.object({
  date_from: day.describe("Начало периода (YYYY-MM-DD)"),
  date_to: day.describe("Конец периода (YYYY-MM-DD)"),
  brigade: int4().optional().describe("Номер бригады"),
});

export const knowledgeArgs = z.object({
  query: text().min(2).describe("Что искать в регламентах, инструкциях и прайсах компании"),
  limit: z.number().int().min(1).max(8).optional().describe("Сколько фрагментов вернуть (по умолчанию 4)"),
});

/** Brigade number -> id, refusing brigades a brigade member may not see. */
async function resolveBrigade(tool: ToolContext, number: number | undefined): Promise<number | undefined> {
  if (number === undefined) return undefined;
  const brigade = await tool.ctx.db.prisma.brigade.findFirst({ where: { number }, select: { id: true } });
  if (!isOfficeRole(tool.principal) && brigade?.id !== tool.principal.brigadeId) {
    throw new AppError("forbidden", { status: 403, userMessage: "Вам доступны только дома своей бригады" });
  }
  if (!brigade) throw new AppError("unknown_brigade", { userMessage: `Бригады №${number} нет` });
  return brigade.id;
}

const houseSource = (house: { id: number; address: string }): AssistantSource => ({
  kind: "house",
  houseId: house.id,
  title: house.address,
});

const briefHouse = (house: HouseListItem) => ({
  id: house.id,
  address: house.address,
  brigade: house.brigade?.number ?? null,
  periodicity: house.periodicity,
  nextVisit: house.nextVisit,
});

/** Houses by address, brigade and cleaning day(s). */
export async function findHouses(tool: ToolContext, args: z.infer<typeof findHousesArgs>) {
  const brigadeId = await resolveBrigade(tool, args.brigade);
  const list = await listHouses(tool.ctx, {
    principal: tool.principal,
    brigadeId,
    search: args.query?.trim() || undefined,
    cleaningDate: args.date,
    dateFrom: args.date ? undefined : args.date_from,
    dateTo: args.date ? undefined : args.date_to,
    page: 1,
    limit: args.limit ?? 20,
  });
  const houses = list.items.map(briefHouse);
  return { data: { total: list.total, houses }, sources: list.items.map(houseSource) } satisfies ToolResult;
}

/** One house's schedule for a month, its periodicity and brigade; by id or by address. */
export async function getHouseSchedule(tool: ToolContext, args: z.infer<typeof houseScheduleArgs>) {
  let houseId = args.house_id;
  if (houseId === undefined) {
    if (!args.address?.trim()) throw new AppError("house_required", { userMessage: "Назовите адрес дома" });
    const found = await listHouses(tool.ctx, { principal: tool.principal, search: args.address, page: 1, limit: 5 });
    if (found.total === 0)
      throw new AppError("not_found", { status: 404, userMessage: `Дом по адресу «${args.address}» не найден` });
    if (found.total > 1) {
      return {
        data: { ambiguous: true as const, total: found.total, candidates: found.items.map(briefHouse) },
        sources: found.items.map(houseSource),
      };
    }
    houseId = found.items[0]!.id;
  }
  const details = await getHouseDetails(tool.ctx, {
    principal: tool.principal,
    houseId,
    month: args.month ?? tool.today.slice(0, 7),
  });
  const nextVisit = details.schedule.visits.find(
    (visit) => visit.date >= tool.today && (visit.status === "planned" || visit.status === "in_progress"),
  );
  return {
    data: {
      ambiguous: false as const,
      house: { id: details.house.id, address: details.house.address, brigade: details.house.brigade?.number ?? null },
      month: details.schedule.month,
      periodicity: details.schedule.periodicity,
      visits: details.schedule.visits.map((visit) => ({
        date: visit.date,
        kind: VISIT_KIND_SHORT_LABELS[visit.kind],
        status: visit.statusLabel,
      })),
      nextVisit: nextVisit ? { date: nextVisit.date, kind: VISIT_KIND_SHORT_LABELS[nextVisit.kind] } : null,
    },
    sources: [
      { kind: "schedule", houseId: details.house.id, title: `График: ${details.house.address}` },
    ] as AssistantSource[],
  };
}

/** Visits of one day by status. */
export async function getDayStatsTool(tool: ToolContext, args: z.infer<typeof dayStatsArgs>) {
  const date = args.date ?? tool.today;
  const brigadeId = await resolveBrigade(tool, args.brigade);
  const stats = await getDayStats(tool.ctx, { principal: tool.principal, day: date, brigadeId });
  const total = stats.planned + stats.inProgress + stats.done + stats.missed;
  return {
    data: { ...stats, total },
    sources: [{ kind: "stats", title: `Статистика за ${formatDayShort(date)}` }] as AssistantSource[],
  };
}

/** Planned and done visits per day over a period (at most 31 days). */
export async function getPeriodStats(tool: ToolContext, args: z.infer<typeof periodStatsArgs>) {
  const to = args.date_to < args.date_from ? args.date_from : args.date_to;
  const from = eachDay(args.date_from, to).length > 31 ? addDays(to, -30) : args.date_from;
  const brigadeId = await resolveBrigade(tool, args.brigade);
  const stats = await getDashboardStats(tool.ctx, { principal: tool.principal, brigadeId, dateFrom: from, dateTo: to });
  const planned = stats.byDay.reduce((sum, row) => sum + row.planned, 0);
  const done = stats.byDay.reduce((sum, row) => sum + row.done, 0);
  return {
    data: { from, to, planned, done, byDay: stats.byDay },
    sources: [
      { kind: "stats", title: `Статистика ${formatDayShort(from)}–${formatDayShort(to)}` },
    ] as AssistantSource[],
  };
}

/** Passages of the company's documents (regulations, price lists, instructions) that answer a question. */
export async function searchKnowledgeTool(tool: ToolContext, args: z.infer<typeof knowledgeArgs>) {
  if (!tool.knowledge) throw new AppError("knowledge_off", { userMessage: "База знаний недоступна" });
  const passages = await tool.knowledge(args.query, args.limit ?? 4);
  return {
    data: { found: passages.length, passages },
    sources: passages.map((passage): AssistantSource => ({
      kind: "knowledge",
      title: `${passage.title}, ${passage.label}`,
    })),
  };
}

interface ToolDefinition {
  description: string;
  args: z.ZodType;
  run: (tool: ToolContext, args: never) => Promise<ToolResult>;
}

/** Every tool the LLM may call. */
export const ASSISTANT_TOOLS: Record<string, ToolDefinition> = {
  find_houses: {
    description:
      "Найти дома по адресу, номеру бригады и дню (или периоду) уборки. Возвращает адреса, бригаду, периодичность и ближайшую уборку.",
    args: findHousesArgs,
    run: findHouses,
  },
  get_house_schedule: {
    description: "График уборок одного дома за месяц: даты, виды уборки, статусы, периодичность и ближайшая уборка.",
    args: houseScheduleArgs,
    run: getHouseSchedule,
  },
  get_day_stats: {
    description: "Сколько уборок за день запланировано, в работе, выполнено и пропущено.",
    args: dayStatsArgs,
    run: getDayStatsTool,
  },
  get_period_stats: {
    description: "Запланированные и выполненные уборки по дням за период (неделя, до 31 дня).",
    args: periodStatsArgs,
    run: getPeriodStats,
  },
  search_knowledge: {
    description:
      "Поиск по базе знаний компании: регламенты, инструкции, прайсы. Для вопросов «как», «что делать», «сколько стоит».",
    args: knowledgeArgs,
    run: searchKnowledgeTool,
  },
  ...INTENT_TOOLS,
};

/** The tools in the shape of OpenAI's `tools` parameter, generated from the same zod schemas. */
export function openAiToolSpecs() {
  return Object.entries(ASSISTANT_TOOLS).map(([name, tool]) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.args, { io: "input" }) as Record<string, unknown>;
    return { type: "function" as const, function: { name, description: tool.description, parameters } };
  });
}

/**
 * Runs a tool call from the model. Bad arguments and refusals come back as `{ error }` for the model to read,
 * never as an exception: the model should tell the user, not crash the conversation.
 */
export async function runAssistantTool(tool: ToolContext, name: string, rawArgs: string): Promise<ToolResult> {
  const definition = ASSISTANT_TOOLS[name];
  if (!definition) return { data: { error: `Нет такого инструмента: ${name}` }, sources: [] };
  let parsedJson: unknown;
  try {
    parsedJson = rawArgs.trim() ? JSON.parse(rawArgs) : {};
  } catch {
    return { data: { error: "Аргументы не в формате JSON" }, sources: [] };
  }
  const args = definition.args.safeParse(parsedJson);
  if (!args.success) {
    return {
      data: { error: args.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") },
      sources: [],
    };
  }
  try {
    return await definition.run(tool, args.data as never);
  } catch (error) {
    if (error instanceof AppError) return { data: { error: error.userMessage }, sources: [] };
    throw error;
  }
}
