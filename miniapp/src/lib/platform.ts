// What the app asks of its host (Telegram or a plain browser), without loading the Telegram SDK. Components call
// these; inside Telegram, lib/telegram.ts installs the SDK-backed versions at start. A plain browser never
// downloads or runs the SDK, and the app works the same there.

export interface LaunchInfo {
  /** True when Telegram's launch parameters were found (inside Telegram, or a page opened with them). */
  isTelegram: boolean;
  /** The raw initData string to send as `Authorization: tma <initDataRaw>`. */
  initDataRaw?: string;
}

export interface HostActions {
  /** Tells the host the first screen is drawn (Telegram hides its placeholder). */
  signalReady(): void;
  hapticTap(): void;
  hapticSelection(): void;
  /** Opens an outside link (Bitrix24). */
  openExternalLink(url: string): void;
  /** Shows a Back control while a sub-view is open; returns the cleanup that hides it again. */
  showBackButton(onBack: () => void): () => void;
}

let launch: LaunchInfo = { isTelegram: false };

const browserActions: HostActions = {
  signalReady: () => undefined,
  hapticTap: () => undefined,
  hapticSelection: () => undefined,
  openExternalLink: (url) => void window.open(url, "_blank", "noopener,noreferrer"),
  // Escape, the × button and the backdrop close modals in a browser.
  showBackButton: () => () => undefined,
};
let actions: HostActions = browserActions;

export const getLaunchInfo = (): LaunchInfo => launch;

export function installHost(info: LaunchInfo, hostActions?: Partial<HostActions>): void {
  launch = info;
  actions = { ...browserActions, ...hostActions };
}

/**
 * Whether this page may be running inside Telegram, so the SDK must be loaded to find out. Deliberately generous:
 * launch parameters in the URL (how Telegram opens a Mini App), the copy the SDK keeps in sessionStorage after an
 * in-app navigation, a native bridge object, or an iframe (Telegram Web). Only a page with none of these is
 * treated as a plain browser.
 */
export function mayBeInTelegram(): boolean {
  if (/[#?&]tgWebApp/.test(window.location.href)) return true;
  try {
    for (let index = 0; index < window.sessionStorage.length; index += 1) {
      if (/launchParams/i.test(window.sessionStorage.key(index) ?? "")) return true;
    }
  } catch {
    // Storage can be disabled; the other signs still count.
  }
  const host = window as unknown as { TelegramWebviewProxy?: unknown; external?: { notify?: unknown } };
  return Boolean(host.TelegramWebviewProxy) || typeof host.external?.notify === "function" || window.parent !== window;
}

/** Telegram's initData as the client put it in the URL (`tgWebAppData`), when it is there. */
export function initDataInUrl(): string | undefined {
  for (const part of [window.location.hash.slice(1), window.location.search.slice(1)]) {
    const value = new URLSearchParams(part).get("tgWebAppData");
    if (value) return value;
  }
  return undefined;
}

/**
 * Telegram's theme as the client put it in the URL (`tgWebAppThemeParams`), applied to the same --tg-theme-*
 * variables the SDK binds, so the first paint is already in Telegram's colours before the SDK has loaded.
 */
export function applyThemeFromUrl(): void {
  for (const part of [window.location.hash.slice(1), window.location.search.slice(1)]) {
    const raw = new URLSearchParams(part).get("tgWebAppThemeParams");
    if (!raw) continue;
    try {
      for (const [key, value] of Object.entries(JSON.parse(raw) as Record<string, unknown>)) {
        if (typeof value === "string" && /^#[\da-f]{6}$/i.test(value)) {
          document.documentElement.style.setProperty(`--tg-theme-${key.replace(/_/g, "-")}`, value);
        }
      }
    } catch {
      // A malformed theme: the SDK (or the system scheme) provides the colours.
    }
    return;
  }
}

let reportShown: () => void = () => undefined;
const firstScreen = new Promise<void>((resolve) => {
  reportShown = resolve;
});

/** Pages call this once their first real content (data, an error, "no access") is on screen. */
export function reportFirstScreen(): void {
  reportShown();
}

/** Resolves when the first screen is shown, or after `maxWaitMs` whatever happens. */
export const firstScreenShown = (maxWaitMs = 1500): Promise<void> =>
  Promise.race([firstScreen, new Promise<void>((resolve) => setTimeout(resolve, maxWaitMs))]);

export const signalReady = () => actions.signalReady();
export const hapticTap = () => actions.hapticTap();
export const hapticSelection = () => actions.hapticSelection();
export const openExternalLink = (url: string) => actions.openExternalLink(url);
export const showBackButton = (onBack: () => void) => actions.showBackButton(onBack);
