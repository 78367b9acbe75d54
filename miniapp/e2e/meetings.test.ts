// «Планёрка» in a real Chromium: its fake microphone plays a WAV file, MediaRecorder records real Opus chunks,
// the page uploads them while the network drops for a while, and the server (fake STT, no LLM) answers with text.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/client.ts";
import { createApp } from "../../api/src/app.ts";
import { OpenAPIRegistry } from "../../api/src/lib/openapi.ts";
import { createMeetingsFeature } from "../../api/src/modules/meetings/meetings.feature.ts";
import { createTasksFeature } from "../../api/src/modules/tasks/tasks.feature.ts";
import { createToneWav, startFakeOpenAI, type FakeOpenAI } from "../../api/src/testing/fake-openai.ts";
import { createDemoTestDatabase, createTestContext } from "../../api/src/testing/test-db.ts";
import { launchChromium, saveScreenshot } from "./browser.ts";
import { ensureMiniAppBuilt, MINIAPP_DIST } from "./server.ts";

const SPEECH = ["Доброе утро, начинаем планёрку.", "Вторая бригада до пятницы моет окна на Ленина 5."];

let browser: Browser;
let fake: FakeOpenAI;
let db: Database;
let server: Server;
let url: string;
let dir: string;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "meetings-e2e-"));
  const wav = path.join(dir, "speech.wav");
  await writeFile(wav, createToneWav(30, 16_000));
  fake = await startFakeOpenAI();
  let calls = 0;
  fake.behaviour.transcribe = () => SPEECH[calls++] ?? `Обсуждаем участок номер ${calls}.`;
  const [, launched, database] = await Promise.all([
    ensureMiniAppBuilt(),
    launchChromium([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}`,
    ]),
    createDemoTestDatabase(),
  ]);
  browser = launched;
  db = database;
  // Speech recognition only (STT_BASE_URL): the summary is the offline one.
  const ctx = createTestContext(db, { STT_BASE_URL: fake.baseUrl, STT_API_KEY: fake.apiKey, DATA_DIR: dir });
  const registry = new OpenAPIRegistry();
  const deps = { ctx, registry, hasVector: false, scheduler: undefined as never };
  const features = [
    createMeetingsFeature(deps),
    createTasksFeature({ ...deps, scheduler: { register: () => undefined } as never }, { sender: null }),
  ];
  const { app } = createApp({
    ctx,
    hasVector: false,
    registry,
    miniAppDir: MINIAPP_DIST,
    apiRouters: features.flatMap((f) => f.apiRouters ?? []),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "ru-RU",
    timezoneId: "Europe/Moscow",
    serviceWorkers: "block",
    acceptDownloads: true,
  });
  await context.grantPermissions(["microphone", "clipboard-read", "clipboard-write"], { origin: url });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await fake?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const segmentsOnScreen = () => page.getByTestId("segment").count();

describe("«Планёрка» with Chromium's fake microphone", () => {
  it("records in chunks, keeps them while the network is down and sends them in order; stop gives the summary", async () => {
    await page.goto(`${url}/meetings`);
    await page.getByTestId("meeting-start").click();
    await page.getByTestId("meeting-stop").waitFor();
    await page.getByText(SPEECH[0]!).waitFor({ timeout: 20_000 });

    // Bad signal: uploads fail for ~9 s; chunks wait in IndexedDB and the page says so.
    await page.route("**/api/meetings/*/chunks", (route) => route.abort("internetdisconnected"));
    await page.getByTestId("meeting-queued").waitFor({ timeout: 15_000 });
    const before = await segmentsOnScreen();
    await page.waitForTimeout(6_000);
    expect(await segmentsOnScreen()).toBe(before);
    await page.unroute("**/api/meetings/*/chunks");
    await page.getByTestId("meeting-queued").waitFor({ state: "detached", timeout: 20_000 });
    expect(await segmentsOnScreen()).toBeGreaterThanOrEqual(before + 2);

    await page.getByTestId("meeting-stop").click();
    await page.getByTestId("summary").waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "meetings-summary");
    await expect(page.getByTestId("without-ai").textContent()).resolves.toMatch(/без ИИ/);

    // Nothing lost, nothing twice: the server holds chunks 0…n-1, each transcribed once.
    const rows = await db.query<{ seq: number; status: string; text: string }>(
      `SELECT seq, status, text FROM meeting_segments ORDER BY seq`,
    );
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index));
    expect(rows.every((row) => row.status === "done")).toBe(true);
    expect(fake.transcriptions.length).toBe(rows.length);
    expect(fake.transcriptions[0]!.filename).toMatch(/^chunk\.(webm|ogg)$/);
    expect(await segmentsOnScreen()).toBe(rows.length);
  }, 120_000);

  it("turns the action item into a reminder after confirmation", async () => {
    const item = page.getByTestId("action-item").filter({ hasText: "Вторая бригада" });
    await expect(item.textContent()).resolves.toMatch(/Кто: 2 бригада/);
    await item.getByTestId("create-task").click();
    await item.getByTestId("confirm").click();
    await item.getByTestId("task-created").waitFor();
    const [task] = await db.query<{ text: string; next_run_at: Date }>(
      `SELECT text, next_run_at FROM tasks WHERE text LIKE 'Вторая бригада%'`,
    );
    expect(task!.next_run_at.toISOString()).toBe("2026-11-27T06:00:00.000Z");
  });

  it("exports the meeting as .txt with the timestamped transcript and the action items", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-txt").click()]);
    const text = await readFile((await download.path())!, "utf8");
    expect(text).toContain("Планёрка: Планёрка 26.11.2026");
    expect(text).toContain(`[00:00] ${SPEECH[0]}`);
    expect(text).toMatch(/Поручения\n-+\n1\. Вторая бригада до пятницы/);
  });

  it("finds the meeting in the list by a word of its transcript and deletes it", async () => {
    await page.getByText(/К списку/).click();
    await page.getByTestId("meeting-search").fill("окно");
    await page.getByTestId("meeting-search").press("Enter");
    await page.getByTestId("meeting-item").first().waitFor();
    await page.getByTestId("meeting-item").first().click();
    await page.getByTestId("delete").click();
    await page.getByTestId("confirm").click();
    await page.getByTestId("meeting-start").waitFor();
    const [{ count }] = (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM meetings`)) as [
      { count: number },
    ];
    expect(count).toBe(0);
  });
});

