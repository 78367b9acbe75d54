// Picks the travel-time source for a route: the configured provider when it answers, the offline estimate when it
// is not configured, fails or times out, with a short Russian reason the page and the bot can show.
import { DEFAULT_OFFLINE_SETTINGS, offlineMatrix, type OfflineMatrixSettings } from "../offline-matrix.ts";
import type { LatLon, MatrixSource, TravelMatrix } from "../travel-matrix.ts";
import { fetchGoogleMatrix } from "./google-matrix.ts";
import type { Fetch } from "./http.ts";
import { fetchOsrmMatrix } from "./osrm-matrix.ts";
import { PROVIDER_LABELS, RoutingProviderError, type RoutingProvider } from "./provider-error.ts";

export type ProviderChoice = "auto" | MatrixSource;

export interface ResolveMatrixOptions {
  /** "auto" (default): OSRM when OSRM_URL is set, else Google when its key is set, else offline. */
  provider?: ProviderChoice;
  osrm?: { baseUrl: string; maxTableSize?: number };
  google?: { apiKey: string; url?: string };
  offline?: OfflineMatrixSettings;
  /** Deadline for the whole matrix, all blocks included. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: Fetch;
  logger?: { warn(details: object, message: string): void };
}

export interface ResolvedMatrix {
  matrix: TravelMatrix;
  provider: MatrixSource;
  /** Why the offline estimate was used instead of the provider asked for (Russian, short). */
  fallbackReason?: string;
}

const OFFLINE_NOTE = "расстояния посчитаны по прямой";

function choose(options: ResolveMatrixOptions): MatrixSource {
  const choice = options.provider ?? "auto";
  if (choice !== "auto") return choice;
  if (options.osrm?.baseUrl) return "osrm";
  if (options.google?.apiKey) return "google";
  return "offline";
}

function reasonOf(provider: RoutingProvider, error: unknown, timeoutMs: number): string {
  if (error instanceof RoutingProviderError && error.failure === "timeout") {
    return `${PROVIDER_LABELS[provider]} не ответил за ${Math.ceil(timeoutMs / 1000)} с — ${OFFLINE_NOTE}`;
  }
  const text =
    error instanceof RoutingProviderError ? error.userMessage : `${PROVIDER_LABELS[provider]}: внутренняя ошибка`;
  return `${text} — ${OFFLINE_NOTE}`;
}

/** The travel matrix between `points` from the chosen provider, or the offline one with a `fallbackReason`. */
export async function resolveMatrix(
  points: readonly LatLon[],
  options: ResolveMatrixOptions = {},
): Promise<ResolvedMatrix> {
  const offline = options.offline ?? DEFAULT_OFFLINE_SETTINGS;
  const provider = choose(options);
  const timeoutMs = options.timeoutMs ?? 8_000;
  const fallBack = (fallbackReason: string): ResolvedMatrix => ({
    matrix: offlineMatrix(points, offline),
    provider: "offline",
    fallbackReason,
  });
  if (provider === "offline" || points.length < 2)
    return { matrix: offlineMatrix(points, offline), provider: "offline" };
  const common = { timeoutMs, signal: options.signal, fetch: options.fetch, offline };
  try {
    if (provider === "osrm") {
      if (!options.osrm?.baseUrl) return fallBack(`OSRM не настроен (OSRM_URL) — ${OFFLINE_NOTE}`);
      return { matrix: await fetchOsrmMatrix(points, { ...common, ...options.osrm }), provider };
    }
    if (!options.google?.apiKey) return fallBack(`Google Maps не настроен (GOOGLE_MAPS_API_KEY) — ${OFFLINE_NOTE}`);
    return { matrix: await fetchGoogleMatrix(points, { ...common, ...options.google }), provider };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // Only our own error's fields are logged: its message carries no key and a redacted URL.
    const details =
      error instanceof RoutingProviderError
        ? {
            provider,
            failure: error.failure,
            upstreamStatus: error.upstreamStatus,
            upstreamCode: error.upstreamCode,
            reason: error.message,
          }
        : { provider, failure: "unexpected", reason: (error as Error)?.name };
    options.logger?.warn(details, "routing provider failed, using the offline matrix");
    return fallBack(reasonOf(provider, error, timeoutMs));
  }
}
