import { afterEach, describe, expect, it, vi } from "vitest";
import { applyThemeFromUrl, initDataInUrl, mayBeInTelegram } from "./platform.ts";

// A minimal window: these checks read only the URL, sessionStorage, the bridge objects and the frame parent.
function openPage(url: string, extra: Record<string, unknown> = {}, storageKeys: string[] = []) {
  const location = new URL(url);
  const page: Record<string, unknown> = {
    location: { href: location.href, hash: location.hash, search: location.search },
    sessionStorage: { length: storageKeys.length, key: (index: number) => storageKeys[index] ?? null },
    ...extra,
  };
  page.parent = page;
  vi.stubGlobal("window", page);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("is this Telegram?", () => {
  it("a plain browser page is not, so the SDK is never loaded there", () => {
    openPage("https://ops.example.com/works?brigade=2#top");
    expect(mayBeInTelegram()).toBe(false);
    expect(initDataInUrl()).toBeUndefined();
  });

  it("launch parameters in the URL mean Telegram, and initData is read from them", () => {
    const initData = "user=%7B%22id%22%3A1%7D&auth_date=1&hash=abc";
    openPage(`https://ops.example.com/dashboard#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`);
    expect(mayBeInTelegram()).toBe(true);
    expect(initDataInUrl()).toBe(initData);
  });

  it("after an in-app navigation the SDK's saved launch parameters or the native bridge still mean Telegram", () => {
    openPage("https://ops.example.com/works", {}, ["tapps/launchParams"]);
    expect(mayBeInTelegram()).toBe(true);
    openPage("https://ops.example.com/works", { TelegramWebviewProxy: { postEvent: () => undefined } });
    expect(mayBeInTelegram()).toBe(true);
  });
});

describe("Telegram's theme from the URL", () => {
  it("sets the same --tg-theme-* variables the SDK binds, skipping values that are not colours", () => {
    const theme = { bg_color: "#17212b", secondary_bg_color: "#0e1621", text_color: "red" };
    openPage(`https://ops.example.com/dashboard#tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(theme))}`);
    const setProperty = vi.fn();
    vi.stubGlobal("document", { documentElement: { style: { setProperty } } });
    applyThemeFromUrl();
    expect(setProperty.mock.calls).toEqual([
      ["--tg-theme-bg-color", "#17212b"],
      ["--tg-theme-secondary-bg-color", "#0e1621"],
    ]);
  });
});
