/// <reference lib="webworker" />
// The service worker (built by vite-plugin-pwa, injectManifest): the app opens without signal and shows the last
// answers it had. The shell and the pages' code are precached; chunks left out of the precache (recharts) are kept
// once loaded; the list pages' API reads go to the network first and fall back to their last answer, marked with
// X-From-Cache so the page can say «Нет сети — данные от …» (the answer's own Date header says when).
import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

/** Reads whose last answer is worth showing offline: the list pages and what they need around them. */
const CACHED_READS =
  /^\/api\/(dashboard\/stats|cleaning\/(houses|filters|house\/\d+\/details)|me|visits\/today|ai-tasks|knowledge\/documents)(\?|$)/;

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
// "/" is the server's shell (it carries the company's time zone), precached under the build's index.html revision.
precacheAndRoute(self.__WB_MANIFEST);
// Server-only pages (signed act downloads live under /api) are never answered with the shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/"), { denylist: [/^\/api\//, /^\/openapi\.json$/, /^\/metrics$/] }),
);

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && url.pathname.startsWith("/assets/") && request.method === "GET",
  new CacheFirst({ cacheName: "assets", plugins: [new ExpirationPlugin({ maxEntries: 40 })] }),
);

/**
 * Answers are kept per employee (the user id of Telegram's initData, "demo" for the demo session): on a phone two
 * people share, one never sees the other's last answers. The id only names the entry; the server checked it.
 */
function userOf(request: Request): string {
  const authorization = request.headers.get("Authorization") ?? "";
  if (!authorization.startsWith("tma ")) return "demo";
  try {
    return String(
      (JSON.parse(new URLSearchParams(authorization.slice(4)).get("user") ?? "{}") as { id?: unknown }).id ?? "unknown",
    );
  } catch {
    return "unknown";
  }
}

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && request.method === "GET" && CACHED_READS.test(url.pathname + url.search),
  new NetworkFirst({
    cacheName: "api-reads",
    // One bar of signal: after this long the last answer is shown (the request still completes and refreshes it).
    networkTimeoutSeconds: 6,
    plugins: [
      new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 14 * 24 * 3600 }),
      {
        cacheKeyWillBeUsed: async ({ request }) => {
          const key = new URL(request.url);
          key.searchParams.set("_user", userOf(request));
          return key.href;
        },
        // Called only when the cache answers instead of the network.
        cachedResponseWillBeUsed: async ({ cachedResponse }) => {
          if (!cachedResponse) return cachedResponse;
          const headers = new Headers(cachedResponse.headers);
          headers.set("X-From-Cache", "1");
          return new Response(await cachedResponse.blob(), {
            status: cachedResponse.status,
            statusText: cachedResponse.statusText,
            headers,
          });
        },
      },
    ],
  }),
);
