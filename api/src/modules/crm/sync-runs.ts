// The record of sync runs: what the status endpoint and /api/health report.
import type { Database } from "../../../../prisma/client.ts";

export type SyncKind = "full" | "incremental" | "events";

export interface SyncRunResult {
  kind: SyncKind;
  httpCalls: number;
  durationMs: number;
  dealsSeen: number;
  dealsChanged: number;
  dealsArchived: number;
  /** Another instance held the sync lock: nothing was done. */
  isSkipped?: boolean;
}

/** Runs kept per kind; older ones are pruned (events produce many). */
const KEEP_RUNS = 200;

export async function startRun(db: Database, kind: SyncKind): Promise<number> {
  const [row] = await db.query<{ id: number }>(`INSERT INTO crm_sync_runs (kind) VALUES ($1) RETURNING id`, [kind]);
  return Number(row!.id);
}

export async function finishRun(db: Database, id: number, result: SyncRunResult, error?: Error): Promise<void> {
  await db.query(
    `UPDATE crm_sync_runs SET kind = $2, status = $3, finished_at = now(), duration_ms = $4, http_calls = $5, deals_seen = $6,
            deals_changed = $7, deals_archived = $8, error = $9 WHERE id = $1`,
    [
      id,
      result.kind,
      error ? "failed" : "ok",
      result.durationMs,
      result.httpCalls,
      result.dealsSeen,
      result.dealsChanged,
      result.dealsArchived,
      error?.message ?? null,
    ],
  );
  await db.query(
    `DELETE FROM crm_sync_runs WHERE kind = $1 AND id <= (SELECT id FROM crm_sync_runs WHERE kind = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
    [result.kind, KEEP_RUNS],
  );
}

export interface SyncRunRow {
  kind: SyncKind;
  status: "running" | "ok" | "failed";
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  httpCalls: number;
  dealsSeen: number;
  dealsChanged: number;
  dealsArchived: number;
  error: string | null;
}

/** The latest run of each kind. */
export async function latestRuns(db: Database): Promise<Partial<Record<SyncKind, SyncRunRow>>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (kind) kind, status, started_at, finished_at, duration_ms, http_calls, deals_seen, deals_changed, deals_archived, error
       FROM crm_sync_runs ORDER BY kind, id DESC`,
  );
  const out: Partial<Record<SyncKind, SyncRunRow>> = {};
  for (const row of rows) {
    out[row.kind as SyncKind] = {
      kind: row.kind as SyncKind,
      status: row.status as SyncRunRow["status"],
      startedAt: new Date(row.started_at as string).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at as string).toISOString() : null,
      durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
      httpCalls: Number(row.http_calls),
      dealsSeen: Number(row.deals_seen),
      dealsChanged: Number(row.deals_changed),
      dealsArchived: Number(row.deals_archived),
      error: (row.error as string | null) ?? null,
    };
  }
  return out;
}
