// The bottom navigation in a real browser: every label whole (measured, with the widest sans font Debian ships),
// the «Ещё» sheet where the bar runs out of room, and the original system's paths.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openPhonePage } from "./browser.ts";
import { ensureMiniAppBuilt, startTestServer, type TestServer } from "./server.ts";

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

/** A phone page whose text is set in DejaVu Sans (wider than Liberation Sans, which stands in for Arial). */
async function openWithWideFont(width: number): Promise<Page> {
  const page = await openPhonePage(browser, { viewport: { width, height: 720 } });
  await page.addInitScript(() => {
    // Adopted, since no element exists yet when init scripts run.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`html, body, button { font-family: "DejaVu Sans", sans-serif !important; }`);
    document.adoptedStyleSheets = [sheet];
  });
  return page;
}

/** Every item of the bar lies inside the screen, is tall enough to tap and shows its label uncut. */
async function expectWholeItems(items: Locator, width: number): Promise<void> {
  for (const item of await items.all()) {
    const box = (await item.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(box.height).toBeGreaterThanOrEqual(44);
    const label = item.locator("span");
    expect(
      await label.evaluate((span) => span.scrollWidth <= span.clientWidth && span.getClientRects().length === 1),
    ).toBe(true);
    // The label sits inside its own item (not spilling into the neighbour's).
    const labelBox = (await label.boundingBox())!;
    expect(labelBox.x).toBeGreaterThanOrEqual(box.x - 0.5);
    expect(labelBox.x + labelBox.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
}

describe("bottom navigation", () => {
  it("shows all five sections whole on a 390 px phone, even in DejaVu Sans", async () => {
    const page = await openWithWideFont(390);
    await page.goto(`${server.url}/dashboard`);
    const nav = page.getByRole("navigation", { name: "Разделы" });
    await nav.getByRole("link").last().waitFor();
    await expect(nav.getByRole("link").allTextContents()).resolves.toEqual([
      "Сводка",
      "Дома",
      "Помощник",
      "Обучение",
      "Напоминания",
    ]);
    // The sixth section («Маршрут») waits in «Ещё».
    expect(await nav.getByRole("button", { name: "Ещё" }).count()).toBe(1);
    expect(
      await nav
        .locator("span")
        .first()
        .evaluate((span) => getComputedStyle(span).fontFamily),
    ).toMatch(/^"DejaVu Sans"/);
    await expectWholeItems(nav.locator("li > *"), 390);
    await page.context().close();
  });

  it("moves what does not fit a 280 px cover screen into «Ещё», and opens it from there", async () => {
    const page = await openWithWideFont(280);
    await page.goto(`${server.url}/dashboard`);
    const nav = page.getByRole("navigation", { name: "Разделы" });
    const more = nav.getByRole("button", { name: "Ещё" });
    await more.waitFor();
    const inBar = await nav.getByRole("link").allTextContents();
    expect(inBar.length).toBeGreaterThanOrEqual(2);
    expect(inBar).toEqual(["Сводка", "Дома", "Помощник", "Обучение", "Напоминания"].slice(0, inBar.length));
    await expectWholeItems(nav.locator("li > *"), 280);

    await more.click();
    const sheet = page.getByRole("dialog", { name: "Ещё" });
    await expect(sheet.getByRole("link").allTextContents()).resolves.toContain("Напоминания");
    await sheet.getByRole("link", { name: "Напоминания" }).click();
    await page.waitForURL(/\/tasks$/);
    await page.getByTestId("tasks-page").waitFor();
    expect(await sheet.count()).toBe(0);
    // The open section lives in the sheet: «Ещё» is the highlighted item.
    expect(await more.getAttribute("class")).toContain("text-accent");
    await page.context().close();
  });

  it("opens the original system's /ai and /training as the assistant and the knowledge base", async () => {
    const page = await openPhonePage(browser);
    await page.goto(`${server.url}/ai`);
    await page.waitForURL(/\/assistant$/);
    await page.getByRole("heading", { level: 1, name: "ИИ-помощник" }).waitFor();
    await page.goto(`${server.url}/training?q=1`);
    await page.waitForURL(/\/knowledge\?q=1$/);
    await page.getByRole("heading", { level: 1, name: "Обучение" }).waitFor();
    expect(
      await page.getByRole("navigation", { name: "Разделы" }).locator('a[aria-current="page"]').textContent(),
    ).toBe("Обучение");
    await page.context().close();
  });
});
