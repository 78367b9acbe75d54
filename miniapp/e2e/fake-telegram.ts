// A stand-in for the Telegram client around the Mini App: it records every event the app posts through
// window.TelegramWebviewProxy (how Telegram's mobile and desktop clients receive them) and answers the requests
// the SDK waits for, as a client would.
import type { Page } from "playwright-core";

export type PostedEvent = [type: string, data: Record<string, unknown> | null];

/** The page's window as these helpers see it (this file is also type-checked without the DOM library). */
interface FakeClientWindow {
  __telegramEvents: PostedEvent[];
  innerHeight: number;
  innerWidth: number;
  Telegram?: { WebView?: { receiveEvent(type: string, data?: unknown): void } };
}

export async function installFakeTelegramClient(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const host = globalThis as unknown as FakeClientWindow;
    const answers: Record<string, [string, unknown]> = {
      web_app_request_viewport: [
        "viewport_changed",
        { height: host.innerHeight, width: host.innerWidth, is_expanded: true, is_state_stable: true },
      ],
      web_app_request_safe_area: ["safe_area_changed", { top: 0, bottom: 24, left: 0, right: 0 }],
      web_app_request_content_safe_area: ["content_safe_area_changed", { top: 0, bottom: 0, left: 0, right: 0 }],
    };
    host.__telegramEvents = [];
    Object.defineProperty(host, "TelegramWebviewProxy", {
      value: {
        postEvent(type: string, data?: string) {
          host.__telegramEvents.push([type, data ? JSON.parse(data) : null]);
          const answer = answers[type];
          if (answer) setTimeout(() => host.Telegram?.WebView?.receiveEvent(answer[0], answer[1]), 0);
        },
      },
    });
  });
}

export const postedEvents = (page: Page): Promise<PostedEvent[]> =>
  page.evaluate(() => (globalThis as unknown as FakeClientWindow).__telegramEvents);

/** The last data the app posted with an event of this type, or undefined. */
export async function lastPosted(page: Page, type: string): Promise<Record<string, unknown> | null | undefined> {
  const events = await postedEvents(page);
  return events.filter(([name]) => name === type).at(-1)?.[1];
}

/** Delivers an event from "Telegram" to the app (a press of the native BackButton, a theme change ...). */
export const sendTelegramEvent = (page: Page, type: string, data?: unknown) =>
  page.evaluate(
    ([name, payload]) =>
      (globalThis as unknown as FakeClientWindow).Telegram?.WebView?.receiveEvent(name as string, payload),
    [type, data] as const,
  );
