import type { ServiceContext, Principal } from "../../lib/context.ts";
import { scopeBrigade } from "../../lib/context.ts";
import { daysBetween } from "../../lib/dates.ts";
import { badRequest } from "../../lib/errors.ts";
import { MAX_RANGE_DAYS } from "./houses.schemas.ts";
import { searchPatterns } from "./search-text.ts";

export interface HouseFilter {
  brigadeId?: number;
  managementCompanyId?: number;
  /** Houses with a visit on this day. */
  cleaningDate?: string;
  /** Houses with a visit in this range (either end may be open). */
  dateFrom?: string;
  dateTo?: string;
  search?: string;
  isArchivedIncluded?: boolean;
}

/** Checks a date range the way every endpoint does: not reversed and at most 366 days. */
export function assertDateRange(dateFrom?: string, dateTo?: string): void {
  if (dateFrom && dateTo) {
    if (dateFrom > dateTo) throw badRequest("invalid_date_range", "Дата начала позже даты окончания");
    if (daysBetween(dateFrom, dateTo) + 1 > MAX_RANGE_DAYS)
      throw badRequest("invalid_date_range", `Период не может быть длиннее ${MAX_RANGE_DAYS} дней`);
  }
}

/** Unknown brigade or management company ids are the caller's mistake, not an empty result. */
export async function assertFilterIdsExist(
  ctx: ServiceContext,
  filter: Pick<HouseFilter, "brigadeId" | "managementCompanyId">,
) {
  if (filter.brigadeId !== undefined) {
    const brigade = await ctx.db.prisma.brigade.findUnique({ where: { id: filter.brigadeId }, select: { id: true } });
    if (!brigade) throw badRequest("unknown_brigade", `Бригада с id ${filter.brigadeId} не найдена`);
  }
  if (filter.managementCompanyId !== undefined) {
    const company = await ctx.db.prisma.managementCompany.findUnique({
      where: { id: filter.managementCompanyId },
      select: { id: true },
    });
    if (!company)
      throw badRequest(
        "unknown_management_company",
        `Управляющая компания с id ${filter.managementCompanyId} не найдена`,
      );
  }
}

/** Applies the principal's role: a brigade member's filter is pinned to their own brigade. */
export function scopeFilter<T extends HouseFilter>(principal: Principal, filter: T): T {
  return { ...filter, brigadeId: scopeBrigade(principal, filter.brigadeId) };
}

/**
 * SQL conditions over `houses h` for a filter, appending values to `params` ($n placeholders). Shared by the
 * houses list, the dashboard and the bot, so every face counts the same houses.
 */
export function houseConditions(filter: HouseFilter, params: unknown[]): string[] {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (!filter.isArchivedIncluded) conditions.push("NOT h.is_archived");
  if (filter.brigadeId !== undefined) conditions.push(`h.brigade_id = ${add(filter.brigadeId)}`);
  if (filter.managementCompanyId !== undefined)
    conditions.push(`h.management_company_id = ${add(filter.managementCompanyId)}`);
  if (filter.cleaningDate) {
    conditions.push(
      `EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND v.date = ${add(filter.cleaningDate)}::date)`,
    );
  } else if (filter.dateFrom || filter.dateTo) {
    const range = [
      filter.dateFrom ? `v.date >= ${add(filter.dateFrom)}::date` : "",
      filter.dateTo ? `v.date <= ${add(filter.dateTo)}::date` : "",
    ].filter(Boolean);
    conditions.push(`EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND ${range.join(" AND ")})`);
  }
  if (filter.search) {
    for (const pattern of searchPatterns(filter.search)) conditions.push(`h.search_text LIKE ${add(pattern)}`);
  }
  return conditions;
}

export const whereClause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(" AND ")}` : "");
