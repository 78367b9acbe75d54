import type { Principal, ServiceContext } from "../../lib/context.ts";
import { eachDay, today, weekOf } from "../../lib/dates.ts";
import { cachedRead } from "../../lib/read-cache.ts";
import {
  assertDateRange,
  assertFilterIdsExist,
  houseConditions,
  scopeFilter,
  whereClause,
  type HouseFilter,
} from "../houses/house-filter.ts";
import type { DashboardStats, TodayStats } from "./dashboard.schemas.ts";

export interface DashboardOptions {
  principal: Principal;
  brigadeId?: number;
  managementCompanyId?: number;
  dateFrom?: string;
  dateTo?: string;
}

/** Visits of one day by status for the houses a principal may see: planned + inProgress + done + missed = all. */
export async function getDayStats(
  ctx: ServiceContext,
  options: { principal: Principal; day: string; brigadeId?: number; managementCompanyId?: number },
): Promise<TodayStats> {
  const filter = scopeFilter(options.principal, {
    brigadeId: options.brigadeId,
    managementCompanyId: options.managementCompanyId,
  });
  const params: unknown[] = [options.day];
  const conditions = ["v.date = $1::date", ...houseConditions(filter, params)];
  const rows = await ctx.db.query<{ status: string; count: number }>(
    `SELECT v.status::text AS status, count(*)::int AS count
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
       ${whereClause(conditions)}
      GROUP BY v.status`,
    params,
  );
  const count = (status: string) => rows.find((row) => row.status === status)?.count ?? 0;
  return {
    date: options.day,
    planned: count("planned"),
    inProgress: count("in_progress"),
    done: count("done"),
    missed: count("missed"),
  };
}

/** The dashboard: today's visits by status, totals, houses by CRM stage and planned vs done per day. */
export async function getDashboardStats(ctx: ServiceContext, options: DashboardOptions): Promise<DashboardStats> {
  assertDateRange(options.dateFrom, options.dateTo);
  await assertFilterIdsExist(ctx, options);
  const day = today(ctx.config.timeZone, ctx.clock.now());
  const week = weekOf(day);
  const from = options.dateFrom ?? (options.dateTo && options.dateTo < week.from ? options.dateTo : week.from);
  const to = options.dateTo ?? (options.dateFrom && options.dateFrom > week.to ? options.dateFrom : week.to);
  assertDateRange(from, to);
  const filter = scopeFilter(options.principal, {
    brigadeId: options.brigadeId,
    managementCompanyId: options.managementCompanyId,
  });
  return cachedRead(ctx.db, JSON.stringify(["dashboard", filter, from, to, day]), () =>
    queryDashboard(ctx, filter, { from, to, day }),
  );
}

async function queryDashboard(
  ctx: ServiceContext,
  filter: HouseFilter,
  range: { from: string; to: string; day: string },
): Promise<DashboardStats> {
  const { from, to, day } = range;
  // Two queries whatever the range: visits by day and status (today included), houses by stage with a grand
  // total row (GROUPING SETS). PGlite serves one query at a time, so fewer round trips is most of the speed.
  const visitParams: unknown[] = [from, to, day];
  const visitWhere = whereClause([
    "(v.date BETWEEN $1::date AND $2::date OR v.date = $3::date)",
    ...houseConditions(filter, visitParams),
  ]);
  const houseParams: unknown[] = [];
  const houseWhere = whereClause(houseConditions(filter, houseParams));
  const [visitRows, houseRows] = await Promise.all([
    ctx.db.query<{ date: string; status: string; count: number }>(
      `SELECT to_char(v.date, 'YYYY-MM-DD') AS date, v.status::text AS status, count(*)::int AS count
         FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
         ${visitWhere}
        GROUP BY v.date, v.status`,
      visitParams,
    ),
    ctx.db.query<{
      is_total: number;
      stage_id: string | null;
      title: string | null;
      houses: number;
      apartments: number;
      entrances: number;
      brigades: number;
      management_companies: number;
    }>(
      `SELECT GROUPING(h.stage_id)::int AS is_total, h.stage_id, s.title, count(*)::int AS houses,
              coalesce(sum(h.apartments), 0)::int AS apartments, coalesce(sum(h.entrances), 0)::int AS entrances,
              count(DISTINCT h.brigade_id)::int AS brigades, count(DISTINCT h.management_company_id)::int AS management_companies
         FROM houses h LEFT JOIN crm_stages s ON s.id = h.stage_id
         ${houseWhere}
        GROUP BY GROUPING SETS ((h.stage_id, s.title, s.sort), ())
        ORDER BY GROUPING(h.stage_id), s.sort NULLS LAST, h.stage_id`,
      houseParams,
    ),
  ]);
  const countOf = (date: string, status?: string) =>
    visitRows
      .filter((row) => row.date === date && (!status || row.status === status))
      .reduce((sum, row) => sum + row.count, 0);
  const todayStats: TodayStats = {
    date: day,
    planned: countOf(day, "planned"),
    inProgress: countOf(day, "in_progress"),
    done: countOf(day, "done"),
    missed: countOf(day, "missed"),
  };
  const totals = houseRows.find((row) => row.is_total === 1);
  const stageRows = houseRows.filter((row) => row.is_total === 0);
  return {
    today: todayStats,
    totals: {
      houses: totals?.houses ?? 0,
      apartments: totals?.apartments ?? 0,
      entrances: totals?.entrances ?? 0,
      brigades: totals?.brigades ?? 0,
      managementCompanies: totals?.management_companies ?? 0,
    },
    byStage: stageRows.map((row) => ({ stageId: row.stage_id, title: row.title ?? "Без стадии", count: row.houses })),
    range: { from, to },
    byDay: eachDay(from, to).map((date) => ({ date, planned: countOf(date), done: countOf(date, "done") })),
  };
}
