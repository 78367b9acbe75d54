// «Разговор без рук» in a real Chromium whose microphone is a WAV file (Chromium's fake capture device plays it in
// a loop): speech, a pause, speech again. Recognition is the fake OpenAI server, speech the offline espeak-ng.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { createApp } from "../../api/src/app.ts";
import { OpenAPIRegistry } from "../../api/src/lib/openapi.ts";
import { createAssistantFeature } from "../../api/src/modules/assistant/assistant.feature.ts";
import { realtimeRelayFeature } from "../../api/src/modules/voice/realtime/realtime-relay.feature.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../../api/src/testing/fake-openai.ts";
import { startFakeRealtime } from "../../api/src/testing/fake-realtime.ts";
import { createDemoTestDatabase, createTestContext } from "../../api/src/testing/test-db.ts";
import { launchChromium, openPhonePage } from "./browser.ts";
import { ensureMiniAppBuilt, MINIAPP_DIST, startTestServer, type TestServer } from "./server.ts";

/** 48 kHz mono PCM: `speech` seconds of a syllable-like voiced sound, then `silence` seconds of silence. */
function utteranceWav(speech: number, silence: number): Buffer {
  const rate = 48_000;
  const total = Math.round((speech + silence) * rate);
  const wav = Buffer.alloc(44 + total * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + total * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(total * 2, 40);
  for (let i = 0; i < speech * rate; i++) {
    const time = i / rate;
    // A 140 Hz voice with harmonics, its loudness rising and falling four times a second like syllables.
    const voice =
      Math.sin(2 * Math.PI * 140 * time) +
      0.5 * Math.sin(2 * Math.PI * 280 * time) +
      0.3 * Math.sin(2 * Math.PI * 700 * time);
    const syllables = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * time);
    wav.writeInt16LE(Math.round(9000 * voice * syllables), 44 + i * 2);
  }
  return wav;
}

const LONG_ANSWER =
  "Завтра по графику одиннадцать домов. Первая уборка на улице Ленина, дом пять, затем Московская, дом двенадцать, и дальше по списку в приложении.";

