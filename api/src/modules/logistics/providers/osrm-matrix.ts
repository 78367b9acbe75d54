// OSRM's table service: GET {OSRM_URL}/table/v1/{profile}/{lon,lat;…}?annotations=duration,distance answers
// { code: "Ok", durations, distances } in seconds and metres, rows = sources. osrm-routed refuses a table whose
// sources × destinations exceed max-table-size² (default 100) with HTTP 400 { code: "TooBig" }, so larger days are
// fetched in blocks that send only the block's coordinates and name them with sources/destinations.
import { z } from "zod";
import { DEFAULT_OFFLINE_SETTINGS, offlineLeg, type OfflineMatrixSettings } from "../offline-matrix.ts";
import { createTravelMatrix, type LatLon, type TravelMatrix } from "../travel-matrix.ts";
import { callProvider, deadlineAfter, mapWithConcurrency, ranges, type Fetch } from "./http.ts";
import { RoutingProviderError, redactUrl, type ProviderFailure } from "./provider-error.ts";

export interface OsrmMatrixOptions {
  /** OSRM_URL, e.g. http://osrm:5000 */
  baseUrl: string;
  profile?: string;
  /** The server's --max-table-size (OSRM_MAX_TABLE_SIZE); 100 is osrm-routed's default. */
  maxTableSize?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: Fetch;
  /** Block requests in flight at once. */
  concurrency?: number;
  /** Fills the pairs OSRM cannot route (null cells). */
  offline?: OfflineMatrixSettings;
}

const cell = z.number().nonnegative().nullable();
const okTable = z.object({
  code: z.literal("Ok"),
  durations: z.array(z.array(cell)),
  distances: z.array(z.array(cell)),
});
const errorBody = z.object({ code: z.string(), message: z.string().optional() });

function failureOf(status: number, code: string | undefined): ProviderFailure {
  if (code === "TooBig") return "too_big";
  if (code === "NoSegment" || code === "NoTable" || code === "NoRoute") return "no_route";
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "bad_request";
}

/** fetch refuses URLs with user:password, so an OSRM behind basic auth gets them as an Authorization header. */
function splitCredentials(baseUrl: string): { base: string; headers: Record<string, string> } {
  const trimmed = baseUrl.replace(/\/+$/, "");
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new RoutingProviderError("osrm", "bad_request", `OSRM_URL is not a URL (${redactUrl(trimmed)})`);
  }
  if (!parsed.username && !parsed.password) return { base: trimmed, headers: {} };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = "";
  parsed.password = "";
  return {
    base: parsed.toString().replace(/\/+$/, ""),
    headers: { Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` },
  };
}

const coordinate = (point: LatLon) => `${point.lon.toFixed(6)},${point.lat.toFixed(6)}`;
const indexList = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i).join(";");

/** The travel matrix between `points` from an OSRM server, in as many table blocks as its size limit needs. */
export async function fetchOsrmMatrix(points: readonly LatLon[], options: OsrmMatrixOptions): Promise<TravelMatrix> {
  const { base, headers } = splitCredentials(options.baseUrl);
  const profile = options.profile ?? "driving";
  const blockSize = Math.max(1, options.maxTableSize ?? 100);
  const deadline = deadlineAfter(options.timeoutMs ?? 8_000);
  const matrix = createTravelMatrix(points.length, "osrm");
  const blocks = ranges(points.length, blockSize).flatMap((rows) =>
    ranges(points.length, blockSize).map((cols) => ({ rows, cols })),
  );

  await mapWithConcurrency(blocks, options.concurrency ?? 2, async ({ rows, cols }) => {
    const isDiagonal = rows[0] === cols[0];
    const rowCount = rows[1] - rows[0];
    const colCount = cols[1] - cols[0];
    const sent = isDiagonal ? points.slice(...rows) : [...points.slice(...rows), ...points.slice(...cols)];
    // osrm-routed reads ";" and "," literally in the path and the query, so the URL is built by hand.
    let query = "annotations=duration,distance";
    if (!isDiagonal) query += `&sources=${indexList(0, rowCount)}&destinations=${indexList(rowCount, colCount)}`;
    const url = `${base}/table/v1/${profile}/${sent.map(coordinate).join(";")}?${query}`;
    const { status, body } = await callProvider({
      provider: "osrm",
      url,
      init: { headers },
      deadline,
      signal: options.signal,
      fetch: options.fetch,
    });
    if (status !== 200) {
      const parsed = errorBody.safeParse(body);
      const code = parsed.success ? parsed.data.code : undefined;
      const detail = parsed.success ? `${parsed.data.code}: ${parsed.data.message ?? ""}` : "no JSON body";
      throw new RoutingProviderError(
        "osrm",
        failureOf(status, code),
        `HTTP ${status} from ${redactUrl(url)} (${detail})`,
        { status, code },
      );
    }
    const table = okTable.safeParse(body);
    if (!table.success) {
      const code = errorBody.safeParse(body).data?.code;
      throw new RoutingProviderError(
        "osrm",
        code ? failureOf(400, code) : "protocol",
        `unexpected table answer (${code ?? table.error.issues[0]?.message})`,
        { status, code },
      );
    }
    const { durations, distances } = table.data;
    if (durations.length !== rowCount || distances.length !== rowCount) {
      throw new RoutingProviderError("osrm", "protocol", `table has ${durations.length} rows, expected ${rowCount}`, {
        status,
      });
    }
    for (let r = 0; r < rowCount; r += 1) {
      for (let c = 0; c < colCount; c += 1) {
        const i = rows[0] + r;
        const j = cols[0] + c;
        const seconds = durations[r]?.[c];
        const metres = distances[r]?.[c];
        if (seconds === undefined || metres === undefined) {
          throw new RoutingProviderError("osrm", "protocol", `table row ${r} is shorter than ${colCount}`, { status });
        }
        if (i === j) continue;
        if (seconds === null || metres === null) {
          const leg = offlineLeg(points[i]!, points[j]!, options.offline ?? DEFAULT_OFFLINE_SETTINGS);
          [matrix.minutes[i]![j], matrix.km[i]![j]] = [leg.minutes, leg.km];
          matrix.estimatedPairs += 1;
        } else {
          [matrix.minutes[i]![j], matrix.km[i]![j]] = [seconds / 60, metres / 1000];
        }
      }
    }
  });
  return matrix;
}
