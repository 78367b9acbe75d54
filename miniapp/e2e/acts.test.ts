// «Акты» and the house card's photos in a real browser against the real server with the demo company.
import { sign } from "@telegram-apps/init-data-node";
import type { Browser, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActList } from "../../api/src/modules/acts/acts.schemas.ts";
import type { HousePhotos } from "../../api/src/modules/photos/photos.schemas.ts";
import { TEST_NOW } from "../../api/src/testing/test-db.ts";
import { launchChromium, openPhonePage, saveScreenshot, telegramLaunchHash } from "./browser.ts";
import { installFakeTelegramClient, lastPosted } from "./fake-telegram.ts";
import { ensureMiniAppBuilt, startTestServer, type TestServer } from "./server.ts";

const BOT_TOKEN = "123456:TEST-bot-token-for-acts-e2e";
// Demo employees (seed 42): the first is the manager, the fourth a cleaner of brigade 1.
const MANAGER_TELEGRAM_ID = 7_000_000_000;
const CLEANER_TELEGRAM_ID = 7_000_000_003;

let browser: Browser;

beforeAll(async () => {
  const [launched] = await Promise.all([launchChromium(), ensureMiniAppBuilt()]);
  browser = launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function api<T>(server: TestServer, path: string, authorization = "demo"): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { headers: { Authorization: authorization } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function pdfTextAt(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await response.arrayBuffer())), {
    mergePages: true,
  });
  return text.replace(/\s+/g, " ");
}

const shownAddresses = (page: Page) => page.getByTestId("act-item").locator("p.font-medium").allTextContents();

