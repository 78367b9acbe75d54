// Google Routes API computeRouteMatrix: POST https://routes.googleapis.com/distanceMatrix/v2:computeRouteMatrix
// with the key in X-Goog-Api-Key (never in the URL, so it cannot leak into a logged address) and a field mask.
// The answer is a JSON array of { originIndex, destinationIndex, status, condition, distanceMeters, duration:
// "123s" }; proto3 JSON leaves out zero values, so a missing index or distance means 0. One request may hold at
// most 625 elements (origins × destinations), so larger days go in row blocks.
import { z } from "zod";
import { DEFAULT_OFFLINE_SETTINGS, offlineLeg, type OfflineMatrixSettings } from "../offline-matrix.ts";
import { createTravelMatrix, type LatLon, type TravelMatrix } from "../travel-matrix.ts";
import { callProvider, deadlineAfter, mapWithConcurrency, ranges, type Fetch } from "./http.ts";
import { RoutingProviderError, type ProviderFailure } from "./provider-error.ts";

export const GOOGLE_ROUTE_MATRIX_URL = "https://routes.googleapis.com/distanceMatrix/v2:computeRouteMatrix";
export const GOOGLE_MAX_ELEMENTS = 625;
const FIELD_MASK = "originIndex,destinationIndex,status,condition,distanceMeters,duration";

export interface GoogleMatrixOptions {
  apiKey: string;
  /** Another endpoint (a proxy, or the local fake in tests). */
  url?: string;
  maxElements?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: Fetch;
  concurrency?: number;
  offline?: OfflineMatrixSettings;
}

const element = z.object({
  originIndex: z.number().int().nonnegative().default(0),
  destinationIndex: z.number().int().nonnegative().default(0),
  status: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
  condition: z.string().optional(),
  distanceMeters: z.number().nonnegative().default(0),
  duration: z
    .string()
    .regex(/^\d+(\.\d+)?s$/)
    .optional(),
});
const errorBody = z.object({
  error: z.object({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() }),
});

function failureOf(status: number, code: string | undefined, message: string): ProviderFailure {
  if (status === 403 || code === "PERMISSION_DENIED" || code === "UNAUTHENTICATED" || /API key/i.test(message))
    return "auth";
  if (status === 429 || code === "RESOURCE_EXHAUSTED") return "rate_limited";
  if (status >= 500) return "server";
  return "bad_request";
}

const waypoint = (point: LatLon) => ({
  waypoint: { location: { latLng: { latitude: point.lat, longitude: point.lon } } },
});

/** The travel matrix between `points` from Google's Routes API, split to stay within its element limit. */
export async function fetchGoogleMatrix(
  points: readonly LatLon[],
  options: GoogleMatrixOptions,
): Promise<TravelMatrix> {
  const maxElements = options.maxElements ?? GOOGLE_MAX_ELEMENTS;
  const n = points.length;
  const colBlock = Math.min(n, maxElements);
  const rowBlock = Math.max(1, Math.floor(maxElements / colBlock));
  const deadline = deadlineAfter(options.timeoutMs ?? 8_000);
  const matrix = createTravelMatrix(n, "google");
  const blocks = ranges(n, rowBlock).flatMap((rows) => ranges(n, colBlock).map((cols) => ({ rows, cols })));

  await mapWithConcurrency(blocks, options.concurrency ?? 2, async ({ rows, cols }) => {
    const origins = points.slice(...rows);
    const destinations = points.slice(...cols);
    const { status, body } = await callProvider({
      provider: "google",
      url: options.url ?? GOOGLE_ROUTE_MATRIX_URL,
      deadline,
      signal: options.signal,
      fetch: options.fetch,
      init: {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Goog-Api-Key": options.apiKey,
          "X-Goog-FieldMask": FIELD_MASK,
        },
        body: JSON.stringify({
          origins: origins.map(waypoint),
          destinations: destinations.map(waypoint),
          travelMode: "DRIVE",
          routingPreference: "TRAFFIC_UNAWARE",
        }),
      },
    });
    if (status !== 200) {
      const error = errorBody.safeParse(body).data?.error;
      const message = error?.message ?? "no JSON body";
      throw new RoutingProviderError(
        "google",
        failureOf(status, error?.status, message),
        `HTTP ${status} ${error?.status ?? ""}: ${message}`,
        {
          status,
          code: error?.status,
        },
      );
    }
    const parsed = z.array(element).safeParse(body);
    if (!parsed.success) {
      throw new RoutingProviderError(
        "google",
        "protocol",
        `unexpected matrix answer (${parsed.error.issues[0]?.message})`,
        { status },
      );
    }
    const seen = new Set<number>();
    for (const item of parsed.data) {
      if (item.originIndex >= origins.length || item.destinationIndex >= destinations.length) {
        throw new RoutingProviderError(
          "google",
          "protocol",
          `element ${item.originIndex}→${item.destinationIndex} is outside the request`,
          { status },
        );
      }
      seen.add(item.originIndex * destinations.length + item.destinationIndex);
      const i = rows[0] + item.originIndex;
      const j = cols[0] + item.destinationIndex;
      if (i === j) continue;
      const isRouted = !item.status?.code && item.condition === "ROUTE_EXISTS" && item.duration !== undefined;
      if (isRouted) {
        [matrix.minutes[i]![j], matrix.km[i]![j]] = [
          Number.parseFloat(item.duration!) / 60,
          item.distanceMeters / 1000,
        ];
      } else {
        const leg = offlineLeg(points[i]!, points[j]!, options.offline ?? DEFAULT_OFFLINE_SETTINGS);
        [matrix.minutes[i]![j], matrix.km[i]![j]] = [leg.minutes, leg.km];
        matrix.estimatedPairs += 1;
      }
    }
    if (seen.size !== origins.length * destinations.length) {
      throw new RoutingProviderError(
        "google",
        "protocol",
        `answer has ${seen.size} of ${origins.length * destinations.length} elements`,
        { status },
      );
    }
  });
  return matrix;
}
