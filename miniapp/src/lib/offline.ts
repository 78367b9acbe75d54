// Whether the app is working from its last answers: the service worker marks an answer it served from its cache
// (X-From-Cache) and the answer's own Date header says when the server wrote it. Pages read this to say
// «Нет сети — данные от 08:14» and to hold back actions that need the server.
// No React here: the API client in the start-up chunk reports to this store (hooks: use-offline.ts).

export interface OfflineState {
  /** The browser reports no connection. */
  isOffline: boolean;
  /** When the server wrote the oldest answer now on screen that came from the cache; undefined if none did. */
  cachedAt?: Date;
}

let state: OfflineState = { isOffline: typeof navigator !== "undefined" && navigator.onLine === false };
const listeners = new Set<() => void>();

function update(next: Partial<OfflineState>): void {
  const merged = { ...state, ...next };
  if (merged.isOffline === state.isOffline && merged.cachedAt?.getTime() === state.cachedAt?.getTime()) return;
  state = merged;
  for (const listener of listeners) listener();
}

if (typeof window !== "undefined") {
  window.addEventListener("offline", () => update({ isOffline: true }));
  // Back online the cached note stays until a fresh answer replaces the data on screen.
  window.addEventListener("online", () => update({ isOffline: false }));
}

/** Called by the API client for every successful answer. */
export function noteAnswer(response: Response): void {
  if (response.headers.get("X-From-Cache") !== "1")
    return update({
      cachedAt: undefined,
      isOffline: state.isOffline && typeof navigator !== "undefined" && navigator.onLine === false,
    });
  const written = new Date(response.headers.get("Date") ?? "");
  const cachedAt = Number.isNaN(written.getTime()) ? new Date(0) : written;
  update({ cachedAt: state.cachedAt && state.cachedAt < cachedAt ? state.cachedAt : cachedAt });
}

/** A request that never reached the server. */
export const noteNetworkFailure = (): void => update({ isOffline: true });

/** Calls `listener` on every change; returns the unsubscribe. */
export function subscribeOffline(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const getOfflineState = (): OfflineState => state;