describe("«Планёрка» after a reload mid-meeting", () => {
  it("finds the meeting again, sends what was kept and continues the numbering", async () => {
    await page.goto(`${url}/meetings`);
    await page.getByTestId("meeting-start").click();
    await page.getByTestId("segment").first().waitFor({ timeout: 20_000 });
    // The connection drops, a chunk waits in IndexedDB, and the page is reloaded.
    await page.route("**/api/meetings/*/chunks", (route) => route.abort("internetdisconnected"));
    await page.getByTestId("meeting-queued").waitFor({ timeout: 15_000 });
    await page.unroute("**/api/meetings/*/chunks");
    await page.reload();
    await page.getByTestId("meeting-resume").click();
    await page.getByTestId("meeting-queued").waitFor({ state: "detached", timeout: 20_000 });
    const [meeting] = await db.query<{ id: number }>(`SELECT id FROM meetings WHERE status = 'recording'`);
    const countOf = async () =>
      (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM meeting_segments WHERE meeting_id = $1`, [
          meeting!.id,
        ])
      )[0]!.n;
    const afterResume = await countOf();
    await page.waitForTimeout(5_000);
    await page.getByTestId("meeting-stop").click();
    await page.getByTestId("summary").waitFor({ timeout: 30_000 });
    const rows = await db.query<{ seq: number; start_ms: number }>(
      `SELECT seq, start_ms FROM meeting_segments WHERE meeting_id = $1 ORDER BY seq`,
      [meeting!.id],
    );
    expect(rows.length).toBeGreaterThan(afterResume);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index));
    // Time runs on after the reload: no two chunks claim the same moment.
    expect(rows.every((row, index) => index === 0 || row.start_ms > rows[index - 1]!.start_ms)).toBe(true);
  }, 120_000);
});

describe("«Планёрка» without a microphone", () => {
  it("explains in Russian that the microphone is refused", async () => {
    const context = await browser.newContext({ locale: "ru-RU", serviceWorkers: "block" });
    const denied = await context.newPage();
    const countMeetings = async () =>
      (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM meetings`))[0]!.count;
    const before = await countMeetings();
    await denied.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
    });
    await denied.goto(`${url}/meetings`);
    await denied.getByTestId("meeting-start").click();
    await expect(denied.getByTestId("meeting-error").textContent()).resolves.toMatch(/Нет доступа к микрофону/);
    // A refusal leaves no empty meeting behind.
    expect(await countMeetings()).toBe(before);
    await context.close();
  });
});
