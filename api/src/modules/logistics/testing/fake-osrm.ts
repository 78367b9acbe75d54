// A local osrm-routed for tests: the table service with its real URL shape, answer shape and error codes (400
// { code, message } for InvalidUrl/InvalidService/InvalidQuery/InvalidOptions/NoSegment/TooBig, the size check
// on sources × destinations against max-table-size²), null cells for unreachable points, injected faults.
import { fakeLeg, listen, sendJson, type FakeFaults, type FakeRoad } from "./fake-server.ts";
import { haversineKm } from "../offline-matrix.ts";
import type { LatLon } from "../travel-matrix.ts";

export interface FakeOsrmOptions {
  /** osrm-routed --max-table-size (default 100). */
  maxTableSize?: number;
  /** Points farther than this from the map's centre are off the extract: NoSegment. */
  extract?: { centre: LatLon; radiusKm: number };
  isolated?: LatLon[];
}

export interface FakeOsrm {
  url: string;
  faults: FakeFaults;
  /** Every request's path and query, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

const error = (code: string, message: string) => ({ code, message });

function parseIndices(value: string | null, count: number): number[] | "all" | undefined {
  if (value === null || value === "all") return "all";
  const items = value.split(";").map(Number);
  return items.every((i) => Number.isInteger(i) && i >= 0 && i < count) ? items : undefined;
}

/** Starts the fake on a free loopback port. */
export async function startFakeOsrm(options: FakeOsrmOptions = {}): Promise<FakeOsrm> {
  const maxTableSize = options.maxTableSize ?? 100;
  const road: FakeRoad = { isolated: options.isolated ?? [] };
  const faults: FakeFaults = {};
  const requests: string[] = [];
  const listener = await listen(faults, async (req, res) => {
    requests.push(req.url ?? "");
    const url = new URL(req.url ?? "/", "http://fake");
    const match = /^\/([^/]+)\/v1\/([^/]+)\/([^/?]+)$/.exec(url.pathname);
    if (!match)
      return sendJson(res, 400, error("InvalidUrl", `URL string malformed close to position 1: "${url.pathname}"`));
    const [, service, , rawCoordinates] = match;
    if (service !== "table") return sendJson(res, 400, error("InvalidService", `Service ${service} not found!`));
    const coordinates: LatLon[] = [];
    for (const pair of decodeURIComponent(rawCoordinates!).split(";")) {
      const [lon, lat] = pair.split(",").map(Number);
      if (pair.split(",").length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat)) {
        return sendJson(
          res,
          400,
          error("InvalidUrl", `URL string malformed close to position ${pair.length}: "${pair}"`),
        );
      }
      coordinates.push({ lat: lat!, lon: lon! });
    }
    if (coordinates.some((c) => Math.abs(c.lat) > 90 || Math.abs(c.lon) > 180)) {
      return sendJson(res, 400, error("InvalidOptions", "Coordinates are invalid"));
    }
    const annotations = url.searchParams.get("annotations") ?? "duration";
    if (!annotations.split(",").every((a) => a === "duration" || a === "distance")) {
      return sendJson(res, 400, error("InvalidQuery", `Query string malformed close to position 12`));
    }
    const sources = parseIndices(url.searchParams.get("sources"), coordinates.length);
    const destinations = parseIndices(url.searchParams.get("destinations"), coordinates.length);
    if (!sources || !destinations) return sendJson(res, 400, error("InvalidOptions", "Index out of bounds"));
    const rows = sources === "all" ? coordinates.map((_, i) => i) : sources;
    const cols = destinations === "all" ? coordinates.map((_, i) => i) : destinations;
    if (rows.length * cols.length > maxTableSize * maxTableSize)
      return sendJson(res, 400, error("TooBig", "Too many table coordinates"));
    const offExtract = options.extract
      ? coordinates.findIndex((c) => haversineKm(c, options.extract!.centre) > options.extract!.radiusKm)
      : -1;
    if (offExtract >= 0)
      return sendJson(res, 400, error("NoSegment", `Could not find a matching segment for coordinate ${offExtract}`));
    const round1 = (value: number) => Math.round(value * 10) / 10;
    const legs = rows.map((i) => cols.map((j) => fakeLeg(road, coordinates[i]!, coordinates[j]!)));
    const waypoint = (i: number) => ({
      hint: `fake-hint-${i}`,
      distance: 4.2,
      name: "улица Кирова",
      location: [coordinates[i]!.lon, coordinates[i]!.lat],
    });
    sendJson(res, 200, {
      code: "Ok",
      ...(annotations.includes("duration")
        ? { durations: legs.map((row) => row.map((leg) => (leg ? round1(leg.seconds) : null))) }
        : {}),
      ...(annotations.includes("distance")
        ? { distances: legs.map((row) => row.map((leg) => (leg ? round1(leg.metres) : null))) }
        : {}),
      sources: rows.map(waypoint),
      destinations: cols.map(waypoint),
    });
  });
  return { url: listener.url, faults, requests, close: listener.close };
}
