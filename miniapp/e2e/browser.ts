// Debian's chromium driven by playwright-core (no browser download): the flags keep it offline and quiet.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { TEST_NOW } from "../../api/src/testing/test-db.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, "../../test-artifacts");

/** Debian's Chromium, headless and offline; `extraArgs` add flags (a fake microphone, autoplay). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`,
    );
  }
  // Under libfaketime (npm run test:dates) the browser gets the real clock: Chromium hangs with a faked one, and
  // each page's clock is pinned by Playwright anyway (openPhonePage).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "LD_PRELOAD" && !name.startsWith("FAKETIME")),
  ) as Record<string, string>;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    env,
  });
}

/**
 * A phone-sized page in the company's time zone whose clock stands at the server's test clock (presets and
 * calendars are computed from the device's date), so the pages agree with the API on any real date.
 */
export async function openPhonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: "ru-RU",
    timezoneId: "Europe/Moscow",
    // page.route() does not see what a service worker fetches: tests that need the worker ask for it.
    serviceWorkers: "block",
    ...options,
  });
  await context.clock.setFixedTime(TEST_NOW);
  return context.newPage();
}

/** Keeps a picture of the page for people reviewing a run (test-artifacts/ is not committed). */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** Telegram's launch parameters as the hash of the Mini App's URL (how Telegram clients pass them). */
export function telegramLaunchHash(initDataRaw: string, themeParams: Record<string, string>): string {
  const params = new URLSearchParams({
    tgWebAppData: initDataRaw,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify(themeParams),
  });
  return `#${params.toString()}`;
}
