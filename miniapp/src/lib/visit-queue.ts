// «Начать» / «Завершить» tapped without signal wait here (in localStorage, so a closed app keeps them) and are sent
// once the network is back, each exactly once: one sender at a time, an action leaves the queue only after the
// server answered it, and the server's visit actions are idempotent, so an answer lost on the way is harmless.
import { ApiError, apiSend } from "./api-client.ts";
import type { DayVisitView, VisitActionResult } from "./types.ts";

export type VisitAction = "start" | "finish";

export interface QueuedVisitAction {
  visitId: number;
  action: VisitAction;
  /** When it was tapped (ISO), to say so on the card. */
  queuedAt: string;
}

export interface DeliveryReport {
  sent: { item: QueuedVisitAction; result: VisitActionResult }[];
  /** Refused by the server (a 4xx with its Russian message): dropped from the queue. */
  refused: { item: QueuedVisitAction; message: string }[];
}

const STORAGE_KEY = "visit-queue-v1";
const listeners = new Set<() => void>();
let queue: QueuedVisitAction[] = load();
let flushing: Promise<DeliveryReport> | undefined;
/** The latest state the server returned for each visit acted on in this session. */
const answered = new Map<number, DayVisitView>();
/** The server's message for a queued action it refused (e.g. «Без фото завершить нельзя…»). */
const refusals = new Map<number, string>();
let version = 0;

function notify(): void {
  version += 1;
  for (const listener of listeners) listener();
}

function load(): QueuedVisitAction[] {
  try {
    const raw = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as QueuedVisitAction[]) : [];
  } catch {
    return [];
  }
}

function save(next: QueuedVisitAction[]): void {
  queue = next;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Private mode or a full store: the queue still lives for this session.
  }
  notify();
}

export const queuedVisitActions = (): readonly QueuedVisitAction[] => queue;

/** Changes whenever the queue or an answered visit changes (a snapshot for useSyncExternalStore). */
export const visitQueueVersion = (): number => version;

/** The server's latest answer for a visit acted on in this session, if any. */
export const answeredVisit = (visitId: number): DayVisitView | undefined => answered.get(visitId);

/** Why the server refused this visit's queued action, if it did. */
export const refusalOf = (visitId: number): string | undefined => refusals.get(visitId);

export function subscribeVisitQueue(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Adds a tap to the queue; the same action on the same visit is kept once. */
export function queueVisitAction(visitId: number, action: VisitAction, at: Date = new Date()): void {
  if (queue.some((item) => item.visitId === visitId && item.action === action)) return;
  save([...queue, { visitId, action, queuedAt: at.toISOString() }]);
}

/** Sends one action now; a network failure throws ApiError with status 0 (then the caller may queue it). */
export async function sendVisitAction(visitId: number, action: VisitAction): Promise<VisitActionResult> {
  const result = await apiSend<VisitActionResult>("POST", `/api/visits/${visitId}/${action}`);
  answered.set(visitId, result.visit);
  refusals.delete(visitId);
  notify();
  return result;
}

const isWorthRetrying = (error: unknown) =>
  !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.status === 401;

/**
 * Sends the queue in order, one request at a time; a second call while one runs joins it. Stops at the first
 * failure worth retrying (no network, a server error, a lapsed sign-in) and keeps the rest for the next try.
 */
export function flushVisitQueue(): Promise<DeliveryReport> {
  flushing ??= (async () => {
    const report: DeliveryReport = { sent: [], refused: [] };
    try {
      while (queue.length > 0) {
        const item = queue[0] as QueuedVisitAction;
        try {
          report.sent.push({ item, result: await sendVisitAction(item.visitId, item.action) });
        } catch (error) {
          if (isWorthRetrying(error)) break;
          report.refused.push({ item, message: (error as ApiError).message });
          refusals.set(item.visitId, (error as ApiError).message);
        }
        save(queue.filter((queued) => queued !== item));
      }
    } finally {
      flushing = undefined;
    }
    return report;
  })();
  return flushing;
}

/** Sends the queue now if there is signal, and again whenever the browser comes back online. */
export function startVisitQueueSender(): () => void {
  const flush = () => {
    if (queue.length > 0) void flushVisitQueue();
  };
  window.addEventListener("online", flush);
  if (navigator.onLine !== false) flush();
  return () => window.removeEventListener("online", flush);
}
