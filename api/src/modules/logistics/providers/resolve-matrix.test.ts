import { afterEach, describe, expect, it } from "vitest";
import { startFakeGoogleRoutes, type FakeGoogleRoutes } from "../testing/fake-google-routes.ts";
import { startFakeOsrm, type FakeOsrm } from "../testing/fake-osrm.ts";
import { randomKalugaPoints } from "../testing/random-instances.ts";
import { resolveMatrix } from "./resolve-matrix.ts";

let osrm: FakeOsrm | undefined;
let google: FakeGoogleRoutes | undefined;
afterEach(async () => {
  await osrm?.close();
  await google?.close();
  osrm = google = undefined;
});

const points = randomKalugaPoints(21, 5);

function captureLogs() {
  const lines: string[] = [];
  return {
    lines,
    logger: { warn: (details: object, message: string) => void lines.push(JSON.stringify({ details, message })) },
  };
}

describe("resolveMatrix", () => {
  it("is offline with no provider configured, and says nothing about a fallback", async () => {
    const resolved = await resolveMatrix(points);
    expect(resolved.provider).toBe("offline");
    expect(resolved.fallbackReason).toBeUndefined();
  });

  it("uses OSRM when configured, and Google when only its key is", async () => {
    osrm = await startFakeOsrm();
    google = await startFakeGoogleRoutes();
    const both = { osrm: { baseUrl: osrm.url }, google: { apiKey: google.apiKey, url: google.url } };
    expect((await resolveMatrix(points, both)).provider).toBe("osrm");
    expect((await resolveMatrix(points, { google: both.google })).provider).toBe("google");
    expect((await resolveMatrix(points, { ...both, provider: "google" })).matrix.source).toBe("google");
    expect((await resolveMatrix(points, { ...both, provider: "offline" })).provider).toBe("offline");
  });

  it("falls back to offline with a short Russian reason when the provider times out", async () => {
    osrm = await startFakeOsrm();
    osrm.faults.delayMs = 5_000;
    const { lines, logger } = captureLogs();
    const resolved = await resolveMatrix(points, { osrm: { baseUrl: osrm.url }, timeoutMs: 80, logger });
    expect(resolved).toMatchObject({
      provider: "offline",
      fallbackReason: "OSRM не ответил за 1 с — расстояния посчитаны по прямой",
    });
    expect(resolved.matrix.source).toBe("offline");
    expect(lines).toHaveLength(1);
  });

  it("falls back when asked for a provider that is not configured", async () => {
    expect(await resolveMatrix(points, { provider: "google" })).toMatchObject({
      provider: "offline",
      fallbackReason: "Google Maps не настроен (GOOGLE_MAPS_API_KEY) — расстояния посчитаны по прямой",
    });
  });

  it("falls back on a refused key without the key reaching the reason or the log", async () => {
    google = await startFakeGoogleRoutes({ apiKey: "the-right-key" });
    const { lines, logger } = captureLogs();
    const resolved = await resolveMatrix(points, { google: { apiKey: "AIzaSy-secret-0001", url: google.url }, logger });
    expect(resolved).toMatchObject({
      provider: "offline",
      fallbackReason: "Google Maps: отклонил ключ доступа — расстояния посчитаны по прямой",
    });
    expect(lines.join("\n")).toContain("API key not valid");
    expect(lines.join("\n") + resolved.fallbackReason).not.toContain("AIzaSy-secret-0001");
  });

  it("does not fall back when the caller itself cancelled", async () => {
    osrm = await startFakeOsrm();
    osrm.faults.delayMs = 5_000;
    const controller = new AbortController();
    const pending = resolveMatrix(points, { osrm: { baseUrl: osrm.url }, signal: controller.signal });
    controller.abort(new Error("request closed"));
    await expect(pending).rejects.toThrow("request closed");
  });
});
