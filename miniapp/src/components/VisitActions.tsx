import { useState, useSyncExternalStore } from "react";
import { t } from "../i18n/ru.ts";
import { ApiError } from "../lib/api-client.ts";
import { hapticTap } from "../lib/platform.ts";
import type { DayVisitView } from "../lib/types.ts";
import { useIsOffline } from "../lib/use-offline.ts";
import {
  answeredVisit,
  queuedVisitActions,
  queueVisitAction,
  refusalOf,
  sendVisitAction,
  subscribeVisitQueue,
  type VisitAction,
  visitQueueVersion,
} from "../lib/visit-queue.ts";

const BUTTON = "rounded-xl px-3 py-1.5 text-sm font-medium active:opacity-80 disabled:opacity-50";

/**
 * «Начать» / «Завершить» for one of today's visits. Without signal the tap is queued and the card shows the state
 * it will have («Отправится, когда появится сеть»); the queue sends it once the network is back.
 */
export function VisitActions({ visit }: { visit: DayVisitView }) {
  useSyncExternalStore(subscribeVisitQueue, visitQueueVersion);
  const isOffline = useIsOffline();
  const [isSending, setSending] = useState(false);
  const [message, setMessage] = useState<string>();
  const known = answeredVisit(visit.id) ?? visit;
  const queued = queuedVisitActions().filter((item) => item.visitId === visit.id);
  // The state the visit will have once the queue is delivered.
  const status = queued.some((item) => item.action === "finish")
    ? "done"
    : queued.length > 0 && known.status !== "done"
      ? "in_progress"
      : known.status;

  const act = async (action: VisitAction) => {
    hapticTap();
    setMessage(undefined);
    if (isOffline) return queueVisitAction(visit.id, action);
    setSending(true);
    try {
      await sendVisitAction(visit.id, action);
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) queueVisitAction(visit.id, action);
      else setMessage(error instanceof ApiError ? error.message : t.common.unexpectedError);
    } finally {
      setSending(false);
    }
  };

  const note = message ?? refusalOf(visit.id);
  return (
    <div
      className="mt-3 rounded-xl bg-secondary p-3 text-sm"
      data-testid="visit-actions"
      data-visit-id={visit.id}
      data-status={status}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-hint">{t.visits.today(visit.kindLabel)}</span>
        {status === "done" ? (
          <span className="font-medium text-done">{t.visits.done}</span>
        ) : status === "in_progress" ? (
          <button
            type="button"
            disabled={isSending}
            onClick={() => void act("finish")}
            className={`${BUTTON} bg-done text-white`}
          >
            {isSending ? t.visits.sending : t.visits.finish}
          </button>
        ) : (
          <button
            type="button"
            disabled={isSending}
            onClick={() => void act("start")}
            className={`${BUTTON} bg-button text-button-text`}
          >
            {isSending ? t.visits.sending : t.visits.start}
          </button>
        )}
      </div>
      {queued.length > 0 && (
        <p className="mt-1 text-xs text-progress" data-testid="visit-queued">
          {t.visits.queued}
        </p>
      )}
      {note && (
        <p className="mt-1 text-xs text-destructive" role="alert">
          {note}
        </p>
      )}
    </div>
  );
}
