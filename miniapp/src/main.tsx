// Boot: a small first chunk finds Telegram's launch data and starts the open page's request right away; React
// and the app shell arrive in a second chunk that downloads and compiles while the server answers.
import "./index.css";
import { preloadRoute } from "./lib/preload.ts";
import { initTelegram } from "./lib/telegram.ts";

initTelegram();
preloadRoute();
void import("./render.tsx");
