// Monthly acts of work done (акты выполненных работ) per house for the management companies: the month's visits
// with who finished them and when, the totals and the sum, and whether the act was sent. Office roles only.
import type { VisitKind, VisitStatus } from "../../../../prisma/client.ts";
import type { AppConfig } from "../../config.ts";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { addMonths, dayOfInstant, formatDayShort, monthOf, monthRange, today, wallClockOf } from "../../lib/dates.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { assertFilterIdsExist } from "../houses/house-filter.ts";
import { VISIT_KIND_LABELS, VISIT_STATUS_LABELS } from "../schedule/visit-kinds.ts";
import { ACT_DOWNLOAD_PATH, ACT_LINK_TTL_SECONDS, signActLink } from "./act-links.ts";
import { computeActSum } from "./act-tariff.ts";
import type { ActList, ActListItem, ActStatusView, ActSum, ActTotals } from "./acts.schemas.ts";

/** Acts are made at most this many months before or after the current one. */
export const MAX_ACT_MONTHS_AWAY = 24;

const MONTH_NAMES = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

/** "ноябрь 2026". */
export function formatMonthRu(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

export interface ActDocumentVisit {
  id: number;
  date: string;
  kind: VisitKind;
  kindLabel: string;
  status: VisitStatus;
  /** "Выполнено", "Пропущено", "Не отмечено" (a past day nobody reported) … */
  statusLabel: string;
  finishedAt: string | null;
  /** "10:35" in APP_TIMEZONE, with the day when it differs from the visit's ("13.11 00:20"). */
  finishedLabel: string | null;
  reportedBy: string | null;
  photoCount: number;
}

/** Everything one act shows; the PDF, the DOCX and the list are all made from this. */
export interface ActDocument {
  /** "1042/2026-11": the house id and the month, the same however often it is printed. */
  number: string;
  month: string;
  monthLabel: string;
  /** The act's date: the month's last day, or today while the month is still going. */
  issuedOn: string;
  company: AppConfig["company"];
  managementCompany: { id: number; title: string } | null;
  house: { id: number; title: string; address: string; apartments: number | null; entrances: number | null; floors: number | null };
  brigade: { id: number; number: number | null; name: string } | null;
  visits: ActDocumentVisit[];
  totals: ActTotals;
  sum: ActSum;
  status: "draft" | "sent";
  sentAt: string | null;
  sentBy: string | null;
  warnings: string[];
}

function assertOffice(principal: Principal): void {
  if (!isOfficeRole(principal)) throw forbidden("Акты доступны только менеджерам и администраторам");
}

/** The month asked for (default: the previous one), refused when more than two years from now. */
export function resolveActMonth(ctx: ServiceContext, month: string | undefined): string {
  const current = monthOf(today(ctx.config.timeZone, ctx.clock.now()));
  const resolved = month ?? addMonths(current, -1);
  const distance = Math.abs(monthIndex(resolved) - monthIndex(current));
  if (distance > MAX_ACT_MONTHS_AWAY) {
    throw badRequest("act_month_out_of_range", `Месяц ${resolved} слишком далеко: акты составляются не дальше двух лет от текущего месяца`);
  }
  return resolved;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

interface HouseRow {
  id: number;
  title: string;
  address: string;
  apartments: number | null;
  entrances: number | null;
  floors: number | null;
  tariff: string | null;
  mc_id: number | null;
  mc_title: string | null;
  b_id: number | null;
  b_number: number | null;
  b_name: string | null;
  act_status: "draft" | "sent" | null;
  sent_at: Date | null;
  sent_by: string | null;
}

interface VisitRow {
  id: number;
  house_id: number;
  date: string;
  kind: VisitKind;
  kind_text: string | null;
  status: VisitStatus;
  finished_at: Date | null;
  reported_by: string | null;
  photo_count: number;
}

interface HouseSelection {
  houseIds?: number[];
  managementCompanyId?: number;
  brigadeId?: number;
}

/** Loads the acts of the selected houses for a month in two queries, however many houses there are. */
async function loadActs(ctx: ServiceContext, month: string, selection: HouseSelection): Promise<ActDocument[]> {
  const { from, to } = monthRange(month);
  const params: unknown[] = [month];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (selection.houseIds) conditions.push(`h.id = ANY(${add(selection.houseIds)}::int[])`);
  else {
    // Archived houses still get the act of a month in which they were cleaned.
    conditions.push(
      `(NOT h.is_archived OR EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND v.date BETWEEN ${add(from)}::date AND ${add(to)}::date))`,
    );
  }
  if (selection.managementCompanyId !== undefined) conditions.push(`h.management_company_id = ${add(selection.managementCompanyId)}`);
  if (selection.brigadeId !== undefined) conditions.push(`h.brigade_id = ${add(selection.brigadeId)}`);
  const houses = await ctx.db.query<HouseRow>(
    `SELECT h.id, h.title, h.address, h.apartments, h.entrances, h.floors, h.tariff,
            mc.id AS mc_id, mc.title AS mc_title, b.id AS b_id, b.number AS b_number, b.name AS b_name,
            a.status::text AS act_status, a.sent_at, e.name AS sent_by
       FROM houses h
       LEFT JOIN management_companies mc ON mc.id = h.management_company_id
       LEFT JOIN brigades b ON b.id = h.brigade_id
       LEFT JOIN acts a ON a.house_id = h.id AND a.month = $1
       LEFT JOIN employees e ON e.id = a.sent_by_id
      WHERE ${conditions.join(" AND ")}
      ORDER BY mc.title NULLS LAST, h.address, h.id`,
    params,
  );
  if (houses.length === 0) return [];
  const visits = await ctx.db.query<VisitRow>(
    `SELECT v.id, v.house_id, to_char(v.date, 'YYYY-MM-DD') AS date, v.kind, v.kind_text, v.status, v.finished_at,
            coalesce(fe.name, se.name) AS reported_by, cardinality(v.photos)::int AS photo_count
       FROM cleaning_visits v
       LEFT JOIN employees fe ON fe.id = v.finished_by_id
       LEFT JOIN employees se ON se.id = v.started_by_id
      WHERE v.house_id = ANY($1::int[]) AND v.date BETWEEN $2::date AND $3::date
      ORDER BY v.house_id, v.date, v.kind`,
    [houses.map((house) => house.id), from, to],
  );
  const visitsByHouse = new Map<number, VisitRow[]>();
  for (const visit of visits) {
    const list = visitsByHouse.get(visit.house_id);
    if (list) list.push(visit);
    else visitsByHouse.set(visit.house_id, [visit]);
  }
  const day = today(ctx.config.timeZone, ctx.clock.now());
  return houses.map((house) => toActDocument(ctx, month, day, house, visitsByHouse.get(house.id) ?? []));
}

function toActDocument(ctx: ServiceContext, month: string, day: string, house: HouseRow, rows: VisitRow[]): ActDocument {
  const timeZone = ctx.config.timeZone;
  const visits = rows.map((row): ActDocumentVisit => {
    const isUnreported = (row.status === "planned" || row.status === "in_progress") && row.date < day;
    let finishedLabel: string | null = null;
    if (row.finished_at) {
      const clock = wallClockOf(row.finished_at, timeZone);
      const time = `${String(clock.hour).padStart(2, "0")}:${String(clock.minute).padStart(2, "0")}`;
      const finishedDay = dayOfInstant(row.finished_at, timeZone);
      finishedLabel = finishedDay === row.date ? time : `${formatDayShort(finishedDay)} ${time}`;
    }
    return {
      id: row.id,
      date: row.date,
      kind: row.kind,
      kindLabel: row.kind === "other" && row.kind_text ? row.kind_text : VISIT_KIND_LABELS[row.kind],
      status: row.status,
      statusLabel: isUnreported ? "Не отмечено" : VISIT_STATUS_LABELS[row.status],
      finishedAt: row.finished_at?.toISOString() ?? null,
      finishedLabel,
      reportedBy: row.reported_by,
      photoCount: row.photo_count,
    };
  });
  const done = visits.filter((visit) => visit.status === "done");
  const missed = visits.filter((visit) => visit.status === "missed").length;
  const totals: ActTotals = {
    planned: visits.length,
    done: done.length,
    missed,
    pending: visits.length - done.length - missed,
    withoutPhotos: done.filter((visit) => visit.photoCount === 0).length,
  };
  const unreported = visits.filter((visit) => visit.statusLabel === "Не отмечено").length;
  const { to } = monthRange(month);
  const warnings = [
    ...(missed ? [`Пропущено уборок: ${missed}`] : []),
    ...(totals.withoutPhotos ? [`Выполнено без фото: ${totals.withoutPhotos}`] : []),
    ...(unreported ? [`Не отмечено уборок: ${unreported}`] : []),
    ...(to >= day ? ["Месяц ещё не закончился"] : []),
  ];
  return {
    number: `${house.id}/${month}`,
    month,
    monthLabel: formatMonthRu(month),
    issuedOn: to < day ? to : day,
    company: ctx.config.company,
    managementCompany: house.mc_id === null ? null : { id: house.mc_id, title: house.mc_title ?? "" },
    house: { id: house.id, title: house.title, address: house.address, apartments: house.apartments, entrances: house.entrances, floors: house.floors },
    brigade: house.b_id === null ? null : { id: house.b_id, number: house.b_number, name: house.b_name ?? "" },
    visits,
    totals,
    sum: computeActSum(house.tariff, totals.done),
    status: house.act_status ?? "draft",
    sentAt: house.sent_at?.toISOString() ?? null,
    sentBy: house.sent_by,
    warnings,
  };
}

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
  const acts = await loadActs(ctx, month, { managementCompanyId: options.managementCompanyId, brigadeId: options.brigadeId });
  // Links are signed here, so the mini-app opens a file straight from the tap (openLink needs the user's gesture).
  const link = (target: "house" | "management-company", id: number, format: "pdf" | "docx" | "zip") =>
    `${ACT_DOWNLOAD_PATH}/${signActLink(ctx, options.principal, { target, id, month, format }).token}`;
  const items = acts.map(
    (act): ActListItem => ({
      house: { id: act.house.id, address: act.house.address, apartments: act.house.apartments, entrances: act.house.entrances, floors: act.house.floors },
      managementCompany: act.managementCompany,
      brigade: act.brigade,
      totals: act.totals,
      sum: act.sum,
      status: act.status,
      sentAt: act.sentAt,
      sentBy: act.sentBy,
      warnings: act.warnings,
      links: { pdf: link("house", act.house.id, "pdf"), docx: link("house", act.house.id, "docx") },
    }),
  );
  const companyId = options.managementCompanyId;
  return {
    month,
    monthLabel: formatMonthRu(month),
    items,
    totals: sumTotals(items),
    companyLinks: companyId === undefined ? null : { pdf: link("management-company", companyId, "pdf"), zip: link("management-company", companyId, "zip") },
    linksExpireAt: new Date(ctx.clock.now().getTime() + ACT_LINK_TTL_SECONDS * 1000).toISOString(),
  };
}

/** One house's act for a month; a month without visits gives an act that says so. */
export async function getHouseAct(ctx: ServiceContext, options: { principal: Principal; houseId: number; month?: string }): Promise<ActDocument> {
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
  const company = await ctx.db.prisma.managementCompany.findUnique({ where: { id: options.managementCompanyId }, select: { id: true, title: true } });
  if (!company) throw notFound("Управляющая компания не найдена");
  const acts = await loadActs(ctx, month, { managementCompanyId: company.id });
  return { managementCompany: company, month, acts };
}

/** Marks acts sent (or back to draft), keeping the totals as sent; the act of a month not yet begun cannot be sent. */
export async function setActStatus(
  ctx: ServiceContext,
  options: { principal: Principal; month: string; status: "sent" | "draft"; houseId?: number; managementCompanyId?: number },
): Promise<ActStatusView[]> {
  assertOffice(options.principal);
  const month = resolveActMonth(ctx, options.month);
  const current = monthOf(today(ctx.config.timeZone, ctx.clock.now()));
  if (options.status === "sent" && month > current) {
    throw new AppError("act_month_not_started", { status: 409, userMessage: `Месяц ${formatMonthRu(month)} ещё не начался: акт за него отправить нельзя` });
  }
  let acts: ActDocument[];
  if (options.houseId !== undefined) acts = [await getHouseAct(ctx, { principal: options.principal, houseId: options.houseId, month })];
  else acts = (await getManagementCompanyActs(ctx, { principal: options.principal, managementCompanyId: options.managementCompanyId!, month })).acts;
  if (acts.length === 0) return [];
  const now = ctx.clock.now();
  const isSent = options.status === "sent";
  const rows = await ctx.db.query<{ house_id: number; status: "draft" | "sent"; sent_at: Date | null; sent_by: string | null }>(
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
      acts.map((act) => JSON.stringify({ planned: act.totals.planned, done: act.totals.done, missed: act.totals.missed, amount: act.sum.amount })),
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
    return { houseId: act.house.id, month, status: row?.status ?? options.status, sentAt: row?.sent_at?.toISOString() ?? null, sentBy: row?.sent_by ?? null };
  });
}
