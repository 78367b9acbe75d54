// Every Telegram SDK call goes through here. Each one is checked with isAvailable() and wrapped in try/catch:
// outside Telegram (a plain browser, a test page with launch params but no native bridge) the SDK either says
// "not available" or throws when it tries to post an event, and neither may break the page.
import {
  backButton,
  hapticFeedback,
  init,
  miniApp,
  openLink as sdkOpenLink,
  retrieveRawInitData,
  themeParams,
  viewport,
} from "@telegram-apps/sdk-react";

export interface LaunchInfo {
  /** True when Telegram's launch parameters were found (inside Telegram, or a page opened with them). */
  isTelegram: boolean;
  /** The raw initData string to send as `Authorization: tma <initDataRaw>`. */
  initDataRaw?: string;
}

let launch: LaunchInfo = { isTelegram: false };

function safely(action: () => unknown): void {
  try {
    const result = action();
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Not inside Telegram, or this client is too old for the method: the app works without it.
  }
}

/** Finds Telegram's launch parameters and, when present, mounts the SDK components the app uses. */
export function initTelegram(): LaunchInfo {
  let initDataRaw: string | undefined;
  try {
    initDataRaw = retrieveRawInitData();
  } catch {
    initDataRaw = undefined;
  }
  launch = { isTelegram: initDataRaw !== undefined, initDataRaw };
  if (!launch.isTelegram) return launch;

  safely(() => init());
  safely(() => {
    if (themeParams.mountSync.isAvailable()) themeParams.mountSync();
    if (themeParams.bindCssVars.isAvailable()) themeParams.bindCssVars();
  });
  safely(() => {
    if (miniApp.mountSync.isAvailable()) miniApp.mountSync();
    if (miniApp.bindCssVars.isAvailable()) miniApp.bindCssVars();
  });
  safely(() => {
    if (backButton.mount.isAvailable()) backButton.mount();
  });
  safely(async () => {
    if (!viewport.mount.isAvailable()) return;
    await viewport.mount();
    if (viewport.bindCssVars.isAvailable()) viewport.bindCssVars();
    if (viewport.expand.isAvailable()) viewport.expand();
  });
  return launch;
}

export const getLaunchInfo = (): LaunchInfo => launch;

/** Tells Telegram the first screen is drawn (it hides its own placeholder). */
export function signalReady(): void {
  safely(() => {
    if (miniApp.ready.isAvailable()) miniApp.ready();
  });
}

export function hapticTap(): void {
  safely(() => {
    if (hapticFeedback.impactOccurred.isAvailable()) hapticFeedback.impactOccurred("light");
  });
}

export function hapticSelection(): void {
  safely(() => {
    if (hapticFeedback.selectionChanged.isAvailable()) hapticFeedback.selectionChanged();
  });
}

/** Opens an outside link (Bitrix24) with Telegram's openLink, or a new browser tab outside Telegram. */
export function openExternalLink(url: string): void {
  try {
    if (sdkOpenLink.isAvailable()) {
      sdkOpenLink(url);
      return;
    }
  } catch {
    // Fall through to the browser.
  }
  window.open(url, "_blank", "noopener,noreferrer");
}

/** Shows Telegram's BackButton while a sub-view is open; returns the cleanup that hides it again. */
export function showBackButton(onBack: () => void): () => void {
  let offClick: (() => void) | undefined;
  safely(() => {
    if (!backButton.show.isAvailable()) return;
    backButton.show();
    offClick = backButton.onClick(onBack);
  });
  return () => {
    safely(() => offClick?.());
    safely(() => {
      if (backButton.hide.isAvailable()) backButton.hide();
    });
  };
}
