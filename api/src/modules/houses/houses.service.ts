import { scopeBrigade, type Principal, type ServiceContext } from "../../lib/context.ts";
import { dbDateToDay, monthOf, monthRange, today } from "../../lib/dates.ts";
import { notFound } from "../../lib/errors.ts";
import { cachedRead } from "../../lib/read-cache.ts";
import { computePeriodicity } from "../schedule/periodicity.ts";
import { VISIT_KIND_LABELS, VISIT_STATUS_LABELS } from "../schedule/visit-kinds.ts";
import type { VisitKind, VisitStatus } from "../../../../prisma/client.ts";
import { fuzzyAddressScore } from "./fuzzy-search.ts";
import {
  assertDateRange,
  assertFilterIdsExist,
  houseConditions,
  scopeFilter,
  whereClause,
  type HouseFilter,
} from "./house-filter.ts";
import type { CleaningFilters, HouseDetails, HouseList, HouseListItem } from "./houses.schemas.ts";

/** `https://<portal>/crm/deal/details/<id>/`, or null without a portal or a deal. */
export function buildBitrixUrl(portalUrl: string | undefined, bitrixId: number | null): string | null {
  if (!portalUrl || bitrixId === null) return null;
  return `${portalUrl.replace(/\/+$/, "")}/crm/deal/details/${bitrixId}/`;
}

interface HouseRow {
  id: number;
  bitrix_id: number | null;
  address: string;
  apartments: number | null;
  entrances: number | null;
  floors: number | null;
  mc_id: number | null;
  mc_title: string | null;
  b_id: number | null;
  b_number: number | null;
  b_name: string | null;
}

export interface ListHousesOptions extends HouseFilter {
  principal: Principal;
  page: number;
  limit: number;
}

/** One page of houses matching the filters, with this month's periodicity and the next visit of each. */
export async function listHouses(ctx: ServiceContext, options: ListHousesOptions): Promise<HouseList> {
  const { principal, page, limit, ...rawFilter } = options;
  assertDateRange(rawFilter.dateFrom, rawFilter.dateTo);
  await assertFilterIdsExist(ctx, rawFilter);
  const filter = scopeFilter(principal, rawFilter);
  const day = today(ctx.config.timeZone, ctx.clock.now());
  const month = monthOf(filter.cleaningDate ?? filter.dateFrom ?? day);
  return cachedRead(ctx.db, JSON.stringify(["houses", filter, page, limit, day, month]), () =>
    queryHousePage(ctx, filter, page, limit, month),
  );
}

async function queryHousePage(
  ctx: ServiceContext,
  filter: HouseFilter,
  page: number,
  limit: number,
  month: string,
): Promise<HouseList> {
  const params: unknown[] = [];
  const where = whereClause(houseConditions(filter, params));
  const [countRows, rows] = await Promise.all([
    ctx.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM houses h ${where}`, params),
    ctx.db.query<HouseRow>(
      `SELECT ${HOUSE_COLUMNS}
         FROM houses h
         LEFT JOIN management_companies mc ON mc.id = h.management_company_id
         LEFT JOIN brigades b ON b.id = h.brigade_id
         ${where}
        ORDER BY h.address, h.id
        LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
      params,
    ),
  ]);
  const total = countRows[0]?.total ?? 0;
  if (total === 0 && filter.search) return queryFuzzyHousePage(ctx, filter, page, limit, month);
  const items = await decorateHouses(ctx, rows, month);
  return { items, page, limit, total, pages: Math.ceil(total / limit) };
}

const HOUSE_COLUMNS = `h.id, h.bitrix_id, h.address, h.apartments, h.entrances, h.floors,
  mc.id AS mc_id, mc.title AS mc_title, b.id AS b_id, b.number AS b_number, b.name AS b_name`;

