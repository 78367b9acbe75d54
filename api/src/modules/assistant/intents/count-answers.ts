// Counts and lists: houses assigned or with a visit, visits by status over any period, company totals; each
// answer says what it counted ("закреплено за бригадой №3", "в ноябре 2026", "у УК «Жилищник»").
import { isOfficeRole } from "../../../lib/context.ts";
import type { AssistantSource } from "../assistant.schemas.ts";
import { capitalize, count, type IntentAnswer, type IntentContext, resolveBrigadeNumber } from "./answer-kit.ts";
import type { Slots, TotalsMeasure } from "./grammar.ts";
import { countHouses, countVisits, getCompanyTotals, type HouseScope } from "./intent-queries.ts";
import { dayLabel, type Period } from "./periods.ts";

const LIST_LIMIT = 10;

const STATUS_WINDOW_LABEL = {
  done: "с выполненной уборкой",
  planned: "с запланированной уборкой",
  in_progress: "где уборка в работе",
  missed: "с пропущенной уборкой",
} as const;

const STATUS_VERB = {
  done: "выполнено",
  planned: "запланировано (ещё не начаты)",
  in_progress: "в работе",
  missed: "пропущено",
} as const;

function scopeOf(context: IntentContext, slots: Slots): { scope: HouseScope; who: string } {
  const brigadeId = resolveBrigadeNumber(context, slots.brigadeNumber);
  const parts: string[] = [];
  if (slots.brigadeNumber !== undefined) parts.push(`у бригады №${slots.brigadeNumber}`);
  else if (!isOfficeRole(context.principal)) parts.push("у вашей бригады");
  if (slots.managementCompany) parts.push(`у ${slots.managementCompany.title}`);
  if (slots.stage) parts.push(`на стадии «${slots.stage.title}»`);
  return {
    scope: { brigadeId, managementCompanyId: slots.managementCompany?.id, stageId: slots.stage?.id },
    who: parts.join(", "),
  };
}

const sentence = (...parts: string[]) =>
  parts
    .filter(Boolean)
    .join(" ")
    .replace(/\s+/g, " ")
    .replace(/\s+([:,.])/g, "$1")
    .trim();

const defaultPeriod = (context: IntentContext): Period => ({
  kind: "day",
  from: context.today,
  to: context.today,
  label: dayLabel(context.today, context.today),
});

/** "Сколько уборок выполнено в ноябре?", "сколько пропущено на этой неделе у 3 бригады". */
export async function answerVisitCounts(context: IntentContext, slots: Slots): Promise<IntentAnswer> {
  const period = slots.period ?? defaultPeriod(context);
  const { scope, who } = scopeOf(context, slots);
  const counts = await countVisits(context.ctx, {
    principal: context.principal,
    scope,
    from: period.from,
    to: period.to,
  });
  const when = capitalize(period.label);
  const head = who ? `${when} ${who}` : when;
  const sources: AssistantSource[] = [{ kind: "stats", title: `Статистика ${period.label}` }];
  if (counts.total === 0)
    return { answer: `${head}: уборок не запланировано.`, sources, intent: "count_visits", outcome: "answer" };
  const breakdown = `выполнено ${counts.done} из ${counts.total}; в работе ${counts.inProgress}, ждут ${counts.planned}, пропущено ${counts.missed}.`;
  const status = slots.status;
  if (!status || status === "done")
    return { answer: `${head}: ${breakdown}`, sources, intent: "count_visits", outcome: "answer" };
  const value = { planned: counts.planned, in_progress: counts.inProgress, missed: counts.missed }[status];
  return {
    answer: `${head}: ${STATUS_VERB[status]} ${count(value, "уборка", "уборки", "уборок")}.\nВсего ${counts.total}: ${breakdown}`,
    sources,
    intent: "count_visits",
    outcome: "answer",
  };
}

/** "Сколько домов закреплено за 3 бригадой?", "сколько домов с уборкой завтра", "сколько домов у УК «Жилищник»". */
export async function answerHouseCounts(context: IntentContext, slots: Slots): Promise<IntentAnswer> {
  const { scope, who } = scopeOf(context, slots);
  const period = slots.isAssigned ? undefined : slots.period;
  if (!period && !slots.status && !slots.isPerBrigade && !who) return answerTotals(context, slots, "houses");
  if (slots.isPerBrigade && !period) {
    const totals = await getCompanyTotals(context.ctx, { principal: context.principal, scope });
    const lines = totals.byBrigade.map(
      (row) => `• бригада №${row.number ?? row.name}: ${count(row.houses, "дом", "дома", "домов")}`,
    );
    return {
      answer: [`Домов по бригадам (всего ${totals.houses}):`, ...lines].join("\n"),
      sources: [{ kind: "stats", title: "Дома по бригадам" }],
      intent: "count_houses",
      outcome: "answer",
    };
  }
  const window = period
    ? { from: period.from, to: period.to, status: slots.status }
    : slots.status
      ? { from: context.today, to: context.today, status: slots.status }
      : undefined;
  const result = await countHouses(context.ctx, { principal: context.principal, scope, window, sample: 0 });
  const sources: AssistantSource[] = [{ kind: "stats", title: "Количество домов" }];
  if (!window) {
    const text =
      slots.brigadeNumber !== undefined
        ? `За бригадой №${slots.brigadeNumber} закреплено ${count(result.total, "дом", "дома", "домов")}.`
        : `${capitalize(who)}: ${count(result.total, "дом", "дома", "домов")}.`;
    const note = slots.brigadeNumber !== undefined && (slots.managementCompany || slots.stage) ? ` (${who})` : "";
    return { answer: text.replace(/\.$/, `${note}.`), sources, intent: "count_houses", outcome: "answer" };
  }
  const when = period ? period.label : dayLabel(context.today, context.today);
  const label = slots.status ? STATUS_WINDOW_LABEL[slots.status] : "с уборкой";
  return {
    answer: sentence(capitalize(when), who, `: ${count(result.total, "дом", "дома", "домов")} ${label}.`),
    sources,
    intent: "count_houses",
    outcome: "answer",
  };
}

