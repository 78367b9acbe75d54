// Boot: a small first chunk starts the open page's request at once, then React and the app shell (which the HTML
// preloads in parallel). Telegram puts initData and the theme in the URL, so the first screen needs nothing from
// the SDK: it loads right after that screen. A plain browser never loads it.
import "./index.css";
import {
  applyThemeFromUrl,
  firstScreenShown,
  initDataInUrl,
  installHost,
  mayBeInTelegram,
  signalReady,
} from "./lib/platform.ts";
import { preloadRoute } from "./lib/preload.ts";

const urlInitData = initDataInUrl();
if (urlInitData) {
  installHost({ isTelegram: true, initDataRaw: urlInitData });
  applyThemeFromUrl();
  preloadRoute();
}

// If the SDK cannot load, the app still runs: requests then go without Telegram's data and the API says why.
const loadSdk = () =>
  import("./lib/telegram.ts")
    .then((telegram) => telegram.initTelegram())
    .catch((error: unknown) => console.error(error));

// Without launch parameters in the URL (a reload after in-app navigation) only the SDK knows initData: it goes first.
const isSdkFirst = !urlInitData && mayBeInTelegram();
const host = isSdkFirst ? loadSdk() : Promise.resolve();
void host.then(() => {
  if (!urlInitData) preloadRoute();
  return import("./render.tsx");
});

// Telegram hides its loading placeholder on ready(): once the first screen is really there. On slow 3G that takes
// seconds, and the SDK's 18 KB must not share the line with it; without ready() Telegram shows the page once it
// has loaded anyway, so the wait may be long.
void firstScreenShown(8000).then(async () => {
  if (urlInitData) await loadSdk();
  signalReady();
});
