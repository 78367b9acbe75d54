// Visit write-back to the deal's timeline through an outbox table: the bot's "Завершить" only inserts a row,
// delivery happens here in batches with back-off, so an outage of the portal delays comments but loses none.
// Delivery is at-least-once: a crash between the portal's answer and our UPDATE may repeat one comment.
import type { ServiceContext } from "../../lib/context.ts";
import { formatDayRu } from "../../lib/dates.ts";
import { VISIT_KIND_LABELS, VISIT_STATUS_LABELS } from "../schedule/visit-kinds.ts";
import type { VisitKind, VisitStatus } from "../../../../prisma/client.ts";
import { BitrixError, buildCommand, MAX_BATCH_COMMANDS, type BitrixClient } from "./bitrix-client.ts";

/** Woken when something is enqueued, so delivery does not wait for the next scheduled tick. */
const wakers = new Set<() => void>();

export function onOutboxEnqueued(wake: () => void): () => void {
  wakers.add(wake);
  return () => wakers.delete(wake);
}

interface VisitRow {
  id: number;
  status: VisitStatus;
  date: string;
  kind: VisitKind;
  kind_text: string | null;
  note: string | null;
  photos: number;
  bitrix_id: number | null;
  brigade: string | null;
  finished_by: string | null;
}

/** Queues a timeline comment about a finished (or missed) visit for the house's deal; false when there is no deal. */
export async function enqueueVisitWriteBack(
  ctx: ServiceContext,
  options: {
    visitId: number;
    /** Runs the SQL inside the caller's transaction, so the status change and its outbox row commit together. */
    query?: <T>(sql: string, params: unknown[]) => Promise<T[]>;
  },
): Promise<boolean> {
  const query = options.query ?? (<T>(sql: string, params: unknown[]) => ctx.db.query<T>(sql, params));
  const [visit] = await query<VisitRow>(
    `SELECT v.id, v.status::text AS status, to_char(v.date, 'YYYY-MM-DD') AS date, v.kind::text AS kind, v.kind_text, v.note,
            coalesce(array_length(v.photos, 1), 0)::int AS photos, h.bitrix_id, b.name AS brigade, e.name AS finished_by
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
       LEFT JOIN brigades b ON b.id = h.brigade_id LEFT JOIN employees e ON e.id = v.finished_by_id
      WHERE v.id = $1`,
    [options.visitId],
  );
  if (!visit || visit.bitrix_id === null) return false;
  const lines = [
    `${VISIT_STATUS_LABELS[visit.status]}: ${visit.kind === "other" && visit.kind_text ? visit.kind_text : VISIT_KIND_LABELS[visit.kind]}, ${formatDayRu(visit.date)}`,
    visit.brigade || visit.finished_by
      ? `Бригада: ${[visit.brigade, visit.finished_by].filter(Boolean).join(", ")}`
      : null,
    visit.photos ? `Фото: ${visit.photos}` : null,
    visit.note ? `Комментарий: ${visit.note}` : null,
  ].filter(Boolean);
  await query(
    `INSERT INTO crm_outbox (dedupe_key, deal_id, method, params) VALUES ($1, $2, 'crm.timeline.comment.add', $3::jsonb)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      `visit:${visit.id}:${visit.status}`,
      visit.bitrix_id,
      JSON.stringify({ fields: { ENTITY_ID: visit.bitrix_id, ENTITY_TYPE: "deal", COMMENT: lines.join("\n") } }),
    ],
  );
  // Inside a caller's transaction the row is not visible yet: the caller wakes delivery after its commit.
  if (!options.query) wakeOutbox();
  return true;
}

/** Starts delivery now instead of at the next scheduled tick. */
export function wakeOutbox(): void {
  for (const wake of wakers) wake();
}

export interface DeliverOptions {
  /** Delay before the n-th retry (attempts so far), ms. */
  retryDelayMs?: (attempts: number) => number;
  /** Called for every deal we just wrote to, before its echo event can arrive. */
  onWritten?: (dealId: number) => void;
}

const defaultRetryDelay = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
/** A comment the portal refused this often (deal deleted, field rejected) is parked for a person to look at. */
const MAX_COMMAND_ATTEMPTS = 20;
const PARKED_DELAY_MS = 100 * 365 * 86_400_000;

/** Delivers due outbox rows, up to 50 per request; returns how many were delivered and how many wait for a retry. */
export async function deliverOutbox(
  ctx: ServiceContext,
  client: BitrixClient,
  options: DeliverOptions = {},
): Promise<{ delivered: number; failed: number }> {
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  let delivered = 0;
  let failed = 0;
  for (;;) {
    // Claiming with a lease lets several instances deliver side by side, each row once.
    const rows = await ctx.db.query<{
      id: number;
      deal_id: number;
      method: string;
      params: Record<string, unknown>;
      attempts: number;
    }>(
      `UPDATE crm_outbox SET locked_until = now() + interval '2 minutes', attempts = attempts + 1
        WHERE id IN (SELECT id FROM crm_outbox
                      WHERE delivered_at IS NULL AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
                      ORDER BY id LIMIT ${MAX_BATCH_COMMANDS} FOR UPDATE SKIP LOCKED)
        RETURNING id, deal_id, method, params, attempts`,
    );
    if (rows.length === 0) return { delivered, failed };
    for (const row of rows) options.onWritten?.(Number(row.deal_id));
    const fail = async (ids: number[], reason: string, attempts: number) => {
      await ctx.db.query(
        `UPDATE crm_outbox SET locked_until = NULL, last_error = $2, next_attempt_at = now() + ($3::float8 * interval '1 millisecond') WHERE id = ANY($1::int[])`,
        [ids, reason, attempts === Infinity ? PARKED_DELAY_MS : retryDelay(attempts)],
      );
      failed += ids.length;
    };
    let response;
    try {
      response = await client.batch(
        Object.fromEntries(rows.map((row) => [`o${row.id}`, buildCommand(row.method, row.params)])),
      );
    } catch (error) {
      if (!(error instanceof BitrixError)) throw error;
      await fail(
        rows.map((row) => Number(row.id)),
        error.message,
        Math.min(...rows.map((row) => row.attempts)),
      );
      ctx.logger.warn({ err: error, rows: rows.length }, "crm write-back delayed");
      return { delivered, failed };
    }
    const ok = rows.filter((row) => !response.errors[`o${row.id}`]).map((row) => Number(row.id));
    if (ok.length)
      await ctx.db.query(
        `UPDATE crm_outbox SET delivered_at = now(), locked_until = NULL, last_error = NULL WHERE id = ANY($1::int[])`,
        [ok],
      );
    delivered += ok.length;
    for (const row of rows.filter((r) => response.errors[`o${r.id}`])) {
      const isParked = row.attempts >= MAX_COMMAND_ATTEMPTS;
      await fail(
        [Number(row.id)],
        `${isParked ? "parked: " : ""}${response.errors[`o${row.id}`]!.message}`,
        isParked ? Infinity : row.attempts,
      );
    }
  }
}

/** Pending and stuck write-backs, for the status report. */
export async function outboxStatus(
  ctx: ServiceContext,
): Promise<{ pending: number; failing: number; oldestPendingAt: string | null }> {
  const [row] = await ctx.db.query<{ pending: number; failing: number; oldest: Date | null }>(
    `SELECT count(*)::int AS pending, count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failing, min(created_at) AS oldest
       FROM crm_outbox WHERE delivered_at IS NULL`,
  );
  return {
    pending: row?.pending ?? 0,
    failing: row?.failing ?? 0,
    oldestPendingAt: row?.oldest ? new Date(row.oldest).toISOString() : null,
  };
}
