// HTTP hardening: helmet's headers with a Content-Security-Policy that still lets Telegram's web clients embed
// the mini-app (frame-ancestors; no X-Frame-Options, which would refuse every frame but our own origin).
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { AppConfig } from "../config.ts";

/** Telegram Web (K and A at web.telegram.org) shows mini-apps in an iframe; the apps use a native web view. */
export const TELEGRAM_FRAME_ANCESTORS = ["https://web.telegram.org", "https://*.telegram.org"];

const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/** The security headers of every response. */
export function createSecurityHeaders(config: AppConfig): RequestHandler {
  // Voice and live transcription talk to the OpenAI-compatible server straight from the browser (WebRTC SDP, WebSocket).
  const openai = originOf(config.openai.baseUrl) ?? "https://api.openai.com";
  const openaiSocket = openai.replace(/^http/, "ws");
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and the chart library set style attributes; Telegram's theme arrives as CSS variables.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Map tiles (OpenStreetMap), photos as blobs and data URLs.
        imgSrc: ["'self'", "data:", "blob:", "https:"],
        mediaSrc: ["'self'", "blob:", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'", openai, openaiSocket],
        workerSrc: ["'self'", "blob:"],
        frameAncestors: ["'self'", ...TELEGRAM_FRAME_ANCESTORS],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // X-Frame-Options cannot name Telegram's origin: frame-ancestors above is the rule browsers follow.
    frameguard: false,
    // The mini-app loads no cross-origin resources that send CORP headers; requiring them would break map tiles.
    crossOriginEmbedderPolicy: false,
    // Served to Telegram's web client in a frame and to other origins allowed by CORS_ORIGINS.
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
}
