// Links that open the whole route in the phone's maps app, so the driver navigates with their usual tool.
// Яндекс Карты take every point in `rtext`; Google Maps URLs take an origin, a destination and at most 9
// waypoints (3 in mobile browsers; the app takes 9), so a longer day becomes consecutive parts sharing their ends.
import type { LatLon } from "./travel-matrix.ts";

export const GOOGLE_MAX_WAYPOINTS = 9;

const latLon = (point: LatLon) => `${point.lat.toFixed(6)},${point.lon.toFixed(6)}`;

/** Яндекс Карты, by car, through `points` in order (start first). Empty for fewer than two points. */
export function yandexRouteUrl(points: readonly LatLon[]): string {
  if (points.length < 2) return "";
  return `https://yandex.ru/maps/?rtext=${points.map(latLon).join("~")}&rtt=auto`;
}

/** Google Maps directions through `points` in order, one URL per part of at most `maxWaypoints` waypoints. */
export function googleRouteUrls(points: readonly LatLon[], maxWaypoints = GOOGLE_MAX_WAYPOINTS): string[] {
  if (points.length < 2) return [];
  const perPart = maxWaypoints + 1;
  const urls: string[] = [];
  for (let from = 0; from < points.length - 1; from += perPart) {
    const part = points.slice(from, Math.min(points.length, from + perPart + 1));
    const query = new URLSearchParams({
      api: "1",
      origin: latLon(part[0]!),
      destination: latLon(part[part.length - 1]!),
      travelmode: "driving",
    });
    if (part.length > 2) query.set("waypoints", part.slice(1, -1).map(latLon).join("|"));
    urls.push(`https://www.google.com/maps/dir/?${query.toString()}`);
  }
  return urls;
}

/** Both apps' links for a route: `google` is its first part (the next stops), `googleParts` all of them. */
export function buildMapUrls(points: readonly LatLon[]): { yandex: string; google: string; googleParts: string[] } {
  const googleParts = googleRouteUrls(points);
  return { yandex: yandexRouteUrl(points), google: googleParts[0] ?? "", googleParts };
}
