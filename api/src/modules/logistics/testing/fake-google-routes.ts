// A local Routes API computeRouteMatrix for tests: the real endpoint path, key and field-mask checks (403
// PERMISSION_DENIED without a key, 400 API_KEY_INVALID with a wrong one), the 625-element limit, elements in
// no particular order with proto3 JSON's habit of leaving out zeros, ROUTE_NOT_FOUND cells, injected faults.
import { fakeLeg, listen, readBody, sendJson, type FakeFaults, type FakeRoad } from "./fake-server.ts";
import type { LatLon } from "../travel-matrix.ts";

export const FAKE_GOOGLE_PATH = "/distanceMatrix/v2:computeRouteMatrix";

export interface FakeGoogleRoutesOptions {
  apiKey?: string;
  maxElements?: number;
  isolated?: LatLon[];
}

export interface FakeGoogleRoutes {
  /** The full computeRouteMatrix URL to give the client. */
  url: string;
  apiKey: string;
  faults: FakeFaults;
  /** Every accepted request: sizes and the headers that matter. */
  requests: { origins: number; destinations: number; fieldMask: string; travelMode: string }[];
  close(): Promise<void>;
}

const googleError = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});

type Waypoint = { waypoint?: { location?: { latLng?: { latitude?: number; longitude?: number } } } };

function toPoint(item: Waypoint): LatLon | undefined {
  const latLng = item.waypoint?.location?.latLng;
  if (!latLng || typeof latLng.latitude !== "number" || typeof latLng.longitude !== "number") return undefined;
  return { lat: latLng.latitude, lon: latLng.longitude };
}

/** Starts the fake on a free loopback port. */
export async function startFakeGoogleRoutes(options: FakeGoogleRoutesOptions = {}): Promise<FakeGoogleRoutes> {
  const apiKey = options.apiKey ?? "fake-google-key";
  const maxElements = options.maxElements ?? 625;
  const road: FakeRoad = { isolated: options.isolated ?? [] };
  const faults: FakeFaults = {};
  const requests: FakeGoogleRoutes["requests"] = [];
  const listener = await listen(faults, async (req, res) => {
    if (req.method !== "POST" || req.url !== FAKE_GOOGLE_PATH)
      return sendJson(res, 404, googleError(404, "NOT_FOUND", "Not Found"));
    const key = req.headers["x-goog-api-key"];
    if (!key)
      return sendJson(res, 403, googleError(403, "PERMISSION_DENIED", "The request is missing a valid API key."));
    if (key !== apiKey) {
      return sendJson(
        res,
        400,
        googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" },
        ]),
      );
    }
    const fieldMask = String(req.headers["x-goog-fieldmask"] ?? "");
    if (!fieldMask)
      return sendJson(res, 400, googleError(400, "INVALID_ARGUMENT", "FieldMask is a required parameter."));
    let body: { origins?: Waypoint[]; destinations?: Waypoint[]; travelMode?: string };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return sendJson(res, 400, googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received."));
    }
    const origins = (body.origins ?? []).map(toPoint);
    const destinations = (body.destinations ?? []).map(toPoint);
    if (origins.length === 0 || destinations.length === 0) {
      return sendJson(res, 400, googleError(400, "INVALID_ARGUMENT", "Origins and destinations must not be empty."));
    }
    if ([...origins, ...destinations].some((p) => !p || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180)) {
      return sendJson(
        res,
        400,
        googleError(400, "INVALID_ARGUMENT", "Invalid waypoint: a latitude/longitude is out of range."),
      );
    }
    const elements = origins.length * destinations.length;
    if (elements > maxElements) {
      return sendJson(
        res,
        400,
        googleError(
          400,
          "INVALID_ARGUMENT",
          `Number of elements (origins × destinations) must be at most ${maxElements}, got ${elements}.`,
        ),
      );
    }
    requests.push({
      origins: origins.length,
      destinations: destinations.length,
      fieldMask,
      travelMode: body.travelMode ?? "",
    });
    const fields = new Set(fieldMask.split(",").map((f) => f.trim()));
    const keep = (name: string) => fields.has("*") || fields.has(name);
    const answer: Record<string, unknown>[] = [];
    // Google streams elements as they are computed: the order is not the request's.
    for (let o = origins.length - 1; o >= 0; o -= 1) {
      for (let d = 0; d < destinations.length; d += 1) {
        const leg = fakeLeg(road, origins[o]!, destinations[d]!);
        const item: Record<string, unknown> = {};
        if (keep("originIndex") && o !== 0) item.originIndex = o;
        if (keep("destinationIndex") && d !== 0) item.destinationIndex = d;
        if (keep("status")) item.status = {};
        if (keep("condition")) item.condition = leg ? "ROUTE_EXISTS" : "ROUTE_NOT_FOUND";
        if (leg && keep("distanceMeters") && Math.round(leg.metres) !== 0) item.distanceMeters = Math.round(leg.metres);
        if (leg && keep("duration")) item.duration = `${Math.round(leg.seconds)}s`;
        answer.push(item);
      }
    }
    sendJson(res, 200, answer);
  });
  return { url: `${listener.url}${FAKE_GOOGLE_PATH}`, apiKey, faults, requests, close: listener.close };
}
