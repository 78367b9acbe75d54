// Posts of finished cleanings to REPORT_CHAT_ID. A row per visit (queued by finishVisit) is claimed before
// sending and marked after, so each cleaning is posted once, even with retries, restarts or several instances.
import type { ServiceContext } from "../../lib/context.ts";

export interface ReportPostClaim {
  visitId: number;
  chatId: string;
  attempts: number;
}

/** After this many failed attempts a post is left `failed` for a person to look at. */
export const MAX_REPORT_POST_ATTEMPTS = 5;

/** Takes a pending post for sending; null if it is already posted or someone else is sending it. */
export async function claimReportPost(ctx: ServiceContext, visitId: number): Promise<ReportPostClaim | null> {
  const rows = await ctx.db.query<{ chat_id: string; attempts: number }>(
    `UPDATE visit_report_posts SET status = 'sending', attempts = attempts + 1, updated_at = $2
      WHERE visit_id = $1 AND status = 'pending' RETURNING chat_id, attempts`,
    // The claim's time comes from the service clock, as does the stall check that reads it.
    [visitId, ctx.clock.now()],
  );
  const row = rows[0];
  return row ? { visitId, chatId: row.chat_id, attempts: row.attempts } : null;
}

/** Records a successful post. */
export async function markReportPosted(ctx: ServiceContext, visitId: number, messageIds: number[]): Promise<void> {
  await ctx.db.query(
    `UPDATE visit_report_posts SET status = 'posted', message_ids = $2::int[], posted_at = $3, last_error = NULL, updated_at = $3
      WHERE visit_id = $1`,
    [visitId, messageIds, ctx.clock.now()],
  );
}

/**
 * Records a failed attempt. Only failures where Telegram surely did not post (an error answer) return the
 * post to the queue; after MAX_REPORT_POST_ATTEMPTS it stays `failed`.
 */
export async function markReportFailed(ctx: ServiceContext, claim: ReportPostClaim, error: string): Promise<void> {
  const status = claim.attempts >= MAX_REPORT_POST_ATTEMPTS ? "failed" : "pending";
  await ctx.db.query(
    `UPDATE visit_report_posts SET status = $2::"ReportPostStatus", last_error = $3, updated_at = $4 WHERE visit_id = $1`,
    [claim.visitId, status, error.slice(0, 500), ctx.clock.now()],
  );
}

/** A post claimed longer ago than this was interrupted (a crash or restart mid-send). */
export const STALLED_REPORT_POST_MINUTES = 10;

/**
 * Posts left `sending` by an interrupted sender. Telegram may or may not have posted them, so they are not
 * resent (that could post twice); they become `failed` with a reason a person can act on.
 */
export async function markStalledReportPosts(ctx: ServiceContext): Promise<number[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db.query<{ visit_id: number }>(
    `UPDATE visit_report_posts
        SET status = 'failed', updated_at = $1,
            last_error = 'Отправка прервалась (перезапуск во время отправки): проверьте чат отчётов и при необходимости перешлите фото вручную'
      WHERE status = 'sending' AND updated_at < $1::timestamptz - make_interval(mins => $2)
      RETURNING visit_id`,
    [now.toISOString(), STALLED_REPORT_POST_MINUTES],
  );
  return rows.map((row) => row.visit_id);
}

/** Visits whose post is still waiting (a sweep retries them). */
export async function listPendingReportPosts(ctx: ServiceContext, limit = 20): Promise<number[]> {
  const rows = await ctx.db.query<{ visit_id: number }>(
    `SELECT visit_id FROM visit_report_posts WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.visit_id);
}

/** Everything the report caption needs about a finished visit. */
export async function getReportDetails(ctx: ServiceContext, visitId: number) {
  const rows = await ctx.db.query<{ address: string; date: string; photos: string[]; b_number: number | null; b_name: string | null; finished_by: string | null }>(
    `SELECT h.address, to_char(v.date, 'YYYY-MM-DD') AS date, v.photos, b.number AS b_number, b.name AS b_name, e.name AS finished_by
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
       LEFT JOIN brigades b ON b.id = h.brigade_id LEFT JOIN employees e ON e.id = v.finished_by_id
      WHERE v.id = $1`,
    [visitId],
  );
  return rows[0] ?? null;
}