/** When the exact word search finds nothing: the same filters, addresses ranked by resemblance to the query. */
async function queryFuzzyHousePage(
  ctx: ServiceContext,
  filter: HouseFilter,
  page: number,
  limit: number,
  month: string,
): Promise<HouseList> {
  const params: unknown[] = [];
  const where = whereClause(houseConditions({ ...filter, search: undefined }, params));
  const candidates = await ctx.db.query<{ id: number; address: string; search_text: string }>(
    `SELECT h.id, h.address, h.search_text FROM houses h ${where}`,
    params,
  );
  const ranked = candidates
    .map((house) => ({ ...house, score: fuzzyAddressScore(filter.search!, house.search_text) }))
    .filter((house) => house.score > 0)
    .sort((a, b) => b.score - a.score || a.address.localeCompare(b.address, "ru") || a.id - b.id);
  const pageIds = ranked.slice((page - 1) * limit, page * limit).map((house) => house.id);
  const rows = pageIds.length
    ? await ctx.db.query<HouseRow>(
        `SELECT ${HOUSE_COLUMNS} FROM houses h
           LEFT JOIN management_companies mc ON mc.id = h.management_company_id
           LEFT JOIN brigades b ON b.id = h.brigade_id
          WHERE h.id = ANY($1::int[])`,
        [pageIds],
      )
    : [];
  rows.sort((a, b) => pageIds.indexOf(a.id) - pageIds.indexOf(b.id));
  const items = await decorateHouses(ctx, rows, month);
  return { items, page, limit, total: ranked.length, pages: Math.ceil(ranked.length / limit) };
}

/** Adds periodicity (for `month`) and the next visit to house rows, in two queries for the whole page. */
async function decorateHouses(ctx: ServiceContext, rows: HouseRow[], month: string): Promise<HouseListItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const { from, to } = monthRange(month);
  const day = today(ctx.config.timeZone, ctx.clock.now());
  // One query for both: the month's visits (periodicity) and, per house, the first open visit from today on,
  // found by a one-row index probe rather than by reading every future visit.
  const visits = await ctx.db.query<{ part: "month" | "next"; house_id: number; date: string; kind: VisitKind }>(
    `SELECT 'month' AS part, house_id, to_char(date, 'YYYY-MM-DD') AS date, kind FROM cleaning_visits
      WHERE house_id = ANY($1::int[]) AND date BETWEEN $2::date AND $3::date
     UNION ALL
     SELECT 'next', h.id, to_char(nv.date, 'YYYY-MM-DD'), nv.kind FROM unnest($1::int[]) AS h(id)
       CROSS JOIN LATERAL (
         SELECT date, kind FROM cleaning_visits v
          WHERE v.house_id = h.id AND v.date >= $4::date AND v.status IN ('planned', 'in_progress')
          ORDER BY v.date, v.kind LIMIT 1
       ) nv`,
    [ids, from, to, day],
  );
  const visitsByHouse = new Map<number, { date: string; kind: VisitKind }[]>();
  const nextByHouse = new Map<number, { date: string; kind: VisitKind }>();
  for (const visit of visits) {
    if (visit.part === "next") {
      nextByHouse.set(visit.house_id, { date: visit.date, kind: visit.kind });
      continue;
    }
    const list = visitsByHouse.get(visit.house_id) ?? [];
    list.push(visit);
    visitsByHouse.set(visit.house_id, list);
  }
  return rows.map((row) => {
    const next = nextByHouse.get(row.id);
    return {
      id: row.id,
      bitrixId: row.bitrix_id,
      address: row.address,
      apartments: row.apartments,
      entrances: row.entrances,
      floors: row.floors,
      managementCompany: row.mc_id === null ? null : { id: row.mc_id, title: row.mc_title ?? "" },
      brigade: row.b_id === null ? null : { id: row.b_id, number: row.b_number, name: row.b_name ?? "" },
      periodicity: computePeriodicity(visitsByHouse.get(row.id) ?? []),
      nextVisit: next ? { date: next.date, kind: next.kind } : null,
      bitrixUrl: buildBitrixUrl(ctx.config.bitrix.portalUrl, row.bitrix_id),
    };
  });
}

