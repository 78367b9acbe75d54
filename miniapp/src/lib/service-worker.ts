// The service worker (src/sw.ts) is registered when the first screen is in and the phone is idle: its install
// downloads the other pages' code, which must not compete with the first screen. Where there is none (an old
// WebView, `vite dev`) the other pages' chunks are fetched at that moment instead.
import { apiGet, recentReads } from "./api-client.ts";
import { SECTIONS } from "./sections.ts";

/** Registers the service worker, or prefetches the other sections' code where there is none. */
export function prepareLaterScreens(currentPath: string = window.location.pathname): void {
  if (import.meta.env.PROD && "serviceWorker" in navigator) {
    // The first visit's answers arrived before the worker existed: asked again through it (a 304 on the wire,
    // thanks to the ETag), they become the last answers it can show without signal.
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      for (const path of recentReads()) void apiGet(path).catch(() => undefined);
    });
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .catch((error: unknown) => console.warn("service worker not registered", error));
    return;
  }
  for (const section of SECTIONS) if (section.path !== currentPath) void section.load().catch(() => undefined);
}
