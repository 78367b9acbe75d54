// Delivers due tasks exactly once, whatever number of instances run this. Three guards, each for one failure:
//  - claiming: `FOR UPDATE SKIP LOCKED` plus a lease, so two dispatchers never hold the same task at once;
//  - the delivery log's unique (task, occurrence, chat) row, written as `sending` BEFORE the message leaves, so
//    an instance that lost its lease can never send the same message a second time;
//  - a `sending` row found by the next holder means "sent, perhaps, then crashed": it becomes `uncertain` and
//    is shown to the creator instead of being resent blindly.
import { randomUUID } from "node:crypto";
import type { ServiceContext } from "../../lib/context.ts";
import { composeBrigadeDigest } from "./builtin-tasks.ts";
import { nextCronRun } from "./task-time.ts";
import { classifySendError, type MessageSender, type SendFailure } from "./telegram-sender.ts";

export interface DispatcherOptions {
  ctx: ServiceContext;
  sender: MessageSender;
  /** Name of this instance in leases (logs, tests). */
  owner?: string;
  leaseMs?: number;
  batchSize?: number;
  /** Test seam: runs after Telegram accepted a message and before it is marked sent (a crash lands here). */
  afterSend?: (taskId: number) => Promise<void>;
}

export interface DispatchStats {
  claimed: number;
  sent: number;
  failed: number;
  uncertain: number;
  retried: number;
}

interface ClaimedTask {
  id: number;
  kind: "message" | "brigade_digest";
  text: string;
  target_brigade_id: number | null;
  target_employee_id: number | null;
  target_chat_id: string | null;
  next_run_at: Date;
  cron: string | null;
}

type Outcome = "sent" | "failed" | "uncertain" | { retry: Extract<SendFailure, { kind: "retry" }> };

/** A message sent this long after its time is marked late: the dispatcher's own ticks stay well under it. */
const LATE_AFTER_MS = 60_000;
const LATE_NOTE = "\n\n(с опозданием)";
const MAX_BATCHES_PER_TICK = 100;

const CLAIM_DUE_TASKS = `
  WITH due AS (
    SELECT id FROM tasks
     WHERE status = 'scheduled' AND next_run_at <= $2 AND (lease_until IS NULL OR lease_until < $2)
     ORDER BY next_run_at, id
     LIMIT $4
     FOR UPDATE SKIP LOCKED)
  UPDATE tasks t SET lease_owner = $1, lease_until = $3, updated_at = $2
    FROM due WHERE t.id = due.id
  RETURNING t.id, t.kind::text AS kind, t.text, t.target_brigade_id, t.target_employee_id, t.target_chat_id::text AS target_chat_id,
            t.next_run_at, t.cron`;

// Inserts the `sending` row, or takes over a `retry` row; no row back means someone else owns this message.
const CLAIM_DELIVERY = `
  INSERT INTO task_deliveries (task_id, run_at, chat_id, status, is_late, updated_at)
  VALUES ($1, $2, $3, 'sending', $4, $5)
  ON CONFLICT (task_id, run_at, chat_id) DO UPDATE
     SET status = 'sending', attempts = task_deliveries.attempts + 1, is_late = EXCLUDED.is_late, updated_at = EXCLUDED.updated_at
   WHERE task_deliveries.status = 'retry'
  RETURNING id`;

