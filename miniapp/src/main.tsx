// Boot: a small first chunk decides whether this is Telegram (loading the SDK only then), starts the open page's
// request right away, and brings in React and the app shell, which the HTML already preloads in parallel.
import "./index.css";
import { initDataInUrl, installHost, mayBeInTelegram } from "./lib/platform.ts";
import { preloadRoute } from "./lib/preload.ts";

// Telegram puts initData in the URL: with it the first request can leave before the SDK has even run.
const urlInitData = initDataInUrl();
if (urlInitData) {
  installHost({ isTelegram: true, initDataRaw: urlInitData });
  preloadRoute();
}

// If the SDK cannot load, the app still starts: the API then answers "no access" and says why.
const host = mayBeInTelegram()
  ? import("./lib/telegram.ts").then((telegram) => telegram.initTelegram()).catch((error: unknown) => console.error(error))
  : Promise.resolve();

// The shell renders once the host is known, so Telegram's theme is bound before the first paint.
void host.then(() => {
  if (!urlInitData) preloadRoute();
  return import("./render.tsx");
});
