// One measured load of the mini-app's dashboard in chromium, as a phone would see it: CPU throttling and an optional
// network profile through the DevTools protocol, the moment the numbers on screen equal the API's (a
// MutationObserver set up before any script runs), and every file fetched until then, from Resource Timing.
import type { BrowserContext, Page } from "playwright-core";

export interface NetworkProfile {
  name: string;
  /** Round-trip time added to every request. */
  latencyMs: number;
  /** Bandwidth each way, kilobits per second. */
  kbitPerSecond: number;
}

/** Chrome DevTools' "Slow 3G": 400 ms RTT, 400 kbit/s. */
export const SLOW_3G: NetworkProfile = { name: "slow 3G (400 ms RTT, 400 kbit/s)", latencyMs: 400, kbitPerSecond: 400 };

/** The four numbers of «Сегодня» as the API returns them. */
export interface TodayNumbers {
  planned: number;
  inProgress: number;
  done: number;
  missed: number;
}

export interface FetchedFile {
  /** Path on the server, e.g. /assets/react-D96ujFk7.js or /api/dashboard/stats. */
  path: string;
  /** Bytes of the body on the wire (gzip when compressed); 0 when served by the service worker's cache. */
  bytes: number;
  startMs: number;
  endMs: number;
}

export interface LoadResult {
  /** From navigation start until «Сегодня» shows the API's numbers. */
  numbersAtMs: number;
  /** Files requested before that moment (finished or still on the way). */
  before: FetchedFile[];
  /** JS requested before that moment, bytes on the wire. */
  jsBytesBefore: number;
  /** API requests started before that moment. */
  apiRequestsBefore: number;
}

/** The page's globals these helpers use (scripts are type-checked without the DOM library). */
interface PageWindow {
  __numbersAt?: number;
  performance: {
    getEntriesByType(
      type: string,
    ): { name: string; startTime: number; responseEnd: number; encodedBodySize: number; transferSize: number }[];
  };
}

/** Throttles the page's CPU (and network, if a profile is given) for this and later navigations of the page. */
export async function throttle(
  context: BrowserContext,
  page: Page,
  cpuRate: number,
  network?: NetworkProfile,
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuRate });
  if (network) {
    const bytesPerSecond = (network.kbitPerSecond * 1000) / 8;
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: network.latencyMs,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
}

/**
 * Records, in every document of the page, the first moment «Сегодня» reads `expected`. The script is plain text:
 * tsx would wrap functions written here in a `__name` helper that does not exist in the page.
 */
export async function watchForNumbers(page: Page, expected: TodayNumbers): Promise<void> {
  const want = JSON.stringify({
    planned: expected.planned,
    inProgress: expected.inProgress,
    done: expected.done,
    missed: expected.missed,
  });
  await page.addInitScript({
    content: `(() => {
      const want = ${want};
      const observer = new MutationObserver(() => {
        if (window.__numbersAt !== undefined) return;
        for (const [key, value] of Object.entries(want)) {
          const cell = document.querySelector('[data-testid="today-' + key + '"] [data-value]');
          if (!cell || cell.textContent.trim() !== String(value)) return;
        }
        window.__numbersAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true });
    })();`,
  });
}

/** Navigates to `url` and waits for the numbers; the files come from the page's Resource Timing entries. */
export async function loadUntilNumbers(page: Page, url: string): Promise<LoadResult> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as PageWindow).__numbersAt !== undefined, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const { numbersAtMs, entries } = await page.evaluate(() => ({
    numbersAtMs: (globalThis as unknown as PageWindow).__numbersAt as number,
    entries: (globalThis as unknown as PageWindow).performance.getEntriesByType("resource").map((entry) => ({
      path: new URL(entry.name).pathname,
      bytes: entry.encodedBodySize && entry.transferSize ? entry.encodedBodySize : 0,
      startMs: entry.startTime,
      endMs: entry.responseEnd,
    })),
  }));
  const before = entries.filter((entry) => entry.startMs < numbersAtMs);
  return {
    numbersAtMs,
    before,
    jsBytesBefore: before.filter((entry) => entry.path.endsWith(".js")).reduce((sum, entry) => sum + entry.bytes, 0),
    apiRequestsBefore: before.filter((entry) => entry.path.startsWith("/api/")).length,
  };
}
