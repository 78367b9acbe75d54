// Facts about one house, found by its address as people say it ("кибальчича 3", "на Билибина 6", with typos):
// brigade, management company and its contacts, the senior resident, apartments, entrances, floors, tariff, CRM
// stage, periodicity, a month's schedule and the next visit. All through the house card the mini-app shows.
import { formatDayShort, monthOf } from "../../../lib/dates.ts";
import { getHouseDetails, listHouses } from "../../houses/houses.service.ts";
import { searchWords } from "../../houses/search-text.ts";
import { VISIT_KIND_SHORT_LABELS } from "../../schedule/visit-kinds.ts";
import type { VisitKind } from "../../../../../prisma/client.ts";
import type { AssistantSource } from "../assistant.schemas.ts";
import { count, decline, type IntentAnswer, type IntentContext } from "./answer-kit.ts";
import type { HouseFact } from "./grammar.ts";
import { monthLabel, type Period } from "./periods.ts";

export type HouseLookup =
  | { kind: "found"; houseId: number }
  | { kind: "ambiguous"; total: number; candidates: { id: number; address: string }[] }
  | { kind: "not_found" };

/** Finds one house by a spoken address; an exact word match wins over houses that merely contain the words. */
export async function findHouseByAddress(context: IntentContext, address: string): Promise<HouseLookup> {
  const found = await listHouses(context.ctx, { principal: context.principal, search: address, page: 1, limit: 8 });
  if (found.total === 0) return { kind: "not_found" };
  if (found.total === 1) return { kind: "found", houseId: found.items[0]!.id };
  const wanted = searchWords(address).join(" ");
  const exact = found.items.filter((house) => searchWords(house.address).join(" ") === wanted);
  if (exact.length === 1) return { kind: "found", houseId: exact[0]!.id };
  return {
    kind: "ambiguous",
    total: found.total,
    candidates: found.items.map((house) => ({ id: house.id, address: house.address })),
  };
}

const houseSource = (house: { id: number; address: string }): AssistantSource => ({
  kind: "house",
  houseId: house.id,
  title: house.address,
});

/** The first open visit from today on, whatever the month. */
async function nextVisitOf(context: IntentContext, houseId: number): Promise<{ date: string; kind: VisitKind } | null> {
  const [row] = await context.ctx.db.query<{ date: string; kind: VisitKind }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM cleaning_visits
      WHERE house_id = $1 AND date >= $2::date AND status IN ('planned', 'in_progress') ORDER BY date, kind LIMIT 1`,
    [houseId, context.today],
  );
  return row ?? null;
}

/** Answers one fact (or the whole card) about the house at `address`. */
export async function answerHouseFact(
  context: IntentContext,
  fact: HouseFact,
  address: string,
  period: Period | undefined,
): Promise<IntentAnswer> {
  const lookup = await findHouseByAddress(context, address);
  if (lookup.kind === "not_found")
    return decline("house_fact", `Дом по адресу «${address}» не найден. Проверьте адрес: например, «Кибальчича 3».`);
  if (lookup.kind === "ambiguous") {
    const lines = lookup.candidates.map((house, index) => `${index + 1}. ${house.address}`);
    return decline(
      "house_fact",
      [`Нашлось ${count(lookup.total, "дом", "дома", "домов")}, уточните адрес:`, ...lines].join("\n"),
      lookup.candidates.map(houseSource),
    );
  }
  const month = period ? monthOf(period.from) : monthOf(context.today);
  const details = await getHouseDetails(context.ctx, { principal: context.principal, houseId: lookup.houseId, month });
  const { house, contacts, schedule } = details;
  const sources: AssistantSource[] = [houseSource(house)];
  const brigade = house.brigade ? `бригада №${house.brigade.number ?? house.brigade.name}` : "бригада не назначена";
  const mc = contacts.managementCompany;
  const mcLine = mc
    ? `управляющая компания — ${mc.title}${mc.phones.length ? `, телефон ${mc.phones.join(", ")}` : ""}${mc.emails.length ? `, почта ${mc.emails.join(", ")}` : ""}`
    : "управляющая компания не указана";
  const senior = contacts.seniorResident;
  const seniorLine =
    senior?.name || senior?.phone
      ? `старший по дому — ${senior.name ?? "имя не указано"}${senior.phone ? `, телефон ${senior.phone}` : ""}`
      : "старший по дому не указан";
  const orUnknown = (value: number | null, one: string, few: string, many: string) =>
    value === null ? `${many}: не указано` : count(value, one, few, many);
  const answer = (text: string, extra: AssistantSource[] = []): IntentAnswer => ({
    answer: `${house.address}: ${text}`,
    sources: [...sources, ...extra],
    intent: "house_fact",
    outcome: "answer",
  });
  const next = async () => {
    const visit = await nextVisitOf(context, house.id);
    return visit
      ? `ближайшая уборка: ${formatDayShort(visit.date)}, ${VISIT_KIND_SHORT_LABELS[visit.kind].toLowerCase()}`
      : "запланированных уборок нет";
  };

  switch (fact) {
    case "brigade":
      return answer(`${brigade}.`);
    case "management_company":
    case "management_contacts":
      return answer(`${mcLine}.`);
    case "senior":
      return answer(`${seniorLine}.`);
    case "contacts":
      return answer(`${seniorLine}; ${mcLine}.`);
    case "apartments":
      return answer(`${orUnknown(house.apartments, "квартира", "квартиры", "квартир")}.`);
    case "entrances":
      return answer(`${orUnknown(house.entrances, "подъезд", "подъезда", "подъездов")}.`);
    case "floors":
      return answer(`${orUnknown(house.floors, "этаж", "этажа", "этажей")}.`);
    case "tariff":
      return answer(house.tariff ? `тариф ${house.tariff}.` : "тариф не указан.");
    case "stage":
      return answer(house.stage ? `стадия в CRM — «${house.stage.title}».` : "стадия в CRM не указана.");
    case "periodicity":
      return answer(`периодичность ${monthLabel(schedule.month)} — ${schedule.periodicity}; ${brigade}.`);
    case "next_visit":
      return answer(`${brigade}, периодичность ${schedule.periodicity}. ${capitalizeFirst(await next())}.`);
    case "schedule": {
      const visits = schedule.visits.map(
        (visit) =>
          `${formatDayShort(visit.date)} — ${VISIT_KIND_SHORT_LABELS[visit.kind]} (${visit.statusLabel.toLowerCase()})`,
      );
      const monthText = `${schedule.month.slice(5, 7)}.${schedule.month.slice(0, 4)}`;
      const lines = [
        `${brigade}, периодичность ${schedule.periodicity}.`,
        visits.length ? `Уборки за ${monthText}:` : `В ${monthText} уборок нет.`,
        ...visits,
        `${capitalizeFirst(await next())}.`,
      ];
      return answer(lines.join("\n"), [{ kind: "schedule", houseId: house.id, title: `График: ${house.address}` }]);
    }
    case "card":
      return answer(
        [
          `${brigade}; ${house.stage ? `стадия «${house.stage.title}»` : "стадия не указана"}.`,
          `${orUnknown(house.apartments, "квартира", "квартиры", "квартир")}, ${orUnknown(house.entrances, "подъезд", "подъезда", "подъездов")}, ${orUnknown(house.floors, "этаж", "этажа", "этажей")}; тариф ${house.tariff ?? "не указан"}.`,
          `${capitalizeFirst(seniorLine)}.`,
          `${capitalizeFirst(mcLine)}.`,
          `Периодичность ${schedule.periodicity}; ${await next()}.`,
        ].join("\n"),
      );
  }
}

const capitalizeFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