/** Brigades, management companies and CRM stages for filter pickers (a brigade member sees their own). */
export async function listFilters(ctx: ServiceContext, options: { principal: Principal }): Promise<CleaningFilters> {
  const brigadeScope = scopeBrigade(options.principal, undefined);
  const [brigades, managementCompanies, stages] = await Promise.all([
    ctx.db.prisma.brigade.findMany({
      where: brigadeScope === undefined ? {} : { id: brigadeScope },
      orderBy: [{ number: "asc" }, { name: "asc" }],
      select: { id: true, number: true, name: true },
    }),
    ctx.db.prisma.managementCompany.findMany({ orderBy: { title: "asc" }, select: { id: true, title: true } }),
    ctx.db.prisma.crmStage.findMany({
      orderBy: { sort: "asc" },
      select: { id: true, title: true, sort: true, semantic: true },
    }),
  ]);
  return { brigades, managementCompanies, stages };
}

/** A house card with contacts and one month's schedule; brigade members only reach their own houses. */
export async function getHouseDetails(
  ctx: ServiceContext,
  options: { principal: Principal; houseId: number; month?: string },
): Promise<HouseDetails> {
  const scope = scopeBrigade(options.principal, undefined);
  const house = await ctx.db.prisma.house.findUnique({
    where: { id: options.houseId },
    include: { managementCompany: true, brigade: true, stage: true },
  });
  if (!house || (scope !== undefined && house.brigadeId !== scope)) throw notFound("Дом не найден");
  const month = options.month ?? monthOf(today(ctx.config.timeZone, ctx.clock.now()));
  const { from, to } = monthRange(month);
  const visits = await ctx.db.prisma.cleaningVisit.findMany({
    where: { houseId: house.id, date: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
    include: { finishedBy: { select: { id: true, name: true } }, startedBy: { select: { id: true, name: true } } },
    orderBy: [{ date: "asc" }, { kind: "asc" }],
  });
  const schedule = visits.map((visit) => {
    const reporter = visit.finishedBy ?? visit.startedBy;
    const reportedAt = visit.finishedAt ?? visit.startedAt;
    return {
      id: visit.id,
      date: dbDateToDay(visit.date),
      kind: visit.kind,
      label: visit.kind === "other" && visit.kindText ? visit.kindText : VISIT_KIND_LABELS[visit.kind],
      status: visit.status as VisitStatus,
      statusLabel: VISIT_STATUS_LABELS[visit.status],
      reportedBy: reporter ? { id: reporter.id, name: reporter.name } : null,
      reportedAt: reportedAt ? reportedAt.toISOString() : null,
      photoCount: visit.photos.length,
    };
  });
  const mc = house.managementCompany;
  return {
    house: {
      id: house.id,
      bitrixId: house.bitrixId,
      title: house.title,
      address: house.address,
      latitude: house.latitude,
      longitude: house.longitude,
      apartments: house.apartments,
      entrances: house.entrances,
      floors: house.floors,
      tariff: house.tariff,
      managementCompany: mc ? { id: mc.id, title: mc.title } : null,
      brigade: house.brigade ? { id: house.brigade.id, number: house.brigade.number, name: house.brigade.name } : null,
      stage: house.stage ? { id: house.stage.id, title: house.stage.title } : null,
      isArchived: house.isArchived,
      crmModifiedAt: house.crmModifiedAt?.toISOString() ?? null,
      bitrixUrl: buildBitrixUrl(ctx.config.bitrix.portalUrl, house.bitrixId),
    },
    contacts: {
      seniorResident:
        house.contactName || house.contactPhone ? { name: house.contactName, phone: house.contactPhone } : null,
      managementCompany: mc ? { id: mc.id, title: mc.title, phones: mc.phones, emails: mc.emails } : null,
    },
    schedule: {
      month,
      periodicity: computePeriodicity(schedule.map((visit) => ({ date: visit.date, kind: visit.kind }))),
      visits: schedule,
    },
  };
}
