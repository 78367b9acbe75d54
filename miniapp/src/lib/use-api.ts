import { useCallback, useEffect, useState } from "react";
import { ApiError, apiGet } from "./api-client.ts";
import { takePreloaded } from "./preload.ts";

export interface ApiState<T> {
  data?: T;
  error?: ApiError;
  isLoading: boolean;
  reload: () => void;
}

// Filter lists change rarely and every page needs them: one request per session.
const sessionCache = new Map<string, Promise<unknown>>();

/**
 * Loads `path` (null = nothing yet) and reloads when it changes. The previous data stays on screen while the
 * next one loads, so a filter change does not flash a skeleton; the first load shows one.
 */
export function useApi<T>(path: string | null, options: { isCached?: boolean } = {}): ApiState<T> {
  const [state, setState] = useState<{ path?: string; data?: T; error?: ApiError; isLoading: boolean }>({
    isLoading: path !== null,
  });
  const [attempt, setAttempt] = useState(0);
  const isCached = options.isCached ?? false;

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, error: undefined, isLoading: true }));
    let request: Promise<T>;
    if (isCached) {
      let cached = sessionCache.get(path) as Promise<T> | undefined;
      if (!cached) {
        cached = apiGet<T>(path);
        sessionCache.set(path, cached);
        cached.catch(() => sessionCache.delete(path));
      }
      request = cached;
    } else {
      request = takePreloaded<T>(path) ?? apiGet<T>(path, controller.signal);
    }
    request.then(
      (data) => {
        if (!controller.signal.aborted) setState({ path, data, isLoading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError ? error : new ApiError(0, "unknown", String((error as Error)?.message ?? error));
        setState((previous) => ({ ...previous, error: apiError, isLoading: false }));
      },
    );
    return () => controller.abort();
  }, [path, attempt, isCached]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { data: state.data, error: state.error, isLoading: state.isLoading, reload };
}
