// Posts of finished cleanings to REPORT_CHAT_ID. A row per visit (queued by finishVisit) is claimed before
// sending and marked after, so each cleaning is posted once, even with retries, restarts or several instances.
import type { ServiceContext } from "../../lib/context.ts";

export interface ReportPostClaim {
  visitId: number;
  chatId: string;
  attempts: number;
  /** Parts (albums, single photos or files) an earlier attempt already posted: this one starts after them. */
  sentParts: number;
}

/** After this many failed attempts a post is left `failed` for a person to look at. */
export const MAX_REPORT_POST_ATTEMPTS = 5;

/** Takes a pending post for sending; null if it is already posted or someone else is sending it. */
export async function claimReportPost(ctx: ServiceContext, visitId: number): Promise<ReportPostClaim | null> {
  const rows = await ctx.db.query<{ chat_id: string; attempts: number; sent_parts: number }>(
    `UPDATE visit_report_posts SET status = 'sending', attempts = attempts + 1, updated_at = $2
      WHERE visit_id = $1 AND status = 'pending' RETURNING chat_id, attempts, sent_parts`,
    // The claim's time comes from the service clock, as does the stall check that reads it.
    [visitId, ctx.clock.now()],
  );
  const row = rows[0];
  return row ? { visitId, chatId: row.chat_id, attempts: row.attempts, sentParts: row.sent_parts } : null;
}

/**
 * Records that one more part of the post is in the chat, right after Telegram accepted it, so a failure of a
 * later part re-queues the post without the parts already sent (an album must not appear twice).
 */
export async function recordReportPart(
  ctx: ServiceContext,
  claim: ReportPostClaim,
  messageIds: number[],
): Promise<void> {
  claim.sentParts += 1;
  await ctx.db.query(
    `UPDATE visit_report_posts SET sent_parts = $2, message_ids = message_ids || $3::int[], updated_at = $4
      WHERE visit_id = $1 AND status = 'sending'`,
    [claim.visitId, claim.sentParts, messageIds, ctx.clock.now()],
  );
}

/** Records a successful post (its message ids were recorded part by part). */
export async function markReportPosted(ctx: ServiceContext, visitId: number): Promise<void> {
  await ctx.db.query(
    `UPDATE visit_report_posts SET status = 'posted', posted_at = $2, last_error = NULL, updated_at = $2
      WHERE visit_id = $1`,
    [visitId, ctx.clock.now()],
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

/** Everything the report post needs about a finished visit: the caption's facts and its photos and files. */
export async function getReportDetails(ctx: ServiceContext, visitId: number) {
  const rows = await ctx.db.query<{
    address: string;
    date: string;
    photos: string[];
    documents: string[];
    b_number: number | null;
    b_name: string | null;
    finished_by: string | null;
  }>(
    `SELECT h.address, to_char(v.date, 'YYYY-MM-DD') AS date, v.photos, coalesce(v.document_file_ids, '{}') AS documents,
            b.number AS b_number, b.name AS b_name, e.name AS finished_by
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
       LEFT JOIN brigades b ON b.id = h.brigade_id LEFT JOIN employees e ON e.id = v.finished_by_id
      WHERE v.id = $1`,
    [visitId],
  );
  return rows[0] ?? null;
}