export interface Dispatcher {
  /** Claims and delivers everything due now; returns what happened. */
  tick(): Promise<DispatchStats>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { ctx, sender } = options;
  const db = ctx.db;
  const owner = options.owner ?? `dispatcher-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 25;
  // Every comparison with stored times uses the context clock (tests move it).
  const clock = () => ctx.clock.now();
  const lateWindowMs = ctx.config.tasks.lateWindowSeconds * 1000;
  // After a 429 the whole instance waits: Telegram's limits are per bot, not per task.
  let pausedUntil = 0;

  const renewLease = async (taskId: number, token: string) =>
    (
      await db.query(`UPDATE tasks SET lease_until = $3 WHERE id = $1 AND lease_owner = $2 RETURNING id`, [
        taskId,
        token,
        new Date(clock().getTime() + leaseMs),
      ])
    ).length > 0;

  async function recipientsOf(task: ClaimedTask): Promise<{ chatIds: bigint[]; problem?: string }> {
    if (task.target_chat_id !== null) return { chatIds: [BigInt(task.target_chat_id)] };
    if (task.target_employee_id !== null) {
      const [row] = await db.query<{ telegram_id: string | null; is_active: boolean }>(
        `SELECT telegram_id::text AS telegram_id, is_active FROM employees WHERE id = $1`,
        [task.target_employee_id],
      );
      if (!row?.is_active) return { chatIds: [], problem: "Сотрудник удалён или неактивен" };
      if (!row.telegram_id) return { chatIds: [], problem: "У сотрудника нет Telegram" };
      return { chatIds: [BigInt(row.telegram_id)] };
    }
    const [brigade] = await db.query<{ chat_id: string | null }>(
      `SELECT chat_id::text AS chat_id FROM brigades WHERE id = $1`,
      [task.target_brigade_id],
    );
    if (!brigade) return { chatIds: [], problem: "Бригада удалена" };
    if (brigade.chat_id) return { chatIds: [BigInt(brigade.chat_id)] };
    // No linked group: each member privately.
    const members = await db.query<{ telegram_id: string }>(
      `SELECT telegram_id::text AS telegram_id FROM employees WHERE brigade_id = $1 AND is_active AND telegram_id IS NOT NULL ORDER BY id`,
      [task.target_brigade_id],
    );
    if (members.length === 0)
      return { chatIds: [], problem: "У бригады нет привязанного чата и участников с Telegram" };
    return { chatIds: members.map((m) => BigInt(m.telegram_id)) };
  }

  async function deliverOne(
    task: ClaimedTask,
    token: string,
    chatId: bigint,
    text: string,
    isLate: boolean,
  ): Promise<Outcome | "lost"> {
    if (!(await renewLease(task.id, token))) return "lost";
    const now = clock();
    const [claimed] = await db.query<{ id: number }>(CLAIM_DELIVERY, [
      task.id,
      task.next_run_at,
      chatId.toString(),
      isLate,
      now,
    ]);
    if (!claimed) {
      const [existing] = await db.query<{ id: number; status: string }>(
        `SELECT id, status::text AS status FROM task_deliveries WHERE task_id = $1 AND run_at = $2 AND chat_id = $3`,
        [task.id, task.next_run_at, chatId.toString()],
      );
      if (existing?.status === "sending") {
        await db.query(
          `UPDATE task_deliveries SET status = 'uncertain', error = $2, updated_at = $3 WHERE id = $1 AND status = 'sending'`,
          [
            existing.id,
            "Отправка прервалась (сбой или перезапуск): возможно, сообщение дошло — повторно не отправлено",
            now,
          ],
        );
        return "uncertain";
      }
      return (existing?.status as "sent" | "failed" | "uncertain" | undefined) ?? "uncertain";
    }
    await db.query(`UPDATE tasks SET attempts = attempts + 1 WHERE id = $1`, [task.id]);
    let messageId: number;
    try {
      ({ messageId } = await sender.sendMessage(chatId, text));
    } catch (error) {
      const failure = classifySendError(error);
      const status = failure.kind === "retry" ? "retry" : failure.kind;
      await db.query(
        `UPDATE task_deliveries SET status = $2::"DeliveryStatus", error = $3, updated_at = $4 WHERE id = $1`,
        [claimed.id, status, failure.reason, clock()],
      );
      ctx.logger.warn({ taskId: task.id, chatId: chatId.toString(), failure }, "task delivery failed");
      return failure.kind === "retry" ? { retry: failure } : failure.kind;
    }
    await options.afterSend?.(task.id);
    // Whatever happened to the lease meanwhile, the message did go out: record the truth.
    await db.query(
      `UPDATE task_deliveries SET status = 'sent', message_id = $2, error = NULL, updated_at = $3 WHERE id = $1`,
      [claimed.id, messageId, clock()],
    );
    return "sent";
  }

  /** Closes the occurrence: one-off tasks end, recurring ones move to their next time. Only the lease holder may. */
  async function finish(
    task: ClaimedTask,
    token: string,
    status: "sent" | "failed" | "uncertain",
    error: string | null,
  ) {
    const now = clock();
    if (task.cron) {
      const next = nextCronRun(
        task.cron,
        new Date(Math.max(now.getTime(), task.next_run_at.getTime())),
        ctx.config.timeZone,
      );
      await db.query(
        `UPDATE tasks SET next_run_at = $3, last_run_at = $4, last_error = $5, lease_owner = NULL, lease_until = NULL, updated_at = $6
          WHERE id = $1 AND lease_owner = $2`,
        [task.id, token, next, task.next_run_at, error, now],
      );
    } else {
      await db.query(
        `UPDATE tasks SET status = $3::"TaskStatus", next_run_at = NULL, last_run_at = $4, last_error = $5, lease_owner = NULL, lease_until = NULL, updated_at = $6
          WHERE id = $1 AND lease_owner = $2`,
        [task.id, token, status, task.next_run_at, error, now],
      );
    }
  }

  async function processTask(task: ClaimedTask, token: string, stats: DispatchStats): Promise<number | undefined> {
    const now = clock();
    const lateness = now.getTime() - task.next_run_at.getTime();
    const [{ count: started } = { count: 0 }] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM task_deliveries WHERE task_id = $1 AND run_at = $2`,
      [task.id, task.next_run_at],
    );
    if (lateness > lateWindowMs && started === 0) {
      const reason = `Не отправлено: время прошло ${Math.round(lateness / 60_000)} мин назад, пока приложение не работало (окно ${Math.round(lateWindowMs / 60_000)} мин)`;
      await db.query(
        `INSERT INTO task_deliveries (task_id, run_at, chat_id, status, error, updated_at) VALUES ($1, $2, NULL, 'failed', $3, $4)`,
        [task.id, task.next_run_at, reason, now],
      );
      await finish(task, token, "failed", reason);
      stats.failed += 1;
      return undefined;
    }
    if (lateness > lateWindowMs) {
      // Started but still unsent when the window closed (Telegram kept failing): give up rather than send stale news.
      await db.query(
        `UPDATE task_deliveries SET status = 'failed', error = coalesce(error || ' — ', '') || 'попытки прекращены: вышло окно опоздания', updated_at = $3
          WHERE task_id = $1 AND run_at = $2 AND status = 'retry'`,
        [task.id, task.next_run_at, now],
      );
      await finishFromLog(task, token, stats);
      return undefined;
    }
    const { chatIds, problem } = await recipientsOf(task);
    if (problem) {
      await db.query(
        `INSERT INTO task_deliveries (task_id, run_at, chat_id, status, error, updated_at) VALUES ($1, $2, NULL, 'failed', $3, $4) ON CONFLICT DO NOTHING`,
        [task.id, task.next_run_at, problem, now],
      );
      await finish(task, token, "failed", problem);
      stats.failed += 1;
      return undefined;
    }
    const isLate = lateness > LATE_AFTER_MS;
    const body =
      task.kind === "brigade_digest"
        ? await composeBrigadeDigest(ctx, task.target_brigade_id!, task.next_run_at)
        : task.text;
    const text = isLate ? `${body}${LATE_NOTE}` : body;
    const outcomes: Outcome[] = [];
    for (const chatId of chatIds) {
      const outcome = await deliverOne(task, token, chatId, text, isLate);
      if (outcome === "lost") return undefined;
      outcomes.push(outcome);
      if (typeof outcome === "object") break;
    }
    const retry = outcomes.find((o): o is { retry: Extract<SendFailure, { kind: "retry" }> } => typeof o === "object");
    if (retry) {
      // Not sent yet: hand the task back with "not before" = now + retry_after.
      await db.query(
        `UPDATE tasks SET lease_owner = NULL, lease_until = $3, last_error = $4 WHERE id = $1 AND lease_owner = $2`,
        [task.id, token, new Date(clock().getTime() + retry.retry.retryAfterMs), retry.retry.reason],
      );
      stats.retried += 1;
      return retry.retry.isRateLimit ? retry.retry.retryAfterMs : undefined;
    }
    await finishFromLog(task, token, stats);
    return undefined;
  }

  /** Closes the occurrence by what its delivery log says: any uncertain -> uncertain, all failed -> failed. */
  async function finishFromLog(task: ClaimedTask, token: string, stats: DispatchStats) {
    const rows = await db.query<{ chat_id: string | null; status: string; error: string | null }>(
      `SELECT chat_id::text AS chat_id, status::text AS status, error FROM task_deliveries WHERE task_id = $1 AND run_at = $2 ORDER BY id`,
      [task.id, task.next_run_at],
    );
    const problems = rows.filter((r) => r.status === "failed" || r.status === "uncertain");
    const summary = problems.length
      ? problems.map((e) => `${e.chat_id ?? "—"}: ${e.error ?? e.status}`).join("; ")
      : null;
    const status = rows.some((r) => r.status === "uncertain")
      ? "uncertain"
      : rows.every((r) => r.status === "failed")
        ? "failed"
        : "sent";
    await finish(task, token, status, summary);
    stats[status] += 1;
  }

  return {
    async tick() {
      const stats: DispatchStats = { claimed: 0, sent: 0, failed: 0, uncertain: 0, retried: 0 };
      for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch += 1) {
        if (clock().getTime() < pausedUntil) break;
        const token = `${owner}:${randomUUID()}`;
        const now = clock();
        const tasks = await db.query<ClaimedTask>(CLAIM_DUE_TASKS, [
          token,
          now,
          new Date(now.getTime() + leaseMs),
          batchSize,
        ]);
        if (tasks.length === 0) break;
        stats.claimed += tasks.length;
        for (const [index, task] of tasks.entries()) {
          let pauseMs: number | undefined;
          try {
            pauseMs = await processTask({ ...task, next_run_at: new Date(task.next_run_at) }, token, stats);
          } catch (error) {
            // The lease expires by itself; the next holder sees exactly what was recorded.
            ctx.logger.error({ err: error, taskId: task.id }, "task dispatch failed");
          }
          if (pauseMs !== undefined) {
            pausedUntil = clock().getTime() + pauseMs;
            const rest = tasks.slice(index + 1).map((t) => t.id);
            if (rest.length) {
              await db.query(
                `UPDATE tasks SET lease_owner = NULL, lease_until = $3 WHERE id = ANY($1::int[]) AND lease_owner = $2`,
                [rest, token, new Date(pausedUntil)],
              );
            }
            return stats;
          }
        }
      }
      return stats;
    },
  };
}