let dir: string;
let browser: Browser;
let fake: FakeOpenAI;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "voice-live-"));
  const wav = path.join(dir, "microphone.wav");
  writeFileSync(wav, utteranceWav(1.2, 3.5));
  fake = await startFakeOpenAI({
    behaviour: { transcribe: () => "какие дома у нас завтра", chat: () => ({ content: LONG_ANSWER }) },
  });
  const [launched, started] = await Promise.all([
    launchChromium([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}`,
      "--autoplay-policy=no-user-gesture-required",
    ]),
    startTestServer({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl }),
    ensureMiniAppBuilt(),
  ]);
  browser = launched;
  server = started;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every state the hands-free control shows, in order, recorded inside the page. */
async function recordStates(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { voiceStates: string[] }).voiceStates = seen;
    new MutationObserver(() => {
      const state = document.querySelector("[data-testid=handsfree-state]")?.getAttribute("data-state");
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(document, { subtree: true, attributes: true, childList: true });
  });
}

const statesOf = (page: Page) => page.evaluate(() => (window as unknown as { voiceStates: string[] }).voiceStates);

describe("hands-free conversation on the assistant page", () => {
  it("listens, thinks, speaks and listens again; speaking over the answer stops it; minimising stops the microphone", async () => {
    const page = await openPhonePage(browser);
    await recordStates(page);
    const assets: string[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith(".js"))
        void response.text().then(
          (body) => assets.push(body),
          () => undefined,
        );
    });
    await page.goto(`${server.url}/assistant`);
    await page.getByTestId("handsfree-toggle").click();
    await page.getByTestId("handsfree-state").and(page.locator("[data-state=listening]")).waitFor();
    await page.getByTestId("chat-question").getByText("какие дома у нас завтра").waitFor({ timeout: 30_000 });
    await page.getByTestId("chat-answer").getByText("одиннадцать домов").waitFor({ timeout: 30_000 });
    await page.locator("[data-testid=handsfree-state][data-state=speaking]").waitFor({ timeout: 30_000 });
    // The file's next utterance arrives while the answer plays: the answer stops and the page listens again.
    await page.locator("[data-testid=handsfree-state]:not([data-barge-ins='0'])").waitFor({ timeout: 30_000 });
    const states = await statesOf(page);
    expect(states.slice(0, 4)).toEqual(["off", "starting", "listening", "thinking"]);
    expect(states).toContain("speaking");
    expect(states[states.indexOf("speaking") + 1]).toBe("listening");
    expect(fake.transcriptions.length).toBeGreaterThanOrEqual(1);
    expect(fake.transcriptions[0]!.buffer.subarray(0, 4).toString()).toBe("OggS");

    // Minimised: the microphone goes off, the conversation stays on the page.
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await page.locator("[data-testid=handsfree-state][data-state=paused]").waitFor();
    await page.getByTestId("handsfree-notice").getByText("микрофон выключен", { exact: false }).waitFor();
    expect(await page.getByTestId("chat-question").count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("handsfree-toggle").textContent()).toBe("Продолжить разговор");
    expect(assets.length).toBeGreaterThan(0);
    for (const body of assets) expect(body).not.toContain(fake.apiKey);
    await page.context().close();
  }, 120_000);

  it("says so in Russian when the microphone is refused, and offers text when recognition is not set up", async () => {
    const denied = await openPhonePage(browser, {
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    });
    await denied.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
    });
    await denied.goto(`${server.url}/assistant`);
    await denied.getByTestId("handsfree-toggle").click();
    await denied
      .getByTestId("handsfree-notice")
      .getByText("Настройки → Telegram → Микрофон", { exact: false })
      .waitFor();
    expect(await denied.locator("[data-testid=handsfree-state]").getAttribute("data-state")).toBe("off");
    await denied.context().close();

    const noStt = await openPhonePage(browser);
    await noStt.route("**/api/voice/capabilities", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ stt: false, realtime: false }) }),
    );
    await noStt.goto(`${server.url}/assistant`);
    await noStt
      .getByTestId("handsfree-unavailable")
      .getByText("Распознавание речи не настроено", { exact: false })
      .waitFor();
    await noStt.getByRole("button", { name: "Написать текстом" }).click();
    expect(await noStt.evaluate(() => document.activeElement?.id)).toBe("assistant-question");
    await noStt.context().close();
  }, 60_000);
});

describe("live conversation («Разговор онлайн») against the fake Realtime server", () => {
  it("offers it when a Realtime model is configured, posts the offer with the client secret, falls back to the relay and shows both sides", async () => {
    const key = "sk-live-server-key-never-in-the-browser";
    const realtime = await startFakeRealtime({
      apiKey: key,
      behaviour: {
        respond: ({ toolOutputs }) =>
          toolOutputs.length === 0
            ? { call: { name: "get_day_stats", arguments: {} } }
            : { say: `Сегодня уборок: ${JSON.parse(toolOutputs[0]!).total}.` },
      },
    });
    const db = await createDemoTestDatabase("2026-11-26");
    const ctx = createTestContext(db, {
      OPENAI_REALTIME_MODEL: "gpt-realtime",
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: realtime.baseUrl,
    });
    const registry = new OpenAPIRegistry();
    const deps = { ctx, hasVector: false, registry, scheduler: undefined as never };
    const features = [
      await createAssistantFeature({ voice: { tts: "offline" } })(deps),
      await realtimeRelayFeature(deps),
    ];
    const { app } = createApp({
      ctx,
      hasVector: false,
      registry,
      miniAppDir: MINIAPP_DIST,
      apiRouters: features.flatMap((feature) => feature.apiRouters ?? []),
      publicRoutes: features.flatMap((feature) => feature.publicRoutes ?? []),
    });
    const listening = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => listening.once("listening", resolve));
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const page = await openPhonePage(browser);
    try {
      await page.goto(`${url}/assistant`);
      await page.getByTestId("live-toggle").click();
      await page.locator("[data-testid=live-state][data-transport=relay]").waitFor({ timeout: 20_000 });
      // WebRTC was tried first, with the short-lived secret: the fake answers no usable SDP, so the relay took over.
      expect(realtime.callRequests.length).toBe(1);
      expect(realtime.callRequests[0]!.authorization).toMatch(/^Bearer ek_/);
      expect(realtime.callRequests[0]!.sdp).toMatch(/^v=0/);
      await page.getByTestId("chat-question").getByText("какие дома у нас завтра").waitFor({ timeout: 30_000 });
      await page
        .getByTestId("chat-answer")
        .getByText(/^Помощник: Сегодня уборок: \d+\.$/)
        .waitFor({ timeout: 30_000 });
      expect(realtime.clientEvents.some((event) => event.type === "input_audio_buffer.append")).toBe(true);
      const html = await (await fetch(`${url}/assistant`)).text();
      expect(html).not.toContain(key);
      await page.getByTestId("live-toggle").click();
      await page.locator("[data-testid=live-state][data-state=off]").waitFor();
      const saved = await db.prisma.assistantMessage.findMany({ orderBy: { id: "asc" } });
      expect(saved.map((message) => message.role)).toEqual(["user", "assistant"]);
    } finally {
      await page.context().close();
      listening.closeAllConnections();
      await new Promise((resolve) => listening.close(resolve));
      await db.close();
      await realtime.close();
    }
  }, 120_000);
});
