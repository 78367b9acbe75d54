// The brigade's core loop: start a cleaning, attach photo proof, finish it. Every write is one conditional
// statement or one transaction, so a double tap or two instances racing change nothing twice.
import type { VisitKind, VisitStatus } from "../../../../prisma/client.ts";
import { scopeBrigade, type Principal, type ServiceContext } from "../../lib/context.ts";
import { AppError, notFound, type ErrorCode } from "../../lib/errors.ts";
import { VISIT_KIND_SHORT_LABELS } from "../schedule/visit-kinds.ts";
import { enqueueVisitWriteBack, wakeOutbox } from "../crm/crm-outbox.ts";

export interface DayVisit {
  id: number;
  houseId: number;
  address: string;
  kind: VisitKind;
  kindLabel: string;
  status: VisitStatus;
  photoCount: number;
  brigade: { id: number; number: number | null; name: string } | null;
}

interface DayVisitRow {
  id: number;
  house_id: number;
  address: string;
  kind: VisitKind;
  kind_text: string | null;
  status: VisitStatus;
  photo_count: number;
  b_id: number | null;
  b_number: number | null;
  b_name: string | null;
}

const DAY_VISIT_SELECT = `
  SELECT v.id, v.house_id, h.address, v.kind, v.kind_text, v.status, cardinality(v.photos)::int AS photo_count,
         b.id AS b_id, b.number AS b_number, b.name AS b_name
    FROM cleaning_visits v
    JOIN houses h ON h.id = v.house_id
    LEFT JOIN brigades b ON b.id = h.brigade_id`;

function toDayVisit(row: DayVisitRow): DayVisit {
  return {
    id: row.id,
    houseId: row.house_id,
    address: row.address,
    kind: row.kind,
    kindLabel: row.kind === "other" && row.kind_text ? row.kind_text : VISIT_KIND_SHORT_LABELS[row.kind],
    status: row.status,
    photoCount: row.photo_count,
    brigade: row.b_id === null ? null : { id: row.b_id, number: row.b_number, name: row.b_name ?? "" },
  };
}

/** The visits of one day a principal may see (a brigade member: their brigade's only), by address. */
export async function listDayVisits(
  ctx: ServiceContext,
  options: { principal: Principal; day: string; brigadeId?: number },
): Promise<DayVisit[]> {
  const brigadeId = scopeBrigade(options.principal, options.brigadeId);
  const params: unknown[] = [options.day];
  let where = "v.date = $1::date AND NOT h.is_archived";
  if (brigadeId !== undefined) {
    params.push(brigadeId);
    where += ` AND h.brigade_id = $2`;
  }
  const rows = await ctx.db.query<DayVisitRow>(`${DAY_VISIT_SELECT} WHERE ${where} ORDER BY h.address, v.kind`, params);
  return rows.map(toDayVisit);
}

export interface BrigadeDaySummary {
  brigade: { id: number; number: number | null; name: string } | null;
  planned: number;
  inProgress: number;
  done: number;
  missed: number;
}

/** One day's visits by status per brigade (office roles), for the managers' /today. */
export async function summarizeDayByBrigade(
  ctx: ServiceContext,
  options: { day: string },
): Promise<BrigadeDaySummary[]> {
  const rows = await ctx.db.query<{
    b_id: number | null;
    b_number: number | null;
    b_name: string | null;
    status: VisitStatus;
    count: number;
  }>(
    `SELECT b.id AS b_id, b.number AS b_number, b.name AS b_name, v.status, count(*)::int AS count
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id LEFT JOIN brigades b ON b.id = h.brigade_id
      WHERE v.date = $1::date AND NOT h.is_archived
      GROUP BY b.id, b.number, b.name, v.status
      ORDER BY b.number NULLS LAST, b.id`,
    [options.day],
  );
  const byBrigade = new Map<number | null, BrigadeDaySummary>();
  for (const row of rows) {
    let summary = byBrigade.get(row.b_id);
    if (!summary) {
      const brigade = row.b_id === null ? null : { id: row.b_id, number: row.b_number, name: row.b_name ?? "" };
      summary = { brigade, planned: 0, inProgress: 0, done: 0, missed: 0 };
      byBrigade.set(row.b_id, summary);
    }
    const key = row.status === "in_progress" ? "inProgress" : row.status;
    summary[key] += row.count;
  }
  return [...byBrigade.values()];
}

/** One visit for its report card; a brigade member reaches only their brigade's visits (others: not found). */
export async function getVisit(
  ctx: ServiceContext,
  options: { principal: Principal; visitId: number },
): Promise<DayVisit & { date: string }> {
  const brigadeId = scopeBrigade(options.principal, undefined);
  const rows = await ctx.db.query<DayVisitRow & { date: string; brigade_id: number | null }>(
    `${DAY_VISIT_SELECT.replace("SELECT", "SELECT to_char(v.date, 'YYYY-MM-DD') AS date, h.brigade_id,")} WHERE v.id = $1`,
    [options.visitId],
  );
  const row = rows[0];
  if (!row || (brigadeId !== undefined && row.brigade_id !== brigadeId)) throw notFound("Уборка не найдена");
  return { ...toDayVisit(row), date: row.date };
}

