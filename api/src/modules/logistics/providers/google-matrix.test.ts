import { afterEach, describe, expect, it } from "vitest";
import { startFakeGoogleRoutes, type FakeGoogleRoutes } from "../testing/fake-google-routes.ts";
import { startFakeOsrm } from "../testing/fake-osrm.ts";
import { randomKalugaPoints } from "../testing/random-instances.ts";
import { fetchOsrmMatrix } from "./osrm-matrix.ts";
import { fetchGoogleMatrix } from "./google-matrix.ts";
import { RoutingProviderError } from "./provider-error.ts";

let fake: FakeGoogleRoutes | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RoutingProviderError);
  return error as RoutingProviderError;
};

describe("Google computeRouteMatrix provider against the fake Routes API", () => {
  it("reads elements by their indices whatever their order, zeros left out included", async () => {
    fake = await startFakeGoogleRoutes();
    const points = randomKalugaPoints(11, 7);
    const matrix = await fetchGoogleMatrix(points, { apiKey: fake.apiKey, url: fake.url });
    expect(fake.requests).toEqual([
      {
        origins: 7,
        destinations: 7,
        fieldMask: "originIndex,destinationIndex,status,condition,distanceMeters,duration",
        travelMode: "DRIVE",
      },
    ]);
    const osrm = await startFakeOsrm();
    const reference = await fetchOsrmMatrix(points, { baseUrl: osrm.url });
    await osrm.close();
    for (let i = 0; i < 7; i += 1) {
      for (let j = 0; j < 7; j += 1) {
        expect(matrix.km[i]![j]).toBeCloseTo(reference.km[i]![j]!, 2);
        expect(matrix.minutes[i]![j]).toBeCloseTo(reference.minutes[i]![j]!, 1);
      }
    }
    expect(matrix).toMatchObject({ source: "google", estimatedPairs: 0 });
  });

  it("keeps every request within 625 elements on a 41-point day", async () => {
    fake = await startFakeGoogleRoutes();
    const matrix = await fetchGoogleMatrix(randomKalugaPoints(12, 41), { apiKey: fake.apiKey, url: fake.url });
    expect(fake.requests.map((r) => r.origins * r.destinations)).toEqual([615, 615, 451]);
    expect(matrix.minutes.flat().filter((v) => v > 0)).toHaveLength(41 * 40);
  });

  it("gets the real limit error when the client's limit is set above the server's", async () => {
    fake = await startFakeGoogleRoutes({ maxElements: 100 });
    const error = await failureOf(
      fetchGoogleMatrix(randomKalugaPoints(13, 11), { apiKey: fake.apiKey, url: fake.url }),
    );
    expect(error).toMatchObject({ failure: "bad_request", upstreamStatus: 400, upstreamCode: "INVALID_ARGUMENT" });
  });

  it("refuses without a key (403 PERMISSION_DENIED) and with a wrong one, never echoing the key", async () => {
    fake = await startFakeGoogleRoutes();
    const missing = await failureOf(fetchGoogleMatrix(randomKalugaPoints(14, 3), { apiKey: "", url: fake.url }));
    expect(missing).toMatchObject({
      failure: "auth",
      upstreamStatus: 403,
      upstreamCode: "PERMISSION_DENIED",
      userMessage: "Google Maps: отклонил ключ доступа",
    });
    const wrong = await failureOf(
      fetchGoogleMatrix(randomKalugaPoints(14, 3), { apiKey: "AIza-wrong-key-123", url: fake.url }),
    );
    expect(wrong).toMatchObject({ failure: "auth", upstreamStatus: 400 });
    expect(JSON.stringify({ ...wrong, message: wrong.message })).not.toContain("AIza-wrong-key-123");
  });

  it("fills ROUTE_NOT_FOUND cells with the offline estimate", async () => {
    const points = randomKalugaPoints(15, 5);
    fake = await startFakeGoogleRoutes({ isolated: [points[4]!] });
    const matrix = await fetchGoogleMatrix(points, { apiKey: fake.apiKey, url: fake.url });
    expect(matrix.estimatedPairs).toBe(8);
  });

  it("maps 429 RESOURCE_EXHAUSTED, 5xx, HTML answers and a hanging server to honest failures", async () => {
    fake = await startFakeGoogleRoutes();
    const points = randomKalugaPoints(16, 3);
    const options = { apiKey: fake.apiKey, url: fake.url, timeoutMs: 100 };
    fake.faults.status = 429;
    fake.faults.body = {
      error: { code: 429, message: "Quota exceeded for quota metric 'Elements'", status: "RESOURCE_EXHAUSTED" },
    };
    expect(await failureOf(fetchGoogleMatrix(points, options))).toMatchObject({
      failure: "rate_limited",
      upstreamCode: "RESOURCE_EXHAUSTED",
    });
    fake.faults.status = 500;
    fake.faults.body = { error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" } };
    expect(await failureOf(fetchGoogleMatrix(points, options))).toMatchObject({ failure: "server" });
    fake.faults.status = undefined;
    fake.faults.isGarbled = true;
    expect(await failureOf(fetchGoogleMatrix(points, options))).toMatchObject({ failure: "protocol" });
    fake.faults.isGarbled = false;
    fake.faults.delayMs = 5_000;
    expect(await failureOf(fetchGoogleMatrix(points, options))).toMatchObject({ failure: "timeout" });
  });
});
