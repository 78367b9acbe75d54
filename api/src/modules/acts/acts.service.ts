// Monthly acts of work done (акты выполненных работ) per house for the management companies: the month's visits
// with who finished them and when, the totals and the sum, and whether the act was sent. Office roles only.
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { addMonths, monthOf, today } from "../../lib/dates.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { assertFilterIdsExist } from "../houses/house-filter.ts";
import { ACT_DOWNLOAD_PATH, ACT_LINK_TTL_SECONDS, signActLink } from "./act-links.ts";
import { formatMonthRu, loadActs, type ActDocument } from "./act-document.ts";
import type { ActList, ActListItem, ActStatusView, ActTotals } from "./acts.schemas.ts";

/** Acts are made at most this many months before or after the current one. */
export const MAX_ACT_MONTHS_AWAY = 24;

function assertOffice(principal: Principal): void {
  if (!isOfficeRole(principal)) throw forbidden("Акты доступны только менеджерам и администраторам");
}

/** The month asked for (default: the previous one), refused when more than two years from now. */
export function resolveActMonth(ctx: ServiceContext, month: string | undefined): string {
  const current = monthOf(today(ctx.config.timeZone, ctx.clock.now()));
  const resolved = month ?? addMonths(current, -1);
  const distance = Math.abs(monthIndex(resolved) - monthIndex(current));
  if (distance > MAX_ACT_MONTHS_AWAY) {
    throw badRequest(
      "act_month_out_of_range",
      `Месяц ${resolved} слишком далеко: акты составляются не дальше двух лет от текущего месяца`,
    );
  }
  return resolved;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

const sumTotals = (items: { totals: ActTotals }[]): ActTotals =>
  items.reduce(
    (sum, item) => ({
      planned: sum.planned + item.totals.planned,
      done: sum.done + item.totals.done,
      missed: sum.missed + item.totals.missed,
      pending: sum.pending + item.totals.pending,
      withoutPhotos: sum.withoutPhotos + item.totals.withoutPhotos,
    }),
    { planned: 0, done: 0, missed: 0, pending: 0, withoutPhotos: 0 },
  );

/** The month's houses with planned / done / missed counts and each act's status (filters: УК, brigade). */
export async function listActs(
  ctx: ServiceContext,
  options: { principal: Principal; month?: string; managementCompanyId?: number; brigadeId?: number },
): Promise<ActList> {
  assertOffice(options.principal);
  const month = resolveActMonth(ctx, options.month);
  await assertFilterIdsExist(ctx, options);
  const acts = await loadActs(ctx, month, {
    managementCompanyId: options.managementCompanyId,
    brigadeId: options.brigadeId,
  });
  // Links are signed here, so the mini-app opens a file straight from the tap (openLink needs the user's gesture).
  const link = (target: "house" | "management-company", id: number, format: "pdf" | "docx" | "zip") =>
    `${ACT_DOWNLOAD_PATH}/${signActLink(ctx, options.principal, { target, id, month, format }).token}`;
  const items = acts.map((act): ActListItem => ({
    house: {
      id: act.house.id,
      address: act.house.address,
      apartments: act.house.apartments,
      entrances: act.house.entrances,
      floors: act.house.floors,
    },
    managementCompany: act.managementCompany,
    brigade: act.brigade,
    totals: act.totals,
    sum: act.sum,
    status: act.status,
    sentAt: act.sentAt,
    sentBy: act.sentBy,
    warnings: act.warnings,
    links: { pdf: link("house", act.house.id, "pdf"), docx: link("house", act.house.id, "docx") },
  }));
  const companyId = options.managementCompanyId;
  return {
    month,
    monthLabel: formatMonthRu(month),
    items,
    totals: sumTotals(items),
    companyLinks:
      companyId === undefined
        ? null
        : { pdf: link("management-company", companyId, "pdf"), zip: link("management-company", companyId, "zip") },
    linksExpireAt: new Date(ctx.clock.now().getTime() + ACT_LINK_TTL_SECONDS * 1000).toISOString(),
  };
}

/** One house's act for a month; a month without visits gives an act that says so. */
export async function getHouseAct(
  ctx: ServiceContext,
  options: { principal: Principal; houseId: number; month?: string },
): Promise<ActDocument> {
  assertOffice(options.principal);
  const month = resolveActMonth(ctx, options.month);
  const [act] = await loadActs(ctx, month, { houseIds: [options.houseId] });
  if (!act) throw notFound("Дом не найден");
  return act;
}

/** The acts of every house of one management company for a month, in address order. */
export async function getManagementCompanyActs(
  ctx: ServiceContext,
  options: { principal: Principal; managementCompanyId: number; month?: string },
): Promise<{ managementCompany: { id: number; title: string }; month: string; acts: ActDocument[] }> {
  assertOffice(options.principal);
  const month = resolveActMonth(ctx, options.month);
  const company = await ctx.db.prisma.managementCompany.findUnique({
    where: { id: options.managementCompanyId },
    select: { id: true, title: true },
  });
  if (!company) throw notFound("Управляющая компания не найдена");
  const acts = await loadActs(ctx, month, { managementCompanyId: company.id });
  return { managementCompany: company, month, acts };
}

/** Marks acts sent (or back to draft), keeping the totals as sent; the act of a month not yet begun cannot be sent. */
export async function setActStatus(
  ctx: ServiceContext,
  options: {
    principal: Principal;
    month: string;
    status: "sent" | "draft";
    houseId?: number;
    managementCompanyId?: number;
  },
): Promise<ActStatusView[]> {
  assertOffice(options.principal);
  const month = resolveActMonth(ctx, options.month);
  const current = monthOf(today(ctx.config.timeZone, ctx.clock.now()));
  if (options.status === "sent" && month > current) {
    throw new AppError("act_month_not_started", {
      status: 409,
      userMessage: `Месяц ${formatMonthRu(month)} ещё не начался: акт за него отправить нельзя`,
    });
  }
  let acts: ActDocument[];
  if (options.houseId !== undefined)
    acts = [await getHouseAct(ctx, { principal: options.principal, houseId: options.houseId, month })];
  else
    acts = (
      await getManagementCompanyActs(ctx, {
        principal: options.principal,
        managementCompanyId: options.managementCompanyId!,
        month,
      })
    ).acts;
  if (acts.length === 0) return [];
  const now = ctx.clock.now();
  const isSent = options.status === "sent";
  const rows = await ctx.db.query<{
    house_id: number;
    status: "draft" | "sent";
    sent_at: Date | null;
    sent_by: string | null;
  }>(
    `WITH input AS (SELECT * FROM unnest($1::int[], $2::jsonb[]) AS t(house_id, totals)),
          saved AS (
            INSERT INTO acts (house_id, month, status, sent_at, sent_by_id, sent_totals, updated_at)
            SELECT house_id, $3, $4::"ActStatus", $5::timestamptz, $6::int, CASE WHEN $7 THEN totals END, $8::timestamptz FROM input
            ON CONFLICT (house_id, month) DO UPDATE
               SET status = EXCLUDED.status, sent_at = EXCLUDED.sent_at, sent_by_id = EXCLUDED.sent_by_id,
                   sent_totals = EXCLUDED.sent_totals, updated_at = EXCLUDED.updated_at
            RETURNING house_id, status, sent_at, sent_by_id)
     SELECT s.house_id, s.status::text AS status, s.sent_at, e.name AS sent_by
       FROM saved s LEFT JOIN employees e ON e.id = s.sent_by_id`,
    [
      acts.map((act) => act.house.id),
      acts.map((act) =>
        JSON.stringify({
          planned: act.totals.planned,
          done: act.totals.done,
          missed: act.totals.missed,
          amount: act.sum.amount,
        }),
      ),
      month,
      options.status,
      isSent ? now : null,
      isSent && options.principal.employeeId > 0 ? options.principal.employeeId : null,
      isSent,
      now,
    ],
  );
  const byHouse = new Map(rows.map((row) => [row.house_id, row]));
  return acts.map((act) => {
    const row = byHouse.get(act.house.id);
    return {
      houseId: act.house.id,
      month,
      status: row?.status ?? options.status,
      sentAt: row?.sent_at?.toISOString() ?? null,
      sentBy: row?.sent_by ?? null,
    };
  });
}
