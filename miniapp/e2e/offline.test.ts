// The first screen on a bad line and none: numbers without the chart code, the last list from the service worker
// with «Нет сети — данные от …», and a «Завершить» tapped offline delivered once when the network is back.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardStats } from "../../api/src/modules/dashboard/dashboard.schemas.ts";
import type { HouseList } from "../../api/src/modules/houses/houses.schemas.ts";
import { launchChromium, openPhonePage } from "./browser.ts";
import { ensureMiniAppBuilt, MINIAPP_DIST, startTestServer, type TestServer } from "./server.ts";

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  // The server reads the built shell when it starts: build first.
  [browser] = await Promise.all([launchChromium(), ensureMiniAppBuilt()]);
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function api<T>(url: string): Promise<T> {
  const response = await fetch(`${server.url}${url}`, { headers: { Authorization: "demo" } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** A phone page whose clock stands at the server's (pinned) now, so dates on screen do not follow the machine. */
async function openPinnedPage(serviceWorkers: "allow" | "block"): Promise<Page> {
  const page = await openPhonePage(browser, { serviceWorkers });
  await page.context().clock.setFixedTime(server.ctx.clock.now());
  return page;
}

/** Waits until the service worker controls the page and keeps the answer for `apiPath`. */
async function waitForCachedAnswer(page: Page, apiPath: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  // Kept per employee: the demo session's entries end in _user=demo.
  await page.waitForFunction(
    async (wanted) => (await (await caches.open("api-reads")).keys()).some((request) => request.url.endsWith(wanted)),
    apiPath,
    { timeout: 30_000, polling: 200 },
  );
}

/** The files of a lazy chunk and of what it alone imports (for the charts: recharts). */
function chunkFilesOnlyFor(entries: string[]): string[] {
  const manifest = JSON.parse(readFileSync(path.join(MINIAPP_DIST, ".vite/manifest.json"), "utf8")) as Record<
    string,
    { file: string; imports?: string[] }
  >;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (!seen.has(key)) {
      seen.add(key);
      for (const child of manifest[key]?.imports ?? []) closure(child, seen);
    }
    return seen;
  };
  const firstScreen = new Set([
    ...closure("index.html"),
    ...closure("src/render.tsx"),
    ...closure("src/pages/DashboardPage.tsx"),
  ]);
  const keys = new Set(entries.flatMap((entry) => [...closure(entry)]));
  return [...keys].filter((key) => !firstScreen.has(key)).map((key) => manifest[key]!.file);
}

const textOf = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).locator("[data-value]").textContent())?.trim();

describe("mini-app on a bad line", () => {
  it("shows the dashboard's numbers when the chart code cannot load, with placeholders where the charts go", async () => {
    const stats = await api<DashboardStats>("/api/dashboard/stats");
    const chartFiles = chunkFilesOnlyFor(["src/components/StageChart.tsx", "src/components/DayChart.tsx"]);
    expect(chartFiles.length).toBeGreaterThanOrEqual(2);
    // No service worker: page.route() must see every chunk request.
    const page = await openPinnedPage("block");
    const aborted: string[] = [];
    await page.route(
      (url) => chartFiles.some((file) => url.pathname === `/${file}`),
      (route) => {
        aborted.push(new URL(route.request().url()).pathname);
        return route.abort("internetdisconnected");
      },
    );
    await page.goto(`${server.url}/dashboard`);
    await page.getByTestId("dashboard-ready").waitFor();
    expect(await textOf(page, "today-planned")).toBe(String(stats.today.planned));
    expect(await textOf(page, "today-inProgress")).toBe(String(stats.today.inProgress));
    expect(await textOf(page, "today-done")).toBe(String(stats.today.done));
    expect(await textOf(page, "today-missed")).toBe(String(stats.today.missed));
    await expect.poll(() => page.getByTestId("chart-placeholder").count()).toBe(2);
    expect(aborted.length).toBeGreaterThan(0);
    await expect(page.getByTestId("chart-placeholder").first().textContent()).resolves.toBe(
      "График не загрузился. Он появится, когда будет связь.",
    );
    // The page itself stands: no error screen, the numbers are still there.
    expect(await page.getByRole("button", { name: "Повторить" }).count()).toBe(0);
    expect(await textOf(page, "today-done")).toBe(String(stats.today.done));
    await page.context().close();
  });
});

