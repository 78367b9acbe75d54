import { afterEach, describe, expect, it } from "vitest";
import { offlineMatrix } from "../offline-matrix.ts";
import { startFakeOsrm, type FakeOsrm } from "../testing/fake-osrm.ts";
import { randomKalugaPoints } from "../testing/random-instances.ts";
import { fetchOsrmMatrix } from "./osrm-matrix.ts";
import { RoutingProviderError } from "./provider-error.ts";

let fake: FakeOsrm | undefined;
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

describe("OSRM table provider against the fake osrm-routed", () => {
  it("turns seconds and metres into minutes and km, rows being origins", async () => {
    fake = await startFakeOsrm();
    const points = randomKalugaPoints(1, 6);
    const matrix = await fetchOsrmMatrix(points, { baseUrl: fake.url });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatch(
      /^\/table\/v1\/driving\/[\d.]+,[\d.]+(;[\d.]+,[\d.]+){5}\?annotations=duration,distance$/,
    );
    const straight = offlineMatrix(points, { roadFactor: 1, speedKmh: 30 });
    for (let i = 0; i < 6; i += 1) {
      expect(matrix.minutes[i]![i]).toBe(0);
      for (let j = 0; j < 6; j += 1) {
        if (i === j) continue;
        const eastward = points[j]!.lon > points[i]!.lon ? 1.06 : 1;
        expect(matrix.km[i]![j]).toBeCloseTo(straight.km[i]![j]! * 1.3 * eastward, 2);
        expect(matrix.minutes[i]![j]).toBeCloseTo((matrix.km[i]![j]! / 30) * 60, 2);
      }
    }
    expect(matrix).toMatchObject({ size: 6, source: "osrm", estimatedPairs: 0 });
  });

  it("splits a day larger than the server's table size into blocks and assembles the same matrix", async () => {
    fake = await startFakeOsrm({ maxTableSize: 10 });
    const points = randomKalugaPoints(2, 25);
    const blocked = await fetchOsrmMatrix(points, { baseUrl: `${fake.url}/`, maxTableSize: 10 });
    expect(fake.requests).toHaveLength(9);
    const offDiagonal = fake.requests.filter((path) => path.includes("sources="));
    expect(offDiagonal).toHaveLength(6);
    expect(offDiagonal[0]).toContain("sources=0;1;2;3;4;5;6;7;8;9&destinations=10;11;");
    await fake.close();
    fake = await startFakeOsrm({ maxTableSize: 100 });
    const whole = await fetchOsrmMatrix(points, { baseUrl: fake.url });
    expect(blocked.minutes).toEqual(whole.minutes);
    expect(blocked.km).toEqual(whole.km);
  });

  it("reports the server's TooBig when its table limit is smaller than the client believes", async () => {
    fake = await startFakeOsrm({ maxTableSize: 10 });
    const error = await failureOf(fetchOsrmMatrix(randomKalugaPoints(3, 11), { baseUrl: fake.url }));
    expect(error).toMatchObject({
      failure: "too_big",
      upstreamStatus: 400,
      upstreamCode: "TooBig",
      userMessage: "OSRM: слишком много точек в запросе",
    });
  });

  it("reports a house off the map extract as NoSegment", async () => {
    fake = await startFakeOsrm({ extract: { centre: { lat: 54.5138, lon: 36.2612 }, radiusKm: 30 } });
    const points = [...randomKalugaPoints(4, 3), { lat: 55.7558, lon: 37.6173 }];
    const error = await failureOf(fetchOsrmMatrix(points, { baseUrl: fake.url }));
    expect(error).toMatchObject({ failure: "no_route", upstreamCode: "NoSegment" });
    expect(error.message).toContain("Could not find a matching segment for coordinate 3");
  });

  it("fills the pairs no road joins with the offline estimate and counts them", async () => {
    const points = randomKalugaPoints(5, 4);
    fake = await startFakeOsrm({ isolated: [points[2]!] });
    const matrix = await fetchOsrmMatrix(points, { baseUrl: fake.url });
    expect(matrix.estimatedPairs).toBe(6);
    expect(matrix.km[0]![2]).toBeCloseTo(offlineMatrix(points).km[0]![2]!, 9);
  });

  it("says rate limited on HTTP 429 and server error on 5xx", async () => {
    fake = await startFakeOsrm();
    fake.faults.status = 429;
    fake.faults.body = { message: "Too Many Requests" };
    expect(await failureOf(fetchOsrmMatrix(randomKalugaPoints(6, 3), { baseUrl: fake.url }))).toMatchObject({
      failure: "rate_limited",
      upstreamStatus: 429,
    });
    fake.faults.status = 503;
    expect(await failureOf(fetchOsrmMatrix(randomKalugaPoints(6, 3), { baseUrl: fake.url }))).toMatchObject({
      failure: "server",
    });
  });

  it("says protocol error when a proxy answers with HTML", async () => {
    fake = await startFakeOsrm();
    fake.faults.isGarbled = true;
    expect(await failureOf(fetchOsrmMatrix(randomKalugaPoints(6, 3), { baseUrl: fake.url }))).toMatchObject({
      failure: "protocol",
    });
  });

  it("gives up at the deadline with a timeout, and rethrows the caller's own cancellation", async () => {
    fake = await startFakeOsrm();
    fake.faults.delayMs = 5_000;
    const timedOut = await failureOf(fetchOsrmMatrix(randomKalugaPoints(7, 3), { baseUrl: fake.url, timeoutMs: 50 }));
    expect(timedOut).toMatchObject({ failure: "timeout", userMessage: "OSRM: не ответил вовремя" });
    const controller = new AbortController();
    const pending = fetchOsrmMatrix(randomKalugaPoints(7, 3), { baseUrl: fake.url, signal: controller.signal });
    controller.abort(new Error("client went away"));
    await expect(pending).rejects.toThrow("client went away");
  });

  it("sends OSRM_URL credentials as basic auth, not in the URL", async () => {
    fake = await startFakeOsrm();
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(`${String(input)} ${new Headers(init?.headers).get("authorization")}`);
      return fetch(input, init);
    };
    await fetchOsrmMatrix(randomKalugaPoints(8, 2), {
      baseUrl: fake.url.replace("http://", "http://osrm:p%40ss@"),
      fetch: spy,
    });
    expect(seen[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/table\/v1\/driving\/\S+ Basic b3NybTpwQHNz$/);
  });

  it("says network error when nothing listens, and keeps credentials out of the message", async () => {
    fake = await startFakeOsrm();
    const url = fake.url.replace("http://", "http://user:secret@");
    await fake.close();
    fake = undefined;
    const error = await failureOf(fetchOsrmMatrix(randomKalugaPoints(8, 3), { baseUrl: url, timeoutMs: 2_000 }));
    expect(error.failure).toBe("network");
    expect(error.message).not.toContain("secret");
  });
});
