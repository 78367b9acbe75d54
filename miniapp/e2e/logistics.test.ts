// «Маршрут» in a real browser against the real server on the demo company: the order the API plans, the map loaded
// only on this page (and the list without tiles), the maps links, «Начать», and a brigade member inside Telegram.
import { sign } from "@telegram-apps/init-data-node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteResponse } from "../../api/src/modules/logistics/logistics.schemas.ts";
import { TEST_NOW } from "../../api/src/testing/test-db.ts";
import { launchChromium, openPhonePage, saveScreenshot, telegramLaunchHash } from "./browser.ts";
import { installFakeTelegramClient, lastPosted } from "./fake-telegram.ts";
import { ensureMiniAppBuilt, startTestServer, type TestServer } from "./server.ts";

const BOT_TOKEN = "123456:TEST-bot-token-for-e2e";
const LEAD_OF_FIRST = 7_000_000_002;
// A 1×1 transparent PNG stands in for every OpenStreetMap tile (no internet in tests).
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const TILES = "https://tile.openstreetmap.org/**";

let browser: Browser;

beforeAll(async () => {
  const [launched] = await Promise.all([launchChromium(), ensureMiniAppBuilt()]);
  browser = launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function planned(server: TestServer, body: object, authorization = "demo"): Promise<RouteResponse> {
  const response = await fetch(`${server.url}/api/logistics/route`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as RouteResponse;
}

const shownAddresses = (page: Page) => page.getByTestId("route-stop").getByTestId("stop-address").allTextContents();

describe("«Маршрут» in the demo session (plain browser)", () => {
  let server: TestServer;
  let brigades: { id: number; name: string }[];

  beforeAll(async () => {
    server = await startTestServer();
    brigades = await server.ctx.db.query<{ id: number; name: string }>(
      `SELECT id, name FROM brigades ORDER BY number, name`,
    );
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("shows the planned order with times, loads the map only on this page and opens the whole route in Яндекс and Google", async () => {
    const page = await openPhonePage(browser);
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    let tiles = 0;
    await page.context().route(TILES, (route) => {
      tiles += 1;
      return route.fulfill({ contentType: "image/png", body: TILE });
    });
    await page
      .context()
      .route(/^https:\/\/(yandex\.ru|www\.google\.com)\//, (route) =>
        route.fulfill({ contentType: "text/html", body: "<title>Карты</title>" }),
      );

    await page.goto(`${server.url}/dashboard`);
    await page.getByTestId("dashboard-ready").waitFor();
    const isMapCode = (url: string) => /\/assets\/(RouteMap|leaflet)[^/]*\.(js|css)$/.test(url);
    expect(requested.filter(isMapCode)).toEqual([]);

    // «Маршрут» is past the fifth section: it opens from «Ещё».
    const nav = page.getByRole("navigation", { name: "Разделы" });
    await nav.getByRole("button", { name: "Ещё" }).click();
    await page.getByRole("dialog", { name: "Ещё" }).getByRole("link", { name: "Маршрут" }).click();
    await page.waitForURL(/\/logistics$/);
    await page.getByTestId("route-ready").waitFor();
    const expected = await planned(server, { brigade: brigades[0]!.id, date: server.today });
    expect(expected.stops.length).toBeGreaterThan(1);
    await expect.poll(() => shownAddresses(page)).toEqual(expected.stops.map((stop) => stop.address));
    expect(await page.getByTestId("stop-arrival").allTextContents()).toEqual(
      expected.stops.map((stop) => stop.arrival),
    );
    expect(await page.getByTestId("route-summary").textContent()).toMatch(
      new RegExp(`^Домов: ${expected.stops.length} · [\\d,]+ км · закончите к ${expected.finish}$`),
    );
    const skipped = page.getByTestId("route-skipped").getByRole("listitem");
    expect(await skipped.allTextContents()).toEqual(expected.skipped.map((item) => `${item.address}: ${item.reason}`));

    // The map and Leaflet arrive with this page, draw one numbered marker per house, and ask OSM for tiles.
    const map = page.getByTestId("route-map");
    await page.locator("[data-testid=route-map].leaflet-container").waitFor();
    expect(requested.filter(isMapCode).length).toBeGreaterThan(0);
    await expect.poll(() => map.locator(".route-marker").count()).toBe(expected.stops.length);
    expect(await map.locator(".route-marker").first().textContent()).toBe("1");
    await expect.poll(() => tiles).toBeGreaterThan(0);
    await saveScreenshot(page, "logistics");

    const [yandex] = await Promise.all([
      page.context().waitForEvent("page"),
      page.getByRole("button", { name: "Яндекс Карты" }).click(),
    ]);
    await yandex.waitForLoadState();
    expect(yandex.url()).toBe(expected.mapUrls.yandex);
    expect(new URL(yandex.url()).searchParams.get("rtext")!.split("~")).toHaveLength(expected.stops.length);
    await yandex.close();
    const [google] = await Promise.all([
      page.context().waitForEvent("page"),
      page
        .getByRole("button", { name: /^Google/ })
        .first()
        .click(),
    ]);
    await google.waitForLoadState();
    expect(google.url()).toBe(expected.mapUrls.google);
    await google.close();
    await page.context().close();
  });

  it("starts the next house with one tap and moves it to «в процессе»", async () => {
    const page = await openPhonePage(browser);
    await page.context().route(TILES, (route) => route.fulfill({ contentType: "image/png", body: TILE }));
    const brigade = brigades[1]!;
    await page.goto(`${server.url}/logistics?brigade=${brigade.id}`);
    await page.getByTestId("route-ready").waitFor();
    const before = await planned(server, { brigade: brigade.id, date: server.today });
    const next = before.stops.find((stop) => stop.visitStatus === "planned")!;
    const card = page.locator(`[data-testid=route-stop][data-house-id="${next.houseId}"]`);
    await card.getByRole("button", { name: "Начать" }).click();
    await page.getByTestId("route-notice").getByText(`Уборка начата: ${next.address}`).waitFor();
    const [row] = await server.ctx.db.query<{ status: string }>(`SELECT status FROM cleaning_visits WHERE id = $1`, [
      next.visitId,
    ]);
    expect(row?.status).toBe("in_progress");
    await card.getByText("в процессе").waitFor();
    expect(await page.getByRole("button", { name: "Начать" }).count()).toBeLessThanOrEqual(1);

    // Another brigade from the picker: its own houses.
    await page.getByTestId("route-brigade").selectOption(String(brigades[2]!.id));
    const other = await planned(server, { brigade: brigades[2]!.id, date: server.today });
    await expect.poll(() => shownAddresses(page)).toEqual(other.stops.map((stop) => stop.address));
    await page.context().close();
  });

  it("keeps the list when the map tiles cannot load", async () => {
    const page = await openPhonePage(browser);
    await page.context().route(TILES, (route) => route.abort("internetdisconnected"));
    await page.goto(`${server.url}/logistics?brigade=${brigades[3]!.id}`);
    await page.getByTestId("route-ready").waitFor();
    const expected = await planned(server, { brigade: brigades[3]!.id, date: server.today });
    await expect.poll(() => shownAddresses(page)).toEqual(expected.stops.map((stop) => stop.address));
    await page.getByTestId("tiles-failed").waitFor();
    expect(await page.getByTestId("tiles-failed").textContent()).toContain("не загружается");
    await expect.poll(() => page.getByTestId("route-map").locator(".route-marker").count()).toBe(expected.stops.length);
    await page.context().close();
  });
});

describe("«Маршрут» for a brigade member inside a Telegram client", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: BOT_TOKEN });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("fixes the member's own brigade and opens Яндекс Карты through Telegram's openLink", async () => {
    const initData = sign({ user: { id: LEAD_OF_FIRST, first_name: "Бригадир" } }, BOT_TOKEN, TEST_NOW);
    const expected = await planned(server, { date: server.today }, `tma ${initData}`);
    const page = await openPhonePage(browser);
    await page.context().route(TILES, (route) => route.fulfill({ contentType: "image/png", body: TILE }));
    await installFakeTelegramClient(page);
    await page.goto(`${server.url}/logistics${telegramLaunchHash(initData, {})}`);
    await page.getByTestId("route-ready").waitFor();
    expect(await page.getByTestId("route-brigade-fixed").textContent()).toBe(expected.brigade!.name);
    expect(await page.getByTestId("route-brigade").count()).toBe(0);
    await expect.poll(() => shownAddresses(page)).toEqual(expected.stops.map((stop) => stop.address));

    await page.getByRole("button", { name: "Яндекс Карты" }).click();
    await expect.poll(async () => (await lastPosted(page, "web_app_open_link"))?.url).toBe(expected.mapUrls.yandex);
    expect(page.context().pages()).toHaveLength(1); // no browser tab: Telegram opened it
    await page.context().close();
  });
});