/** Marks a planned visit in progress (idempotent: starting it again changes nothing). */
export async function startVisit(ctx: ServiceContext, options: { principal: Principal; visitId: number }) {
  const visit = await getVisit(ctx, options);
  if (visit.status === "done") throw visitError("visit_done", "Эта уборка уже завершена");
  await ctx.db.query(
    `UPDATE cleaning_visits SET status = 'in_progress', started_at = $2, started_by_id = $3, updated_at = now()
      WHERE id = $1 AND status IN ('planned', 'missed')`,
    [visit.id, ctx.clock.now(), options.principal.employeeId],
  );
  return getVisit(ctx, options);
}

/**
 * Attaches photo proof (Telegram file ids) to a visit in progress; repeats are ignored. Returns the count.
 * `isDocument`: the photos came "as file", so the report post must send them as documents.
 */
export async function addVisitPhotos(
  ctx: ServiceContext,
  options: { principal: Principal; visitId: number; fileIds: string[]; isDocument?: boolean },
): Promise<number> {
  const visit = await getVisit(ctx, options);
  if (visit.status !== "in_progress") {
    throw visitError(
      "visit_not_started",
      visit.status === "done" ? "Эта уборка уже завершена" : "Сначала нажмите «Начать уборку»",
    );
  }
  const rows = await ctx.db.query<{ count: number }>(
    `UPDATE cleaning_visits
        SET photos = photos || coalesce((SELECT array_agg(f) FROM unnest($2::text[]) f WHERE f <> ALL(photos)), '{}'),
            document_file_ids = CASE WHEN $3
              THEN document_file_ids || coalesce((SELECT array_agg(f) FROM unnest($2::text[]) f WHERE f <> ALL(document_file_ids)), '{}')
              ELSE document_file_ids END,
            updated_at = now()
      WHERE id = $1 AND status = 'in_progress'
      RETURNING cardinality(photos)::int AS count`,
    [visit.id, options.fileIds, options.isDocument ?? false],
  );
  return rows[0]?.count ?? visit.photoCount;
}

export interface FinishedVisit {
  visit: DayVisit & { date: string };
  /** False when the visit was already done (a double tap): nothing changed, nothing will be posted again. */
  isNewlyDone: boolean;
}

/**
 * Marks a visit in progress done, recording who and when, and queues its post to the report chat, in one
 * transaction. Photo proof is required unless VISIT_PHOTO_REQUIRED=false. Idempotent against double taps.
 */
export async function finishVisit(
  ctx: ServiceContext,
  options: { principal: Principal; visitId: number },
): Promise<FinishedVisit> {
  const before = await getVisit(ctx, options);
  if (before.status === "done") return { visit: before, isNewlyDone: false };
  if (before.status !== "in_progress") throw visitError("visit_not_started", "Сначала нажмите «Начать уборку»");
  const isPhotoRequired = ctx.config.visits.isPhotoRequired;
  if (isPhotoRequired && before.photoCount === 0) {
    throw visitError("photo_required", "Без фото завершить нельзя: пришлите хотя бы одно фото уборки");
  }
  const reportChatId = ctx.config.telegram.reportChatId;
  const isNewlyDone = await ctx.db.prisma.$transaction(
    async (tx) => {
      const updated = await tx.$queryRawUnsafe<{ id: number }[]>(
        `UPDATE cleaning_visits SET status = 'done', finished_at = $2, finished_by_id = $3, updated_at = now()
          WHERE id = $1 AND status = 'in_progress' AND (NOT $4 OR cardinality(photos) > 0)
          RETURNING id`,
        before.id,
        ctx.clock.now(),
        options.principal.employeeId,
        isPhotoRequired,
      );
      if (updated.length === 0) return false;
      // The CRM write-back is queued in the same transaction: a finished visit never misses its comment.
      if (ctx.config.bitrix.webhookUrl) {
        await enqueueVisitWriteBack(ctx, {
          visitId: before.id,
          query: (sql, params) => tx.$queryRawUnsafe(sql, ...params),
        });
      }
      if (reportChatId) {
        await tx.$executeRawUnsafe(
          `INSERT INTO visit_report_posts (visit_id, chat_id, status, updated_at) VALUES ($1, $2, 'pending', now())
           ON CONFLICT (visit_id) DO NOTHING`,
          before.id,
          reportChatId,
        );
      }
      return true;
    },
    { timeout: 15_000 },
  );
  if (isNewlyDone && ctx.config.bitrix.webhookUrl) wakeOutbox();
  return { visit: await getVisit(ctx, options), isNewlyDone };
}

function visitError(code: ErrorCode, userMessage: string) {
  return new AppError(code, { status: 409, userMessage });
}
