import { useSyncExternalStore } from "react";
import { getOfflineState, type OfflineState, subscribeOffline } from "./offline.ts";

/** The offline state (no connection, answers from the cache), re-rendering on change. */
export const useOffline = (): OfflineState => useSyncExternalStore(subscribeOffline, getOfflineState);

/** True while actions that need the server cannot reach it. */
export const useIsOffline = (): boolean => useOffline().isOffline;
