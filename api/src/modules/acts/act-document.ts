// The act's read model: one act per house and month, loaded for any number of houses in two queries. The PDF,
// the DOCX, the list and the bot all show this same ActDocument.
import type { VisitKind, VisitStatus } from "../../../../prisma/client.ts";
import type { AppConfig } from "../../config.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { dayOfInstant, formatDayShort, monthRange, today, wallClockOf } from "../../lib/dates.ts";
import { VISIT_KIND_LABELS, VISIT_STATUS_LABELS } from "../schedule/visit-kinds.ts";
import { computeActSum } from "./act-tariff.ts";
import type { ActSum, ActTotals } from "./acts.schemas.ts";

const MONTH_NAMES = [
  "январь",
  "февраль",
  "март",
  "апрель",
  "май",
  "июнь",
  "июль",
  "август",
  "сентябрь",
  "октябрь",
  "ноябрь",
  "декабрь",
];

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
  house: {
    id: number;
    title: string;
    address: string;
    apartments: number | null;
    entrances: number | null;
    floors: number | null;
  };
  brigade: { id: number; number: number | null; name: string } | null;
  visits: ActDocumentVisit[];
  totals: ActTotals;
  sum: ActSum;
  status: "draft" | "sent";
  sentAt: string | null;
  sentBy: string | null;
  warnings: string[];
}

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

export interface HouseSelection {
  houseIds?: number[];
  managementCompanyId?: number;
  brigadeId?: number;
}

/** Loads the acts of the selected houses for a month in two queries, however many houses there are. */
export async function loadActs(ctx: ServiceContext, month: string, selection: HouseSelection): Promise<ActDocument[]> {
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
  if (selection.managementCompanyId !== undefined)
    conditions.push(`h.management_company_id = ${add(selection.managementCompanyId)}`);
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

function toActDocument(
  ctx: ServiceContext,
  month: string,
  day: string,
  house: HouseRow,
  rows: VisitRow[],
): ActDocument {
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
    house: {
      id: house.id,
      title: house.title,
      address: house.address,
      apartments: house.apartments,
      entrances: house.entrances,
      floors: house.floors,
    },
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
