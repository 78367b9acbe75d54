// The counts the assistant answers with, in SQL over the same house filter as the houses list and the dashboard
// (so every face counts the same houses), scoped by role: a brigade member only ever counts their own brigade.
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { houseConditions, scopeFilter, whereClause, type HouseFilter } from "../../houses/house-filter.ts";
import type { Directory } from "./slots.ts";

export interface HouseScope {
  brigadeId?: number;
  managementCompanyId?: number;
  stageId?: string;
}

/** Houses with at least one visit in [from, to] (optionally of one status), instead of all assigned houses. */
export interface VisitWindow {
  from: string;
  to: string;
  status?: "planned" | "in_progress" | "done" | "missed";
}

function conditionsOf(principal: Principal, scope: HouseScope, params: unknown[]): string[] {
  const filter: HouseFilter = scopeFilter(principal, {
    brigadeId: scope.brigadeId,
    managementCompanyId: scope.managementCompanyId,
  });
  const conditions = houseConditions(filter, params);
  if (scope.stageId !== undefined) {
    params.push(scope.stageId);
    conditions.push(`h.stage_id = $${params.length}`);
  }
  return conditions;
}

/** The company's brigades, management companies and CRM stages: what a question may name. */
export async function loadDirectory(ctx: ServiceContext): Promise<Directory> {
  const [brigades, managementCompanies, stages] = await Promise.all([
    ctx.db.prisma.brigade.findMany({ select: { id: true, number: true, name: true }, orderBy: { number: "asc" } }),
    ctx.db.prisma.managementCompany.findMany({ select: { id: true, title: true }, orderBy: { title: "asc" } }),
    ctx.db.prisma.crmStage.findMany({ select: { id: true, title: true }, orderBy: { sort: "asc" } }),
  ]);
  return { brigades, managementCompanies, stages };
}

/** How many houses match (assigned, or with a visit in a window), and the first few addresses. */
export async function countHouses(
  ctx: ServiceContext,
  options: { principal: Principal; scope: HouseScope; window?: VisitWindow; sample?: number },
): Promise<{ total: number; houses: { id: number; address: string }[] }> {
  const params: unknown[] = [];
  const conditions = conditionsOf(options.principal, options.scope, params);
  if (options.window) {
    params.push(options.window.from, options.window.to);
    const range = `v.date BETWEEN $${params.length - 1}::date AND $${params.length}::date`;
    let status = "";
    if (options.window.status) {
      params.push(options.window.status);
      status = ` AND v.status = $${params.length}::"VisitStatus"`;
    }
    conditions.push(`EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND ${range}${status})`);
  }
  const where = whereClause(conditions);
  const [count] = await ctx.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM houses h ${where}`, params);
  const houses = await ctx.db.query<{ id: number; address: string }>(
    `SELECT h.id, h.address FROM houses h ${where} ORDER BY h.address, h.id LIMIT ${Math.max(0, options.sample ?? 10)}`,
    params,
  );
  return { total: count?.total ?? 0, houses };
}

export interface VisitCounts {
  planned: number;
  inProgress: number;
  done: number;
  missed: number;
  total: number;
  /** Houses with at least one of these visits. */
  houses: number;
}

/** Visits in [from, to] by status, for the houses a principal may see. */
export async function countVisits(
  ctx: ServiceContext,
  options: { principal: Principal; scope: HouseScope; from: string; to: string },
): Promise<VisitCounts> {
  const params: unknown[] = [options.from, options.to];
  const conditions = [
    "v.date BETWEEN $1::date AND $2::date",
    ...conditionsOf(options.principal, options.scope, params),
  ];
  const rows = await ctx.db.query<{ status: string; count: number; houses: number }>(
    `SELECT GROUPING(v.status)::int AS is_total, v.status::text AS status, count(*)::int AS count, count(DISTINCT v.house_id)::int AS houses
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
       ${whereClause(conditions)}
      GROUP BY GROUPING SETS ((v.status), ())`,
    params,
  );
  const of = (status: string) => rows.find((row) => row.status === status)?.count ?? 0;
  const totalRow = rows.find((row) => row.status === null);
  return {
    planned: of("planned"),
    inProgress: of("in_progress"),
    done: of("done"),
    missed: of("missed"),
    total: totalRow?.count ?? 0,
    houses: totalRow?.houses ?? 0,
  };
}

export interface CompanyTotals {
  houses: number;
  apartments: number;
  entrances: number;
  brigades: number;
  managementCompanies: number;
  byStage: { title: string; count: number }[];
  byBrigade: { number: number | null; name: string; houses: number }[];
}

/** Houses, apartments, entrances, brigades and companies a principal may see, by stage and by brigade. */
export async function getCompanyTotals(
  ctx: ServiceContext,
  options: { principal: Principal; scope?: HouseScope },
): Promise<CompanyTotals> {
  const params: unknown[] = [];
  const where = whereClause(conditionsOf(options.principal, options.scope ?? {}, params));
  const [totals, stages, brigades] = await Promise.all([
    ctx.db.query<{ houses: number; apartments: number; entrances: number; brigades: number; companies: number }>(
      `SELECT count(*)::int AS houses, coalesce(sum(h.apartments), 0)::int AS apartments, coalesce(sum(h.entrances), 0)::int AS entrances,
              count(DISTINCT h.brigade_id)::int AS brigades, count(DISTINCT h.management_company_id)::int AS companies
         FROM houses h ${where}`,
      params,
    ),
    ctx.db.query<{ title: string | null; count: number }>(
      `SELECT s.title, count(*)::int AS count FROM houses h LEFT JOIN crm_stages s ON s.id = h.stage_id ${where}
        GROUP BY s.title, s.sort ORDER BY s.sort NULLS LAST`,
      params,
    ),
    ctx.db.query<{ number: number | null; name: string; houses: number }>(
      `SELECT b.number, b.name, count(*)::int AS houses FROM houses h JOIN brigades b ON b.id = h.brigade_id ${where}
        GROUP BY b.number, b.name ORDER BY b.number NULLS LAST, b.name`,
      params,
    ),
  ]);
  const row = totals[0];
  return {
    houses: row?.houses ?? 0,
    apartments: row?.apartments ?? 0,
    entrances: row?.entrances ?? 0,
    brigades: row?.brigades ?? 0,
    managementCompanies: row?.companies ?? 0,
    byStage: stages.map((stage) => ({ title: stage.title ?? "Без стадии", count: stage.count })),
    byBrigade: brigades,
  };
}
