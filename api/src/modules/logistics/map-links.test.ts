import { describe, expect, it } from "vitest";
import { buildMapUrls, googleRouteUrls, yandexRouteUrl } from "./map-links.ts";

const point = (i: number) => ({ lat: 54.5 + i / 1000, lon: 36.25 + i / 1000 });
const points = (count: number) => Array.from({ length: count }, (_, i) => point(i));

describe("map links", () => {
  it("opens the whole route by car in Яндекс Карты", () => {
    expect(yandexRouteUrl(points(3))).toBe(
      "https://yandex.ru/maps/?rtext=54.500000,36.250000~54.501000,36.251000~54.502000,36.252000&rtt=auto",
    );
  });

  it("gives Google Maps an origin, a destination and the stops between as waypoints", () => {
    const [url] = googleRouteUrls(points(4));
    const query = new URL(url!).searchParams;
    expect(url!.startsWith("https://www.google.com/maps/dir/?api=1&")).toBe(true);
    expect(query.get("origin")).toBe("54.500000,36.250000");
    expect(query.get("destination")).toBe("54.503000,36.253000");
    expect(query.get("waypoints")).toBe("54.501000,36.251000|54.502000,36.252000");
    expect(query.get("travelmode")).toBe("driving");
  });

  it("splits a long day into parts of at most 9 waypoints that continue where the last ended", () => {
    const route = points(25);
    const urls = googleRouteUrls(route);
    expect(urls).toHaveLength(3);
    const parts = urls.map((url) => new URL(url).searchParams);
    expect(parts.map((q) => (q.get("waypoints") ?? "").split("|").filter(Boolean).length)).toEqual([9, 9, 3]);
    expect(parts[1]!.get("origin")).toBe(parts[0]!.get("destination"));
    expect(parts[2]!.get("destination")).toBe("54.524000,36.274000");
    const visited = parts.flatMap((q, i) => [
      ...(i === 0 ? [q.get("origin")] : []),
      ...(q.get("waypoints") ?? "").split("|").filter(Boolean),
      q.get("destination"),
    ]);
    expect(visited).toEqual(route.map((p) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`));
  });

  it("puts the first part in mapUrls.google and every part beside it", () => {
    const urls = buildMapUrls(points(12));
    expect(urls.googleParts).toHaveLength(2);
    expect(urls.google).toBe(urls.googleParts[0]);
    expect(buildMapUrls(points(1))).toEqual({ yandex: "", google: "", googleParts: [] });
  });
});
