// The offline intents as LLM tools where the model had none: house facts, company totals, and counts by
// brigade, management company, CRM stage and status over any period. Both modes answer from the same queries.
import { z } from "zod";
import { isCalendarDay } from "../../../lib/dates.ts";
import { AppError } from "../../../lib/errors.ts";
import { getHouseDetails } from "../../houses/houses.service.ts";
import { VISIT_KIND_SHORT_LABELS } from "../../schedule/visit-kinds.ts";
import type { AssistantSource } from "../assistant.schemas.ts";
import type { ToolContext, ToolResult } from "../assistant-tools.ts";
import { resolveBrigadeNumber, type IntentContext } from "./answer-kit.ts";
import { findHouseByAddress } from "./house-facts.ts";
import { countHouses, countVisits, getCompanyTotals, loadDirectory, type HouseScope } from "./intent-queries.ts";
import { readManagementCompany, readStage } from "./slots.ts";
import { normalizeQuestion, Words } from "./text.ts";

const day = z.string().refine(isCalendarDay, "дата в формате YYYY-MM-DD");

const scopeArgs = {
  brigade: z.number().int().optional().describe("Номер бригады"),
  management_company: z.string().optional().describe("Название управляющей компании, например «Жилищник»"),
  stage: z.string().optional().describe("Стадия сделки в CRM, например «Обслуживается» или «Договор расторгнут»"),
};

export const houseFactsArgs = z.object({
  house_id: z.number().int().optional().describe("id дома из find_houses"),
  address: z.string().optional().describe("Адрес дома, если id неизвестен"),
});
export const totalsArgs = z.object(scopeArgs);
export const countHousesArgs = z.object({
  ...scopeArgs,
  date_from: day.optional().describe("Считать только дома с уборкой с этого дня (YYYY-MM-DD)"),
  date_to: day.optional().describe("…по этот день (YYYY-MM-DD); без дат — все закреплённые дома"),
  status: z.enum(["planned", "in_progress", "done", "missed"]).optional().describe("Только уборки с этим статусом"),
});
export const countVisitsArgs = z.object({
  ...scopeArgs,
  date_from: day.describe("Начало периода (YYYY-MM-DD)"),
  date_to: day.describe("Конец периода (YYYY-MM-DD)"),
});

async function intentContextOf(tool: ToolContext): Promise<IntentContext> {
  return {
    ctx: tool.ctx,
    principal: tool.principal,
    now: tool.ctx.clock.now(),
    today: tool.today,
    directory: await loadDirectory(tool.ctx),
  };
}

/** Brigade number, company and stage names -> ids, with the same refusals the offline assistant gives. */
function scopeOf(
  context: IntentContext,
  args: { brigade?: number; management_company?: string; stage?: string },
): HouseScope {
  const scope: HouseScope = { brigadeId: resolveBrigadeNumber(context, args.brigade) };
  if (args.management_company) {
    const company = readManagementCompany(new Words(normalizeQuestion(args.management_company)), context.directory);
    if (!company) {
      const known = context.directory.managementCompanies.map((mc) => mc.title).join(", ");
      throw new AppError("unknown_management_company", {
        userMessage: `Управляющая компания «${args.management_company}» не найдена. Есть: ${known}`,
      });
    }
    scope.managementCompanyId = company.id;
  }
  if (args.stage) {
    const stage = readStage(new Words(normalizeQuestion(args.stage)), context.directory);
    if (!stage)
      throw new AppError("unknown_stage", {
        userMessage: `Стадия «${args.stage}» не найдена. Есть: ${context.directory.stages.map((s) => s.title).join(", ")}`,
      });
    scope.stageId = stage.id;
  }
  return scope;
}

const statsSource = (title: string): AssistantSource[] => [{ kind: "stats", title }];

