// One error for every routing provider failure: what went wrong in words a dispatcher understands, the upstream
// status and code for the logs, and never the API key or the URL's credentials.
import { AppError } from "../../../lib/errors.ts";

export type RoutingProvider = "osrm" | "google";

export type ProviderFailure =
  "timeout" | "network" | "auth" | "rate_limited" | "too_big" | "no_route" | "bad_request" | "server" | "protocol";

export const PROVIDER_LABELS: Record<RoutingProvider, string> = { osrm: "OSRM", google: "Google Maps" };

const FAILURE_TEXTS: Record<ProviderFailure, string> = {
  timeout: "не ответил вовремя",
  network: "недоступен",
  auth: "отклонил ключ доступа",
  rate_limited: "превышен лимит запросов",
  too_big: "слишком много точек в запросе",
  no_route: "не нашёл дорогу к одной из точек",
  bad_request: "отклонил запрос",
  server: "ошибка на стороне сервиса",
  protocol: "ответил в неожиданном формате",
};

export class RoutingProviderError extends AppError {
  readonly provider: RoutingProvider;
  readonly failure: ProviderFailure;
  /** HTTP status and the provider's own code ("TooBig", "PERMISSION_DENIED"), when it answered. */
  readonly upstreamStatus?: number;
  readonly upstreamCode?: string;

  constructor(
    provider: RoutingProvider,
    failure: ProviderFailure,
    message: string,
    upstream: { status?: number; code?: string; cause?: unknown } = {},
  ) {
    super("routing_provider_failed", {
      message: `${PROVIDER_LABELS[provider]}: ${message}`,
      userMessage: `${PROVIDER_LABELS[provider]}: ${FAILURE_TEXTS[failure]}`,
      status: 502,
    });
    this.provider = provider;
    this.failure = failure;
    this.upstreamStatus = upstream.status;
    this.upstreamCode = upstream.code;
    if (upstream.cause !== undefined) this.cause = upstream.cause;
  }
}

/** A URL safe to log: no user:password, no query values. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, "…");
    return parsed.toString();
  } catch {
    return "(неверный URL)";
  }
}
