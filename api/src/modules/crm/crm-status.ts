import type { ServiceContext } from "../../lib/context.ts";
import type { ComponentStatus } from "../health/health.service.ts";
import type { SyncStatus } from "./crm.schemas.ts";
import { outboxStatus } from "./crm-outbox.ts";
import { getMeta } from "./crm-store.ts";
import { CURSOR_KEY, WATERMARK_KEY } from "./crm-sync.ts";
import { latestRuns, type SyncRunRow } from "./sync-runs.ts";

const describeRun = (run: SyncRunRow) =>
  `${run.kind === "full" ? "полная" : run.kind === "incremental" ? "изменения" : "события"} ${run.finishedAt ?? run.startedAt}: ` +
  `${run.status === "failed" ? `ошибка (${run.error ?? "?"})` : run.status === "running" ? "идёт" : `сделок ${run.dealsSeen}, изменено ${run.dealsChanged}, в архив ${run.dealsArchived}, запросов ${run.httpCalls}, ${run.durationMs ?? 0} мс`}`;

/** Last runs, watermark and the outbox: what the office needs to trust the mirror. */
export async function getSyncStatus(ctx: ServiceContext): Promise<SyncStatus> {
  const isEnabled = Boolean(ctx.config.bitrix.webhookUrl);
  const runs = await latestRuns(ctx.db);
  const watermark = await getMeta<{ at: string }>(ctx.db, WATERMARK_KEY);
  const cursor = await getMeta(ctx.db, CURSOR_KEY);
  const latest = [runs.full, runs.incremental]
    .filter((run): run is SyncRunRow => !!run)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  return {
    isEnabled,
    summary: !isEnabled
      ? "BITRIX24_WEBHOOK_URL не задан: CRM не подключена, приложение работает на своих данных"
      : latest
        ? describeRun(latest)
        : "Bitrix24 настроен, синхронизаций ещё не было",
    lastFull: runs.full ?? null,
    lastIncremental: runs.incremental ?? null,
    lastEvents: runs.events ?? null,
    watermark: watermark?.at ?? null,
    isFullSyncInterrupted: cursor !== null,
    outbox: await outboxStatus(ctx),
  };
}

/** The `crm` component of /api/health: off without a webhook, degraded after a failed last run. */
export async function crmHealth(ctx: ServiceContext): Promise<ComponentStatus> {
  const status = await getSyncStatus(ctx);
  if (!status.isEnabled) return { status: "off", reason: status.summary };
  const latest = [status.lastFull, status.lastIncremental]
    .filter((run) => run !== null)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  const outbox = status.outbox.pending ? `; ждут отправки в CRM: ${status.outbox.pending}` : "";
  return { status: latest?.status === "failed" ? "error" : "ok", reason: `${status.summary}${outbox}` };
}