describe("«Акты» in the demo session (plain browser)", () => {
  let server: TestServer;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    page = await openPhonePage(browser);
  }, 60_000);

  afterAll(async () => {
    await page?.context().close();
    await server?.close();
  });

  it("lists last month's houses with the API's counts, filtered by УК", async () => {
    const all = await api<ActList>(server, "/api/acts");
    expect(all.month).toBe("2026-10");
    await page.goto(`${server.url}/acts`);
    await page.getByRole("heading", { level: 1, name: "Акты" }).waitFor();
    await page.getByTestId("acts-ready").waitFor();
    expect(await page.getByTestId("acts-ready").getAttribute("data-month")).toBe("2026-10");
    expect(await page.getByTestId("acts-totals").textContent()).toBe(
      `Домов: ${all.items.length} · план ${all.totals.planned} · выполнено ${all.totals.done} · пропущено ${all.totals.missed}`,
    );

    const company = all.items.find((item) => item.managementCompany)!.managementCompany!;
    const filtered = await api<ActList>(server, `/api/acts?month=2026-10&management_company=${company.id}`);
    await page.getByTestId("acts-company").selectOption(String(company.id));
    await expect.poll(() => shownAddresses(page)).toEqual(filtered.items.map((item) => item.house.address));
    await page.getByTestId("acts-company-files").waitFor();
    const first = page.getByTestId("act-item").first();
    expect(await first.getByTestId("act-counts").textContent()).toContain(
      `План: ${filtered.items[0]!.totals.planned} · Выполнено: ${filtered.items[0]!.totals.done} · Пропущено: ${filtered.items[0]!.totals.missed}`,
    );
    await saveScreenshot(page, "acts", { fullPage: false });
  });

  it("opens a house's PDF by its signed link in a new tab, no Authorization header needed", async () => {
    const first = page.getByTestId("act-item").first();
    const address = (await first.locator("p.font-medium").textContent())!;
    const [popup] = await Promise.all([page.context().waitForEvent("page"), first.getByTestId("act-open-pdf").click()]);
    await expect.poll(() => popup.url()).toMatch(/\/api\/acts\/download\/[\w-]+\.[\w-]+$/);
    const url = popup.url();
    await popup.close();
    const text = await pdfTextAt(url);
    expect(text).toContain(`Объект: ${address}`);
    expect(text).toContain("за октябрь 2026");
  });

  it("marks an act sent and back to draft, and the server keeps it", async () => {
    const first = page.getByTestId("act-item").first();
    const houseId = Number(await first.getAttribute("data-house-id"));
    await first.getByTestId("act-toggle-sent").click();
    await expect
      .poll(() => page.locator(`[data-testid=act-item][data-house-id="${houseId}"]`).getAttribute("data-status"))
      .toBe("sent");
    const item = page.locator(`[data-testid=act-item][data-house-id="${houseId}"]`);
    expect(await item.getByTestId("act-status").textContent()).toBe("Отправлен");
    expect(await item.textContent()).toContain("Отправлен 26 нояб., 10:00 · Демо-администратор");
    const list = await api<ActList>(server, "/api/acts?month=2026-10");
    expect(list.items.find((act) => act.house.id === houseId)).toMatchObject({
      status: "sent",
      sentBy: "Демо-администратор",
    });

    await item.getByTestId("act-toggle-sent").click();
    await expect.poll(() => item.getAttribute("data-status")).toBe("draft");
  });

  it("switches the month", async () => {
    await page.getByTestId("acts-month").selectOption("2026-11");
    await expect.poll(() => page.getByTestId("acts-ready").getAttribute("data-month")).toBe("2026-11");
    // November is still going (the test clock stands at 26.11): the draft says so.
    expect(await page.getByTestId("act-warnings").first().textContent()).toContain("Месяц ещё не закончился");
  });

  it("shows the month's photos by visit in the house card", async () => {
    const houses = await api<{ items: { id: number; address: string }[] }>(server, "/api/cleaning/houses?limit=5");
    const house = houses.items[0]!;
    const photos = await api<HousePhotos>(server, `/api/houses/${house.id}/photos`);
    expect(photos.visits.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/works`);
    await page.getByTestId("works-ready").waitFor();
    await page.getByRole("button", { name: "Детали" }).first().click();
    const modal = page.getByTestId("details-modal");
    await modal.getByTestId("house-photos").waitFor();
    await expect.poll(() => modal.getByTestId("photo-visit").count()).toBe(photos.visits.length);
    const shown = photos.visits.reduce((sum, visit) => sum + visit.photos.length, 0);
    await expect.poll(() => modal.getByTestId("house-photo").count()).toBe(shown);
    // The demo's photos are drawn stand-ins, loaded through the API as blobs.
    expect(await modal.getByTestId("house-photo").first().getAttribute("src")).toMatch(/^blob:/);
    await modal.getByTestId("house-photos").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "house-photos", { fullPage: false });
  });
});

describe("«Акты» inside a Telegram client", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: BOT_TOKEN });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("opens the PDF through Telegram's openLink with an absolute signed URL", async () => {
    const initData = sign({ user: { id: MANAGER_TELEGRAM_ID, first_name: "Светлана" } }, BOT_TOKEN, TEST_NOW);
    const page = await openPhonePage(browser);
    await installFakeTelegramClient(page);
    await page.goto(`${server.url}/acts${telegramLaunchHash(initData, {})}`);
    await page.getByTestId("act-item").first().waitFor();
    await page.getByTestId("act-item").first().getByTestId("act-open-pdf").click();
    await expect
      .poll(async () => String((await lastPosted(page, "web_app_open_link"))?.url ?? ""))
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/acts\/download\//);
    const url = String((await lastPosted(page, "web_app_open_link"))!.url);
    expect(page.context().pages()).toHaveLength(1); // no browser tab: Telegram opened it
    expect(await pdfTextAt(url)).toContain("АКТ №");
    await page.context().close();
  });

  it("tells a brigade member that acts are for the office, without the «Нет доступа» screen", async () => {
    const initData = sign({ user: { id: CLEANER_TELEGRAM_ID, first_name: "Уборщик" } }, BOT_TOKEN, TEST_NOW);
    const page = await openPhonePage(browser);
    await installFakeTelegramClient(page);
    await page.goto(`${server.url}/acts${telegramLaunchHash(initData, {})}`);
    await page.getByTestId("acts-office-only").waitFor();
    expect(await page.getByTestId("acts-office-only").textContent()).toBe(
      "Акты доступны менеджерам и администраторам.",
    );
    expect(await page.getByRole("navigation", { name: "Разделы" }).count()).toBe(1);
    await page.context().close();
  });
});