describe("mini-app without signal", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    page = await openPinnedPage("allow");
    context = page.context();
  });

  afterAll(async () => {
    await context?.close();
  });

  it("reopens the houses list from the service worker with «Нет сети — данные от …»", async () => {
    const houses = await api<HouseList>("/api/cleaning/houses");
    await page.goto(`${server.url}/works`);
    await page.getByTestId("works-ready").waitFor();
    expect(await page.getByTestId("offline-note").count()).toBe(0);
    await waitForCachedAnswer(page, "/api/cleaning/houses?_user=demo");
    const writtenAt = await page.evaluate(
      async () =>
        (await caches.match("/api/cleaning/houses?_user=demo", { cacheName: "api-reads" }))?.headers.get("Date") ?? "",
    );

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("works-ready").waitFor();
    const addresses = await page.getByTestId("house-card").locator("h3").allTextContents();
    expect(addresses).toEqual(houses.items.map((house) => house.address));
    const note = (await page.getByTestId("offline-note").textContent()) ?? "";
    // The time of the server's last answer, in the company's zone.
    const time = new Intl.DateTimeFormat("en-GB", {
      timeZone: server.ctx.config.timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(writtenAt));
    expect(note).toMatch(/^Нет сети — данные от (\d{1,2} \S+, )?\d{2}:\d{2}$/);
    expect(note.endsWith(time)).toBe(true);

    // Actions that need the server wait for it: a reminder cannot be created without signal.
    await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name: "Напоминания" }).click();
    await page.getByTestId("tasks-page").waitFor();
    await page.getByLabel("Новое напоминание").fill("напомни завтра в 9 взять ключи");
    await expect(page.getByRole("button", { name: "Создать" }).isDisabled()).resolves.toBe(true);
    await context.setOffline(false);
  });

  it("queues a «Завершить» tapped offline and delivers it once when the network is back", async () => {
    const houses = await api<HouseList>("/api/cleaning/houses");
    const house = houses.items[0]!;
    // The first card's house has a visit today, in progress, with its photo proof already sent from the bot.
    const [visit] = await server.ctx.db.query<{ id: number }>(
      `INSERT INTO cleaning_visits (house_id, date, kind, status, photos, started_at, updated_at)
       VALUES ($1, $2::date, 'wet_all_floors', 'in_progress', ARRAY['e2e-photo'], now(), now())
       ON CONFLICT (house_id, date, kind) DO UPDATE SET status = 'in_progress', photos = ARRAY['e2e-photo'], finished_at = NULL
       RETURNING id`,
      [house.id, server.today],
    );
    const finishes: string[] = [];
    context.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith(`/api/visits/${visit!.id}/finish`))
        finishes.push(request.url());
    });
    await page.goto(`${server.url}/works`);
    const actions = page.locator(`[data-testid="visit-actions"][data-visit-id="${visit!.id}"]`);
    await actions.getByRole("button", { name: "Завершить" }).waitFor();

    await context.setOffline(true);
    await actions.getByRole("button", { name: "Завершить" }).click();
    await actions.getByTestId("visit-queued").waitFor();
    await expect(actions.getAttribute("data-status")).resolves.toBe("done");
    expect(finishes).toHaveLength(0);
    const row = async () =>
      (
        await server.ctx.db.query<{ status: string }>(`SELECT status::text FROM cleaning_visits WHERE id = $1`, [
          visit!.id,
        ])
      )[0]!.status;
    expect(await row()).toBe("in_progress");

    await context.setOffline(false);
    await expect.poll(row, { timeout: 15_000 }).toBe("done");
    await expect.poll(() => actions.getByTestId("visit-queued").count()).toBe(0);
    expect(finishes).toHaveLength(1);
    // A reopened app has nothing left to send.
    await page.reload();
    await page.getByTestId("works-ready").waitFor();
    await page.locator(`[data-testid="visit-actions"][data-visit-id="${visit!.id}"][data-status="done"]`).waitFor();
    expect(finishes).toHaveLength(1);
    expect(await page.evaluate(() => localStorage.getItem("visit-queue-v1"))).toBe("[]");
  });
});