/** "Какие дома у 3 бригады завтра?", "что у нас сегодня", "дома УК Жилищник". */
export async function answerHouseList(context: IntentContext, slots: Slots): Promise<IntentAnswer> {
  const { scope, who } = scopeOf(context, slots);
  const period = slots.isAssigned ? undefined : (slots.period ?? (slots.status ? defaultPeriod(context) : undefined));
  const window = period ? { from: period.from, to: period.to, status: slots.status } : undefined;
  const result = await countHouses(context.ctx, {
    principal: context.principal,
    scope: { ...scope },
    window,
    sample: LIST_LIMIT,
  });
  const sources: AssistantSource[] = result.houses.map((house) => ({
    kind: "house",
    houseId: house.id,
    title: house.address,
  }));
  const lines = result.houses.map((house, index) => `${index + 1}. ${house.address}`);
  if (result.total > result.houses.length)
    lines.push(`…и ещё ${result.total - result.houses.length}. Полный список — в мини-приложении.`);
  let head: string;
  if (period) {
    const label = slots.status ? STATUS_WINDOW_LABEL[slots.status] : "с уборкой";
    if (result.total === 0)
      return {
        answer: sentence(capitalize(period.label), who, slots.status ? `: домов ${label} нет.` : "уборок нет."),
        sources,
        intent: "list_houses",
        outcome: "answer",
      };
    head = sentence(capitalize(period.label), who, `: ${count(result.total, "дом", "дома", "домов")} ${label}.`);
  } else {
    if (!who) return answerTotals(context, slots, "houses");
    head =
      slots.brigadeNumber !== undefined && !slots.managementCompany && !slots.stage
        ? `За бригадой №${slots.brigadeNumber} закреплено ${count(result.total, "дом", "дома", "домов")}:`
        : `${capitalize(who)}: ${count(result.total, "дом", "дома", "домов")}:`;
  }
  return { answer: [head, ...lines].join("\n"), sources, intent: "list_houses", outcome: "answer" };
}

/** "Сколько всего домов мы обслуживаем?", "сколько квартир у 3 бригады", "сколько у нас бригад". */
export async function answerTotals(
  context: IntentContext,
  slots: Slots,
  measure: TotalsMeasure,
): Promise<IntentAnswer> {
  const { scope, who } = scopeOf(context, slots);
  const totals = await getCompanyTotals(context.ctx, { principal: context.principal, scope });
  const sources: AssistantSource[] = [{ kind: "stats", title: "Итоги по домам" }];
  const done = (answer: string): IntentAnswer => ({ answer, sources, intent: "totals", outcome: "answer" });
  const where = who ? `${capitalize(who)}` : "Всего";
  const houses = count(totals.houses, "дом", "дома", "домов");
  switch (measure) {
    case "apartments":
      return done(
        `${where}: ${count(totals.apartments, "квартира", "квартиры", "квартир")} в ${count(totals.houses, "доме", "домах", "домах")}.`,
      );
    case "entrances":
      return done(
        `${where}: ${count(totals.entrances, "подъезд", "подъезда", "подъездов")} в ${count(totals.houses, "доме", "домах", "домах")}.`,
      );
    case "brigades": {
      const brigades = isOfficeRole(context.principal) ? context.directory.brigades.length : totals.brigades;
      const lines = totals.byBrigade.map(
        (row) => `• бригада №${row.number ?? row.name}: ${count(row.houses, "дом", "дома", "домов")}`,
      );
      return done(
        [
          `${isOfficeRole(context.principal) ? "В компании" : "Вам видно"} ${count(brigades, "бригада", "бригады", "бригад")}:`,
          ...lines,
        ].join("\n"),
      );
    }
    case "management_companies":
      return done(
        `${where}: ${count(totals.managementCompanies, "управляющая компания", "управляющие компании", "управляющих компаний")} (в справочнике ${context.directory.managementCompanies.length}).`,
      );
    case "houses": {
      const stages = totals.byStage.map((row) => `«${row.title}» — ${row.count}`).join(", ");
      return done(
        [
          `${where}: ${houses}, ${count(totals.apartments, "квартира", "квартиры", "квартир")}, ${count(totals.entrances, "подъезд", "подъезда", "подъездов")}.`,
          stages ? `По стадиям: ${stages}.` : "",
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }
  }
}
