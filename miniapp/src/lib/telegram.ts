// The Telegram SDK adapter, loaded only when the page may be inside Telegram (see platform.ts). Every SDK call is
// checked with isAvailable() and wrapped in try/catch: a page opened with launch parameters but without the
// native bridge (a test, a forwarded link in a browser) gets "not available" or a thrown error, and neither may
// break the app.
import {
  backButton,
  hapticFeedback,
  init,
  miniApp,
  openLink,
  retrieveRawInitData,
  themeParams,
  viewport,
} from "@telegram-apps/sdk-react";
import { type HostActions, installHost } from "./platform.ts";

function safely(action: () => unknown): void {
  try {
    const result = action();
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Not inside Telegram, or this client is too old for the method: the app works without it.
  }
}

const telegramActions: HostActions = {
  signalReady() {
    safely(() => {
      if (miniApp.ready.isAvailable()) miniApp.ready();
    });
  },
  hapticTap() {
    safely(() => {
      if (hapticFeedback.impactOccurred.isAvailable()) hapticFeedback.impactOccurred("light");
    });
  },
  hapticSelection() {
    safely(() => {
      if (hapticFeedback.selectionChanged.isAvailable()) hapticFeedback.selectionChanged();
    });
  },
  openExternalLink(url) {
    try {
      if (openLink.isAvailable()) return openLink(url);
    } catch {
      // Fall through to the browser.
    }
    window.open(url, "_blank", "noopener,noreferrer");
  },
  showBackButton(onBack) {
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
  },
};

/** Reads the launch parameters and, when Telegram's are there, mounts the SDK parts the app uses. */
export function initTelegram(): void {
  let initDataRaw: string | undefined;
  try {
    initDataRaw = retrieveRawInitData();
  } catch {
    initDataRaw = undefined;
  }
  if (initDataRaw === undefined) return; // Not Telegram after all: the browser defaults stay.
  installHost({ isTelegram: true, initDataRaw }, telegramActions);

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
}
