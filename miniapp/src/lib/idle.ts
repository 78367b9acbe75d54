// Work that helps later screens (other pages' code, the service worker) waits until the first screen's data is in
// and the phone has nothing else to do, so it never shares a slow line or a slow CPU with the first screen.
import { afterFirstData } from "./preload.ts";

/** Resolves when the browser is idle (iOS WebViews lack requestIdleCallback: a short timer stands in). */
export function whenIdle(timeoutMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 300);
  });
}

/** Resolves once the first screen's data has arrived and the browser is idle after painting it. */
export const afterFirstScreenIdle = (): Promise<void> => afterFirstData().then(() => whenIdle());
