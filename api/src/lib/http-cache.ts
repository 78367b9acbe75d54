// Repeat visits of the mini-app on a slow network: every API read may be kept by the phone and is revalidated
// each time. Express already gives res.json() answers an ETag and turns a matching If-None-Match into an empty
// 304; this says the browser (and the service worker's fetch) may keep the answer and must ask before reusing it.
import type { RequestHandler } from "express";

/**
 * `Cache-Control: private, no-cache` on API reads unless the route sets its own (health and acts say no-store).
 * No `Vary: Authorization`: Telegram signs a new initData at every launch, so it would never match, and the
 * server computes each answer for the caller before comparing ETags, so a 304 never hands one user another's data.
 */
export function revalidateApiReads(): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") res.setHeader("Cache-Control", "private, no-cache");
    next();
  };
}
