// The mini-app in a real browser against the real server on the embedded database with the demo company.
import { sign } from "@telegram-apps/init-data-node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardStats } from "../../api/src/modules/dashboard/dashboard.schemas.ts";
import type { HouseDetails, HouseList } from "../../api/src/modules/houses/houses.schemas.ts";
import { launchChromium, openPhonePage, saveScreenshot, telegramLaunchHash } from "./browser.ts";
import { installFakeTelegramClient, lastPosted, postedEvents, sendTelegramEvent } from "./fake-telegram.ts";
import { ensureMiniAppBuilt, startTestServer, type TestServer } from "./server.ts";
import { TEST_NOW } from "../../api/src/testing/test-db.ts";

// Only the portal's address matters: deal links are built from it; nothing calls Bitrix24 in these tests.
const BITRIX_WEBHOOK = "https://kaluga-clean.bitrix24.ru/rest/1/e2e-token/";
const BOT_TOKEN = "123456:TEST-bot-token-for-e2e";
const DARK_THEME = {
  bg_color: "#17212b",
  secondary_bg_color: "#0e1621",
  text_color: "#f5f5f5",
  hint_color: "#708499",
  button_color: "#5288c1",
  button_text_color: "#ffffff",
  section_bg_color: "#1c2733",
  section_separator_color: "#2b3a4a",
};

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
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const next_month = (month: string) => {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, "0")}`;
};

/** Unfolds the filter fields (on a phone only the presets show until "Фильтры" is tapped). */
async function openFilters(page: Page) {
  const toggle = page.getByRole("button", { name: /^Фильтры/ });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
}

const textOf = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).locator("[data-value]").textContent())?.trim();

describe("mini-app in the demo session (plain browser)", () => {
  let server: TestServer;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer({ BITRIX24_WEBHOOK_URL: BITRIX_WEBHOOK });
    page = await openPhonePage(browser);
    // No internet in tests: a Bitrix24 tab opened by the app gets a stand-in page.
    await page
      .context()
      .route("https://kaluga-clean.bitrix24.ru/**", (route) =>
        route.fulfill({ contentType: "text/html", body: "<title>Bitrix24</title>" }),
      );
  }, 60_000);

  afterAll(async () => {
    await page?.context().close();
    await server?.close();
  });

  it("shows the dashboard with the API's own numbers for today and the Демо-режим badge", async () => {
    const stats = await api<DashboardStats>(server, "/api/dashboard/stats");
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId("dashboard-ready").waitFor();
    expect(await textOf(page, "today-planned")).toBe(String(stats.today.planned));
    expect(await textOf(page, "today-inProgress")).toBe(String(stats.today.inProgress));
    expect(await textOf(page, "today-done")).toBe(String(stats.today.done));
    expect(await textOf(page, "today-missed")).toBe(String(stats.today.missed));
    expect(stats.today.planned + stats.today.done + stats.today.inProgress + stats.today.missed).toBeGreaterThan(0);
    await expect(page.getByTestId("demo-badge").textContent()).resolves.toBe("Демо-режим");
    await page.getByTestId("stage-chart").waitFor();
    await page.getByTestId("day-chart").waitFor();
    await saveScreenshot(page, "dashboard");
  });

  it("applies a preset and a brigade filter to the dashboard and keeps them in the URL", async () => {
    await page.goto(`${server.url}/dashboard`);
    await page.getByTestId("dashboard-ready").waitFor();
    await page.getByRole("button", { name: "Месяц" }).click();
    await page.waitForURL(/date_from=\d{4}-\d{2}-01/);
    const filters = await api<{ brigades: { id: number }[] }>(server, "/api/cleaning/filters");
    const brigade = filters.brigades[0]!;
    await openFilters(page);
    await page.getByLabel("Бригада").selectOption(String(brigade.id));
    await page.waitForURL(new RegExp(`brigade=${brigade.id}`));
    const query = new URL(page.url()).search;
    const stats = await api<DashboardStats>(server, `/api/dashboard/stats${query}`);
    await expect.poll(() => textOf(page, "today-planned")).toBe(String(stats.today.planned));
    await expect.poll(() => page.getByTestId("range").textContent()).toContain(String(Number(stats.range.to.slice(8))));
    expect(await page.getByRole("button", { name: "Месяц" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("lists houses like the API and narrows the list with a preset, the exact date and a brigade", async () => {
    const all = await api<HouseList>(server, "/api/cleaning/houses");
    await page.goto(`${server.url}/works`);
    await page.getByTestId("works-ready").waitFor();
    expect(await page.getByTestId("total").textContent()).toBe(`Найдено: ${all.total}`);
    await expect(page.getByTestId("house-card").first().getAttribute("data-house-id")).resolves.toBe(
      String(all.items[0]!.id),
    );
    await saveScreenshot(page, "works", { fullPage: false });

    await page.getByRole("button", { name: "Сегодня" }).click();
    await page.waitForURL(new RegExp(`date_from=${server.today}&date_to=${server.today}`));
    const todays = await api<HouseList>(
      server,
      `/api/cleaning/houses?date_from=${server.today}&date_to=${server.today}`,
    );
    expect(todays.total).toBeLessThan(all.total);
    await expect.poll(() => page.getByTestId("total").textContent()).toBe(`Найдено: ${todays.total}`);

    await page.getByRole("button", { name: "Сегодня" }).click(); // a second tap clears the preset
    await openFilters(page);
    await page.getByLabel("Дата уборки").fill(server.today);
    await page.waitForURL(new RegExp(`cleaning_date=${server.today}`));
    const exact = await api<HouseList>(server, `/api/cleaning/houses?cleaning_date=${server.today}`);
    await expect.poll(() => page.getByTestId("total").textContent()).toBe(`Найдено: ${exact.total}`);

    const filters = await api<{ brigades: { id: number }[] }>(server, "/api/cleaning/filters");
    const brigade = filters.brigades[1]!;
    await page.getByLabel("Бригада").selectOption(String(brigade.id));
    const both = await api<HouseList>(
      server,
      `/api/cleaning/houses?cleaning_date=${server.today}&brigade=${brigade.id}`,
    );
    expect(both.total).toBeLessThan(exact.total);
    await expect.poll(() => page.getByTestId("total").textContent()).toBe(`Найдено: ${both.total}`);

    // The URL alone reopens the same view.
    const link = page.url();
    await page.goto(link);
    await expect.poll(() => page.getByTestId("total").textContent()).toBe(`Найдено: ${both.total}`);
    // Fields in use stay unfolded when the link is opened.
    expect(await page.getByRole("button", { name: /^Фильтры · 2/ }).getAttribute("aria-expanded")).toBe("true");
    await expect.poll(() => page.getByLabel("Бригада").inputValue()).toBe(String(brigade.id));
  });

  it("pages through the list at the bottom and scrolls back to the top", async () => {
    const second = await api<HouseList>(server, "/api/cleaning/houses?page=2");
    await page.goto(`${server.url}/works`);
    await page.getByTestId("works-ready").waitFor();
    expect(await page.getByTestId("pagination").count()).toBe(1);
    await page.getByRole("button", { name: "Вперёд ›" }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Вперёд ›" }).click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => page.getByTestId("page-label").textContent()).toBe(`Страница 2 из ${second.pages}`);
    await expect
      .poll(() => page.getByTestId("house-card").first().getAttribute("data-house-id"))
      .toBe(String(second.items[0]!.id));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  });

  it("shows a house's visits of the month in the schedule modal and switches months", async () => {
    await page.goto(`${server.url}/works`);
    await page.getByTestId("works-ready").waitFor();
    const card = page.getByTestId("house-card").first();
    const houseId = await card.getAttribute("data-house-id");
    const month = server.today.slice(0, 7);
    const details = await api<HouseDetails>(server, `/api/cleaning/house/${houseId}/details?month=${month}`);
    expect(details.schedule.visits.length).toBeGreaterThan(0);

    await card.getByRole("button", { name: "График" }).click();
    const modal = page.getByTestId("schedule-modal");
    await modal.getByTestId("visit-list").waitFor();
    expect(await modal.getByTestId("visit").count()).toBe(details.schedule.visits.length);
    const dates = await modal
      .getByTestId("visit")
      .evaluateAll((items) =>
        items.map((item) => `${item.getAttribute("data-date")} ${item.getAttribute("data-status")}`),
      );
    expect(dates).toEqual(details.schedule.visits.map((visit) => `${visit.date} ${visit.status}`));
    const firstVisit = details.schedule.visits[0]!;
    expect(await modal.locator(`[data-day="${firstVisit.date}"]`).getAttribute("data-visits")).not.toBe("0");
    await saveScreenshot(page, "schedule", { fullPage: false });

    const next = await api<HouseDetails>(server, `/api/cleaning/house/${houseId}/details?month=${next_month(month)}`);
    await modal.getByRole("button", { name: "Следующий месяц" }).click();
    await expect.poll(() => modal.getByTestId("visit").count()).toBe(next.schedule.visits.length);
    await expect
      .poll(() => modal.getByTestId("visit").first().getAttribute("data-date"))
      .toBe(next.schedule.visits[0]?.date ?? null);

    // Outside Telegram the deal opens in a new tab (inside Telegram: openLink).
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      modal.getByRole("button", { name: "Открыть в Bitrix24" }).click(),
    ]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(`https://kaluga-clean.bitrix24.ru/crm/deal/details/${details.house.bitrixId}/`);
    await popup.close();

    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("schedule-modal").count()).toBe(0);
  });

  it("shows the house card with contacts in the details modal", async () => {
    await page.goto(`${server.url}/works`);
    const card = page.getByTestId("house-card").first();
    const houseId = await card.getAttribute("data-house-id");
    const details = await api<HouseDetails>(server, `/api/cleaning/house/${houseId}/details`);
    await card.getByRole("button", { name: "Детали" }).click();
    const modal = page.getByTestId("details-modal");
    await modal.getByText(details.house.address).waitFor();
    const contacts = details.contacts.managementCompany!;
    await modal.getByTestId("mc-contacts").getByText(contacts.title).waitFor();
    for (const phone of contacts.phones) await modal.getByText(phone).first().waitFor();
    await saveScreenshot(page, "details", { fullPage: false });
    await modal.getByRole("button", { name: "Закрыть" }).click();
  });

  it("follows the system's dark scheme in a plain browser", async () => {
    const dark = await openPhonePage(browser, { colorScheme: "dark" });
    await dark.goto(`${server.url}/dashboard`);
    await dark.getByTestId("dashboard-ready").waitFor();
    expect(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(14, 22, 33)");
    await dark.context().close();
  });

  it("shows a Russian error with a retry button when the API fails, and recovers", async () => {
    let isFailing = true;
    await page.route("**/api/dashboard/stats*", (route) =>
      isFailing
        ? route.fulfill({
            status: 500,
            contentType: "application/json",
            body: JSON.stringify({
              error: { code: "internal", message: "Внутренняя ошибка сервера, попробуйте ещё раз" },
            }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/dashboard`);
    const error = page.getByTestId("error-state");
    await error.getByText("Внутренняя ошибка сервера, попробуйте ещё раз").waitFor();
    isFailing = false;
    await error.getByRole("button", { name: "Повторить" }).click();
    await page.getByTestId("dashboard-ready").waitFor();
    await page.unroute("**/api/dashboard/stats*");
  });
});

describe("mini-app pages with AI features (assistant, knowledge, reminders) in the demo session", () => {
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

  it("keeps all five bottom-nav items whole and tappable on a 390 px phone", async () => {
    await page.goto(`${server.url}/dashboard`);
    const nav = page.getByRole("navigation", { name: "Разделы" });
    const links = nav.getByRole("link");
    await links.last().waitFor();
    await expect(links.allTextContents()).resolves.toEqual(["Сводка", "Дома", "Помощник", "Обучение", "Напоминания"]);
    for (const link of await links.all()) {
      const box = (await link.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.height).toBeGreaterThanOrEqual(44);
      // The label is not cut off.
      expect(await link.locator("span").evaluate((label) => label.scrollWidth <= label.clientWidth)).toBe(true);
    }
    await nav.getByRole("link", { name: "Напоминания" }).click();
    await page.waitForURL(/\/tasks$/);
    // The route renders once its lazy chunk has loaded (a transition): wait for it rather than read at once.
    await page.getByRole("heading", { level: 1, name: "Напоминания" }).waitFor();
    await page.getByTestId("tasks-page").waitFor();
  });

  it("asks the offline assistant and keeps the conversation for the next question", async () => {
    await page.goto(`${server.url}/assistant`);
    await page.getByRole("heading", { level: 1, name: "ИИ-помощник" }).waitFor();
    const question = page.getByLabel("Ваш вопрос");
    await question.fill("что у нас сегодня");
    const first = page.waitForRequest("**/api/ai/chat");
    await page.getByRole("button", { name: "Отправить" }).click();
    expect((await first).postDataJSON()).toEqual({ message: "что у нас сегодня" });
    const answer = page.getByTestId("chat-answer").first();
    await answer.waitFor();
    expect((await answer.textContent())!.length).toBeGreaterThan(20);
    await answer.getByText("Офлайн-режим", { exact: false }).waitFor();
    // A house in the answer opens its card.
    const house = answer.getByTestId("chat-actions").getByRole("button").first();
    const address = (await house.textContent())!;
    await house.click();
    const details = page.getByTestId("details-modal");
    await details.getByText(address, { exact: false }).first().waitFor();
    await details.getByRole("button", { name: "Закрыть" }).click();
    await details.waitFor({ state: "detached" });

    await question.fill("а завтра?");
    const second = page.waitForRequest("**/api/ai/chat");
    await question.press("Enter");
    const body = (await second).postDataJSON() as { message: string; conversationId?: string };
    expect(body.message).toBe("а завтра?");
    expect(body.conversationId).toMatch(/^[\da-f-]{36}$/);
    await page.getByTestId("chat-answer").nth(1).waitFor();
    await saveScreenshot(page, "assistant");
  });

  it("records a voice question: «не настроено» without an OpenAI key; with recognition the answer is asked and spoken", async () => {
    const voice = await openPhonePage(browser);
    // Headless chromium has no microphone: a tone from an oscillator stands in for the user's voice.
    await voice.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = async () => {
        const audio = new AudioContext();
        const tone = audio.createOscillator();
        const out = audio.createMediaStreamDestination();
        tone.connect(out);
        tone.start();
        return out.stream;
      };
    });
    await voice.goto(`${server.url}/assistant`);
    const button = voice.getByTestId("voice-button");
    await button.hover();
    await voice.mouse.down();
    await voice.getByTestId("voice-status").getByText("Говорите", { exact: false }).waitFor();
    await voice.waitForTimeout(400);
    const upload = voice.waitForResponse("**/api/voice/transcribe");
    await voice.mouse.up();
    expect((await upload).status()).toBe(503);
    await voice.getByTestId("chat-error").getByText("Распознавание речи не настроено", { exact: false }).waitFor();

    // With recognition working (stood in here), the recognised question is asked and the answer is spoken.
    await voice.route("**/api/voice/transcribe", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ text: "что у нас сегодня" }) }),
    );
    await button.hover();
    await voice.mouse.down();
    await voice.getByTestId("voice-status").getByText("Говорите", { exact: false }).waitFor();
    await voice.waitForTimeout(300);
    const spoken = voice.waitForResponse("**/api/voice/speak", { timeout: 20_000 });
    await voice.mouse.up();
    await voice.getByTestId("chat-question").getByText("что у нас сегодня").waitFor();
    const speech = await spoken;
    expect(speech.status()).toBe(200);
    expect(speech.headers()["content-type"]).toMatch(/^audio\/ogg/);
    await voice.context().close();

    const old = await openPhonePage(browser);
    await old.addInitScript(() => {
      delete (window as { MediaRecorder?: unknown }).MediaRecorder;
    });
    await old.goto(`${server.url}/assistant`);
    await old.getByLabel("Ваш вопрос").waitFor();
    expect(await old.getByTestId("voice-button").count()).toBe(0);
    await old.context().close();
  });

  it("uploads a TXT document as the demo admin, confirms it and finds it with a highlighted snippet", async () => {
    await page.goto(`${server.url}/knowledge`);
    await page.getByTestId("knowledge-office").waitFor();
    const text =
      "Правила выдачи ключей.\nКлючи от подвала хранятся у старшего по дому. Перед уборкой заберите ключи у вахтёра и верните их вечером.\n";
    await page
      .getByTestId("knowledge-file")
      .setInputFiles({ name: "klyuchi.txt", mimeType: "text/plain", buffer: Buffer.from(text) });
    await page.getByTestId("knowledge-notice").getByText("ждёт подтверждения", { exact: false }).waitFor();
    const pending = page.getByTestId("knowledge-pending").getByTestId("knowledge-document");
    await pending.getByText("klyuchi.txt", { exact: false }).waitFor();
    await pending.getByRole("button", { name: "Сохранить" }).click();
    await page.getByTestId("knowledge-notice").getByText("сохранён в базе знаний", { exact: false }).waitFor();
    await page.getByTestId("knowledge-documents").getByText("klyuchi.txt", { exact: false }).waitFor();

    // The same file again is a duplicate: the server's 409 message is shown.
    await page
      .getByTestId("knowledge-file")
      .setInputFiles({ name: "klyuchi.txt", mimeType: "text/plain", buffer: Buffer.from(text) });
    await page.getByTestId("knowledge-notice").and(page.getByRole("alert")).waitFor();

    await page.getByLabel("Поиск по базе знаний").fill("ключи вахтёра");
    await page.getByRole("button", { name: "Найти" }).click();
    const hit = page.getByTestId("search-hit").first();
    await hit.waitFor();
    // The position label ("стр. 2", "фрагмент 1" ...) is the API's own.
    const found = await api<{ items: { label: string }[] }>(
      server,
      `/api/knowledge/search?q=${encodeURIComponent("ключи вахтёра")}&limit=20`,
    );
    expect(await hit.textContent()).toContain(found.items[0]!.label);
    const marks = await hit.getByTestId("search-snippet").locator("mark").allTextContents();
    expect(marks.some((mark) => /ключ/i.test(mark))).toBe(true);
    // Highlights are elements made by React, not HTML from the server.
    expect(
      await hit.getByTestId("search-snippet").evaluate((snippet) => snippet.querySelectorAll("b, script, img").length),
    ).toBe(0);
    await saveScreenshot(page, "knowledge");
  });

  it("creates a reminder from a sentence, lists it and cancels it", async () => {
    await page.goto(`${server.url}/tasks`);
    await page.getByLabel("Новое напоминание").fill("напомни мне завтра в 9 взять ключи");
    await page.getByRole("button", { name: "Создать" }).click();
    const created = page.getByTestId("task-created");
    await created.waitFor();
    await created.getByText("взять ключи", { exact: false }).waitFor();
    await expect(created.getByTestId("task-when").textContent()).resolves.toMatch(/09:00$/);

    const item = page.getByTestId("task-item").filter({ hasText: "взять ключи" });
    await item.waitFor();
    await expect(item.getAttribute("data-status")).resolves.toBe("scheduled");
    await saveScreenshot(page, "tasks");
    await item.getByRole("button", { name: "Отменить" }).click();
    await page.getByTestId("tasks-notice").getByText("Напоминание отменено").waitFor();
    await page
      .getByTestId("task-item")
      .filter({ hasText: "взять ключи" })
      .and(page.locator('[data-status="cancelled"]'))
      .waitFor();
    await expect(item.getByTestId("task-status").textContent()).resolves.toBe("Отменено");
  });
});

describe("mini-app launched from Telegram (server with a bot token)", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, BITRIX24_WEBHOOK_URL: BITRIX_WEBHOOK });
    await server.ctx.db.prisma.employee.create({
      data: { telegramId: 700_001n, name: "Ольга Менеджер", role: "manager" },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("shows the Нет доступа screen for forged initData", async () => {
    const forged = sign({ user: { id: 700_001, first_name: "Ольга" } }, "999999:not-the-bot-token", TEST_NOW);
    const page = await openPhonePage(browser);
    await page.goto(`${server.url}/dashboard${telegramLaunchHash(forged, DARK_THEME)}`);
    const screen = page.getByTestId("no-access");
    await screen.getByRole("heading", { name: "Нет доступа" }).waitFor();
    await screen.getByText("Подпись Telegram не прошла проверку").waitFor();
    expect(await page.getByTestId("demo-badge").count()).toBe(0);
    await saveScreenshot(page, "no-access");
    await page.context().close();
  });

  it("shows a cleaner the knowledge base without office tools, and a refused reminder as a message, not Нет доступа", async () => {
    await server.ctx.db.prisma.employee.create({
      data: { telegramId: 700_002n, name: "Пётр Уборщик", role: "cleaner" },
    });
    const initData = sign({ user: { id: 700_002, first_name: "Пётр" } }, BOT_TOKEN, TEST_NOW);
    const page = await openPhonePage(browser);
    const pendingCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/knowledge/pending")) pendingCalls.push(request.url());
    });
    await page.goto(`${server.url}/knowledge${telegramLaunchHash(initData, DARK_THEME)}`);
    await page.getByLabel("Поиск по базе знаний").waitFor();
    // The demo company ships its sample documents: a cleaner reads them but gets no office tools.
    await page.getByText("Регламент уборки подъездов", { exact: false }).first().waitFor();
    expect(await page.getByTestId("knowledge-office").count()).toBe(0);
    expect(pendingCalls).toEqual([]);

    await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name: "Напоминания" }).click();
    await page.getByLabel("Новое напоминание").fill("напомни 2 бригаде завтра в 9 взять ключи");
    await page.getByRole("button", { name: "Создать" }).click();
    await page.getByTestId("tasks-notice").getByText("Напоминания можно ставить себе", { exact: false }).waitFor();
    expect(await page.getByTestId("no-access").count()).toBe(0);
    await page.context().close();
  });

  it("recolours the app with Telegram's dark theme params for a signed-in employee", async () => {
    const initData = sign({ user: { id: 700_001, first_name: "Ольга" } }, BOT_TOKEN, TEST_NOW);
    const stats = await api<DashboardStats>(server, "/api/dashboard/stats", `tma ${initData}`);
    const page = await openPhonePage(browser, { colorScheme: "light" });
    await page.goto(`${server.url}/dashboard${telegramLaunchHash(initData, DARK_THEME)}`);
    await page.getByTestId("dashboard-ready").waitFor();
    expect(await textOf(page, "today-done")).toBe(String(stats.today.done));
    const colours = await page.evaluate(() => ({
      variable: getComputedStyle(document.documentElement).getPropertyValue("--tg-theme-bg-color").trim(),
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.querySelector("h1")!).color,
      section: getComputedStyle(document.querySelector("[data-testid=today]")!).backgroundColor,
    }));
    expect(colours.variable).toBe(DARK_THEME.bg_color);
    expect(colours.body).toBe("rgb(14, 22, 33)"); // secondary_bg_color
    expect(colours.section).toBe("rgb(28, 39, 51)"); // section_bg_color
    expect(colours.text).toBe("rgb(245, 245, 245)"); // text_color
    expect(await page.getByTestId("demo-badge").count()).toBe(0);
    await page.getByTestId("stage-chart").waitFor();
    await saveScreenshot(page, "dashboard-dark");
    await page.context().close();
  });
});

describe("mini-app inside a Telegram client", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, BITRIX24_WEBHOOK_URL: BITRIX_WEBHOOK });
    await server.ctx.db.prisma.employee.create({
      data: { telegramId: 700_002n, name: "Ирина Менеджер", role: "manager" },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("expands, shows the BackButton on a modal, closes the modal on Back and opens Bitrix24 with openLink", async () => {
    const initData = sign({ user: { id: 700_002, first_name: "Ирина" } }, BOT_TOKEN, TEST_NOW);
    const page = await openPhonePage(browser);
    await installFakeTelegramClient(page);
    await page.goto(`${server.url}/works${telegramLaunchHash(initData, DARK_THEME)}`);
    await page.getByTestId("works-ready").waitFor();
    // The SDK loads right after the first screen, then tells Telegram the app is ready and expands it.
    await expect
      .poll(async () => (await postedEvents(page)).map(([type]) => type))
      .toEqual(expect.arrayContaining(["web_app_ready", "web_app_expand"]));

    const card = page.getByTestId("house-card").first();
    await card.getByRole("button", { name: "График" }).click();
    const modal = page.getByTestId("schedule-modal");
    await modal.getByTestId("month-calendar").waitFor();
    expect(await lastPosted(page, "web_app_setup_back_button")).toEqual({ is_visible: true });
    expect(await lastPosted(page, "web_app_trigger_haptic_feedback")).toMatchObject({ type: "impact" });

    await modal.getByRole("button", { name: "Открыть в Bitrix24" }).click();
    const link = await lastPosted(page, "web_app_open_link");
    expect(link?.url).toMatch(/^https:\/\/kaluga-clean\.bitrix24\.ru\/crm\/deal\/details\/\d+\/$/);
    expect(page.context().pages()).toHaveLength(1); // no browser tab: Telegram opened it

    await sendTelegramEvent(page, "back_button_pressed");
    await expect.poll(() => page.getByTestId("schedule-modal").count()).toBe(0);
    expect(await lastPosted(page, "web_app_setup_back_button")).toEqual({ is_visible: false });
    await page.context().close();
  });
});
