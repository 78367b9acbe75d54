// Boot: a small first chunk decides whether this is Telegram (loading the SDK only then), starts the open page's
// request right away, and brings in React and the app shell, which the HTML already preloads in parallel.
import "./index.css";
import { mayBeInTelegram } from "./lib/platform.ts";
import { preloadRoute } from "./lib/preload.ts";

// If the SDK cannot load, the app still starts: the API then answers "no access" and says why.
const host = mayBeInTelegram()
  ? import("./lib/telegram.ts").then((telegram) => telegram.initTelegram()).catch((error: unknown) => console.error(error))
  : Promise.resolve();

// Requests must carry Telegram's initData, so they wait for the host check (instant in a plain browser).
void host.then(() => {
  preloadRoute();
  return import("./render.tsx");
});