/** A house card: brigade, management company and contacts, senior resident, sizes, tariff, stage, next visit. */
export async function getHouseFacts(tool: ToolContext, args: z.infer<typeof houseFactsArgs>): Promise<ToolResult> {
  const context = await intentContextOf(tool);
  let houseId = args.house_id;
  if (houseId === undefined) {
    if (!args.address?.trim()) throw new AppError("house_required", { userMessage: "Назовите адрес дома" });
    const lookup = await findHouseByAddress(context, args.address);
    if (lookup.kind === "not_found")
      throw new AppError("not_found", { status: 404, userMessage: `Дом по адресу «${args.address}» не найден` });
    if (lookup.kind === "ambiguous")
      return { data: { ambiguous: true, total: lookup.total, candidates: lookup.candidates }, sources: [] };
    houseId = lookup.houseId;
  }
  const { house, contacts, schedule } = await getHouseDetails(tool.ctx, { principal: tool.principal, houseId });
  const [next] = await tool.ctx.db.query<{ date: string; kind: keyof typeof VISIT_KIND_SHORT_LABELS }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM cleaning_visits
      WHERE house_id = $1 AND date >= $2::date AND status IN ('planned', 'in_progress') ORDER BY date, kind LIMIT 1`,
    [house.id, tool.today],
  );
  return {
    data: {
      ambiguous: false,
      address: house.address,
      brigade: house.brigade?.number ?? null,
      managementCompany: contacts.managementCompany,
      seniorResident: contacts.seniorResident,
      apartments: house.apartments,
      entrances: house.entrances,
      floors: house.floors,
      tariff: house.tariff,
      stage: house.stage?.title ?? null,
      periodicityThisMonth: schedule.periodicity,
      nextVisit: next ? { date: next.date, kind: VISIT_KIND_SHORT_LABELS[next.kind] } : null,
    },
    sources: [{ kind: "house", houseId: house.id, title: house.address }],
  };
}

/** Houses, apartments, entrances, brigades and companies, by stage and by brigade. */
export async function getCompanyTotalsTool(tool: ToolContext, args: z.infer<typeof totalsArgs>): Promise<ToolResult> {
  const context = await intentContextOf(tool);
  const totals = await getCompanyTotals(tool.ctx, { principal: tool.principal, scope: scopeOf(context, args) });
  return {
    data: { ...totals, brigadesInCompany: context.directory.brigades.length },
    sources: statsSource("Итоги по домам"),
  };
}

/** How many houses are assigned (or have a visit in a period), by brigade, company and stage. */
export async function countHousesTool(tool: ToolContext, args: z.infer<typeof countHousesArgs>): Promise<ToolResult> {
  const context = await intentContextOf(tool);
  const from = args.date_from ?? args.date_to;
  const to = args.date_to ?? args.date_from;
  const window = from && to ? { from, to, status: args.status } : undefined;
  const result = await countHouses(tool.ctx, {
    principal: tool.principal,
    scope: scopeOf(context, args),
    window,
    sample: 10,
  });
  return {
    data: {
      total: result.total,
      firstHouses: result.houses,
      counted: window ? "houses_with_visit" : "houses_assigned",
    },
    sources: statsSource("Количество домов"),
  };
}

/** Visits by status over any period (a month, a quarter), by brigade, company and stage. */
export async function countVisitsTool(tool: ToolContext, args: z.infer<typeof countVisitsArgs>): Promise<ToolResult> {
  const context = await intentContextOf(tool);
  const to = args.date_to < args.date_from ? args.date_from : args.date_to;
  const counts = await countVisits(tool.ctx, {
    principal: tool.principal,
    scope: scopeOf(context, args),
    from: args.date_from,
    to,
  });
  return { data: { from: args.date_from, to, ...counts }, sources: statsSource(`Уборки ${args.date_from}–${to}`) };
}

/** The intent tools in the registry's shape (merged into ASSISTANT_TOOLS). */
export const INTENT_TOOLS = {
  get_house_facts: {
    description:
      "Карточка дома: бригада, управляющая компания и её телефоны, старший по дому и телефон, квартиры, подъезды, этажи, тариф, стадия в CRM, периодичность, ближайшая уборка.",
    args: houseFactsArgs,
    run: getHouseFacts,
  },
  get_company_totals: {
    description:
      "Итоги компании (или бригады, УК, стадии): сколько домов, квартир, подъездов, бригад и УК; дома по стадиям и по бригадам.",
    args: totalsArgs,
    run: getCompanyTotalsTool,
  },
  count_houses: {
    description:
      "Сколько домов закреплено за бригадой, УК или на стадии CRM; с датами — сколько домов с уборкой в этот период (можно по статусу).",
    args: countHousesArgs,
    run: countHousesTool,
  },
  count_visits: {
    description:
      "Сколько уборок за любой период (месяц, квартал): запланировано, в работе, выполнено, пропущено; по бригаде, УК, стадии.",
    args: countVisitsArgs,
    run: countVisitsTool,
  },
};
