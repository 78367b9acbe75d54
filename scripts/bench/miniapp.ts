// npm run bench:miniapp — the mini-app's weight and speed on a slow phone:
//   * gzip size of the initial JS and CSS: the entry plus the chunks it starts at once for the dashboard;
//   * time from navigation to a usable dashboard (numbers on screen) in headless chromium with 4x CPU throttling,
//     cold cache, against the real server on the embedded database with the demo company: in a plain browser
//     (demo session) and as inside Telegram (signed initData in the launch parameters, a fake client bridge).
// Goals (issue 5): initial JS <= 150 KB gzip, usable dashboard <= 1.5 s.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { sign } from "@telegram-apps/init-data-node";
import type { Browser, Page } from "playwright-core";
import { launchChromium, telegramLaunchHash } from "../../miniapp/e2e/browser.ts";
import { installFakeTelegramClient } from "../../miniapp/e2e/fake-telegram.ts";
import { ensureMiniAppBuilt, MINIAPP_DIST, startTestServer } from "../../miniapp/e2e/server.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CPU_THROTTLING = 4;
const USABLE_MARK = "dashboard-usable";

const gzipKb = (file: string) => gzipSync(readFileSync(path.join(MINIAPP_DIST, file))).length / 1024;
const kb = (value: number) => `${value.toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

await ensureMiniAppBuilt();
const manifest = JSON.parse(readFileSync(path.join(MINIAPP_DIST, ".vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;

/** A chunk's file with everything it imports statically (what the browser must load to run it). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const child of manifest[key]?.imports ?? []) closure(child, seen);
  return seen;
}
const filesOf = (keys: Iterable<string>) => [...keys].map((key) => (manifest[key] as ManifestChunk).file);
const cssOf = (keys: Iterable<string>) => [...new Set([...keys].flatMap((key) => manifest[key]?.css ?? []))];
const sumGzip = (files: string[]) => files.reduce((sum, file) => sum + gzipKb(file), 0);

// index.html's entry starts the React chunk and the open page's chunk at once (src/lib/preload.ts), and the HTML
// preloads the Telegram SDK adapter: all of it is on the way to a usable dashboard. The charts (recharts) load
// after it and are not counted.
const entryKeys = closure("index.html");
const criticalKeys = new Set([
  ...entryKeys,
  ...closure("src/render.tsx"),
  ...closure("src/lib/telegram.ts"),
  ...closure("src/pages/DashboardPage.tsx"),
]);
const entryJsKb = sumGzip(filesOf(entryKeys));
const initialJs = filesOf(criticalKeys);
const initialJsKb = sumGzip(initialJs);
const initialCssKb = sumGzip(cssOf(criticalKeys));

const BOT_TOKEN = "123456:bench-bot-token";
const TELEGRAM_USER_ID = 700_100;
const LIGHT_THEME = { bg_color: "#ffffff", secondary_bg_color: "#f1f1f4", text_color: "#000000", hint_color: "#999999", button_color: "#2481cc" };

/** Cold loads of the dashboard; run 0 warms the server up (JIT, first queries) as a live server would be. */
async function measure(browser: Browser, url: string, prepare?: (page: Page) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
    const page = await context.newPage();
    await prepare?.(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_THROTTLING });
    await page.goto(url);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, USABLE_MARK, { timeout: 30_000, polling: 100 });
    const usableAt = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, USABLE_MARK);
    if (run > 0) times.push(usableAt);
    await context.close();
  }
  return times;
}

const browser = await launchChromium();
const demoServer = await startTestServer();
const telegramServer = await startTestServer({ TELEGRAM_BOT_TOKEN: BOT_TOKEN });
let browserTimes: number[];
let telegramTimes: number[];
try {
  browserTimes = await measure(browser, `${demoServer.url}/dashboard`);
  await telegramServer.ctx.db.prisma.employee.create({ data: { telegramId: BigInt(TELEGRAM_USER_ID), name: "Бенчмарк", role: "manager" } });
  const initData = sign({ user: { id: TELEGRAM_USER_ID, first_name: "Бенчмарк" } }, BOT_TOKEN, new Date());
  telegramTimes = await measure(browser, `${telegramServer.url}/dashboard${telegramLaunchHash(initData, LIGHT_THEME)}`, installFakeTelegramClient);
} finally {
  await browser.close();
  await demoServer.close();
  await telegramServer.close();
}

const describeTimes = (times: number[]) => {
  const time = median(times);
    return `median ${Math.round(time)} ms, best ${Math.round(Math.min(...times))} ms over ${RUNS} runs [${times.map((t) => Math.round(t)).join(", ")}]  goal <= 1500 ms ${time <= 1500 ? "OK" : "OVER"}`;
};
console.log("Mini-app benchmark (headless chromium, CPU throttling 4x, cold cache, local server, demo data)");
console.log(`  initial JS (entry + React + Telegram SDK + dashboard page, ${initialJs.length} files): ${kb(initialJsKb)} gzip  goal <= 150 KB ${initialJsKb <= 150 ? "OK" : "OVER"}`);
console.log(`    of which the entry script itself:  ${kb(entryJsKb)} gzip`);
console.log(`  initial CSS:                         ${kb(initialCssKb)} gzip`);
// Other work on the machine slows the throttled page down further: say how busy it was.
console.log(`  machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} (times are only comparable on a quiet machine)`);
console.log(`  time to usable dashboard, plain browser (demo session): ${describeTimes(browserTimes)}`);
console.log(`  time to usable dashboard, inside Telegram (SDK, initData checked): ${describeTimes(telegramTimes)}`);
