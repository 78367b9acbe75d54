// The Bitrix24 REST client over an inbound webhook: one leaky bucket per portal, batch, and retries chosen by
// the portal's error code (see ../shared/reference/bitrix24.md). Everything the CRM says is parsed with zod.
import qs from "qs";
import { z } from "zod";
import { createLeakyBucket, systemClock, type Clock, type RateLimiter } from "./rate-limiter.ts";
import { crmCalls } from "../../lib/metrics.ts";

export const MAX_BATCH_COMMANDS = 50;
export const PAGE_SIZE = 50;

/** Codes after which retrying only makes things worse: a manual block, or credentials that do not work. */
const FATAL_CODES = new Set([
  "OVERLOAD_LIMIT",
  "NO_AUTH_FOUND",
  "INVALID_CREDENTIALS",
  "INVALID_TOKEN",
  "EXPIRED_TOKEN",
  "INSUFFICIENT_SCOPE",
  "ACCESS_DENIED",
  "AUTHORIZATION_ERROR",
  "USER_ACCESS_ERROR",
  "PORTAL_DELETED",
]);

export class BitrixError extends Error {
  readonly code: string;
  readonly httpStatus: number | null;
  readonly isRetriable: boolean;
  readonly isFatal: boolean;
  constructor(
    code: string,
    message: string,
    options: { httpStatus?: number | null; isRetriable?: boolean; cause?: unknown } = {},
  ) {
    super(`${code}: ${message}`, { cause: options.cause });
    this.name = "BitrixError";
    this.code = code;
    this.httpStatus = options.httpStatus ?? null;
    this.isRetriable = options.isRetriable ?? false;
    this.isFatal = FATAL_CODES.has(code.toUpperCase()) || options.httpStatus === 401;
  }
}

const timeSchema = z.looseObject({ start: z.number().optional(), operating_reset_at: z.number().optional() });
const successSchema = z.object({
  result: z.unknown(),
  next: z.number().optional(),
  total: z.number().optional(),
  time: timeSchema.optional(),
});
const errorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  time: timeSchema.optional(),
});
// PHP encodes an empty map as [], so every per-command map may arrive as an array.
const commandMap = <T extends z.ZodType>(value: T) =>
  z.union([z.record(z.string(), value), z.array(z.unknown()).transform(() => ({}) as Record<string, z.infer<T>>)]);
const batchResultSchema = z.object({
  result: commandMap(z.unknown()),
  result_error: commandMap(z.object({ error: z.string(), error_description: z.string().optional() })).optional(),
  result_total: commandMap(z.number()).optional(),
  result_next: commandMap(z.number()).optional(),
});

export interface BitrixResponse<T = unknown> {
  result: T;
  next?: number;
  total?: number;
  /** Portal time (unix seconds) when it started serving the request. */
  startedAt?: number;
}

export interface BatchResponse {
  result: Record<string, unknown>;
  errors: Record<string, BitrixError>;
  total: Record<string, number>;
  startedAt?: number;
}

export interface BitrixClientOptions {
  /** `https://<portal>/rest/<user>/<token>/` */
  webhookUrl: string;
  rate: number;
  burst?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Longest wait for OPERATION_TIME_LIMIT before giving up. */
  maxResetWaitMs?: number;
  clock?: Clock;
  random?: () => number;
  onRetry?: (info: { method: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface BitrixClient {
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<BitrixResponse<T>>;
  /** Up to 50 commands in one HTTP request; per-command errors come back in `errors`, never dropped. */
  batch(commands: Record<string, string>, options?: { halt?: boolean }): Promise<BatchResponse>;
  stats: { calls: number; retries: number };
}

/** A batch command line: `method?params` in the PHP form encoding Bitrix24 parses. */
export function buildCommand(method: string, params: Record<string, unknown> = {}): string {
  const query = qs.stringify(params, { encodeValuesOnly: true });
  return query ? `${method}?${query}` : method;
}

/** A reference to an earlier command's result inside the same batch (`$result[key][49][ID]`). */
export const resultRef = (key: string, ...path: (string | number)[]) =>
  `$result[${key}]${path.map((p) => `[${p}]`).join("")}`;

export function createBitrixClient(options: BitrixClientOptions): BitrixClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const limiter: RateLimiter = createLeakyBucket({ rate: options.rate, burst: options.burst ?? 10, clock });
  const base = options.webhookUrl.endsWith("/") ? options.webhookUrl : `${options.webhookUrl}/`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const backoffBase = options.backoffBaseMs ?? 500;
  const backoffCap = options.backoffCapMs ?? 30_000;
  const maxResetWait = options.maxResetWaitMs ?? 15 * 60_000;
  const stats = { calls: 0, retries: 0 };

  const jittered = (attempt: number) => Math.round(random() * Math.min(backoffCap, backoffBase * 2 ** attempt));

  /** One HTTP request; returns the parsed body or throws a BitrixError saying whether to retry. */
  async function send(method: string, params: Record<string, unknown>): Promise<z.infer<typeof successSchema>> {
    await limiter.acquire();
    stats.calls += 1;
    let response: Response;
    try {
      response = await fetch(`${base}${method}.json`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const isTimeout = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
      throw new BitrixError(isTimeout ? "TIMEOUT" : "NETWORK_ERROR", (error as Error).message, {
        isRetriable: true,
        cause: error,
      });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new BitrixError("BAD_RESPONSE", `HTTP ${response.status} without JSON`, {
        httpStatus: response.status,
        isRetriable: response.status >= 500,
        cause: error,
      });
    }
    const failure = errorSchema.safeParse(body);
    if (failure.success || !response.ok) {
      const code = failure.success ? failure.data.error : `HTTP_${response.status}`;
      const error = new BitrixError(
        code,
        failure.success ? (failure.data.error_description ?? "") : "unexpected error body",
        {
          httpStatus: response.status,
          isRetriable: response.status >= 500 || code === "QUERY_LIMIT_EXCEEDED" || code === "OPERATION_TIME_LIMIT",
        },
      );
      Object.assign(error, { resetAt: failure.success ? failure.data.time?.operating_reset_at : undefined });
      throw error;
    }
    const parsed = successSchema.safeParse(body);
    if (!parsed.success) throw new BitrixError("BAD_RESPONSE", parsed.error.message, { httpStatus: response.status });
    return parsed.data;
  }

  /** How long to wait before the next attempt, or null to give up. */
  function delayFor(error: BitrixError, attempt: number): number | null {
    if (error.isFatal || !error.isRetriable || attempt + 1 >= maxAttempts) return null;
    if (error.code === "QUERY_LIMIT_EXCEEDED") {
      limiter.markFull();
      return Math.max(1000 / options.rate, jittered(attempt));
    }
    if (error.code === "OPERATION_TIME_LIMIT") {
      const resetAt = (error as BitrixError & { resetAt?: number }).resetAt;
      const wait = resetAt ? resetAt * 1000 - clock.now() : backoffCap;
      return wait > maxResetWait ? null : Math.max(wait, 0) + jittered(0);
    }
    return jittered(attempt);
  }

  async function callWithRetry(method: string, params: Record<string, unknown>) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await send(method, params);
        crmCalls.inc({ method, outcome: "ok" });
        return result;
      } catch (error) {
        crmCalls.inc({ method, outcome: error instanceof BitrixError ? error.code : "error" });
        if (!(error instanceof BitrixError)) throw error;
        const delay = delayFor(error, attempt);
        if (delay === null) throw error;
        stats.retries += 1;
        options.onRetry?.({ method, attempt, delayMs: delay, reason: error.code });
        await clock.sleep(delay);
      }
    }
  }

  return {
    stats,
    async call<T>(method: string, params: Record<string, unknown> = {}) {
      const body = await callWithRetry(method, params);
      return { result: body.result as T, next: body.next, total: body.total, startedAt: body.time?.start };
    },
    async batch(commands, batchOptions = {}) {
      const count = Object.keys(commands).length;
      if (count > MAX_BATCH_COMMANDS) {
        throw new BitrixError("ERROR_BATCH_LENGTH_EXCEEDED", `${count} commands, at most ${MAX_BATCH_COMMANDS}`);
      }
      const body = await callWithRetry("batch", { halt: batchOptions.halt ? 1 : 0, cmd: commands });
      const parsed = batchResultSchema.safeParse(body.result);
      if (!parsed.success) throw new BitrixError("BAD_RESPONSE", `batch: ${parsed.error.message}`);
      const errors: Record<string, BitrixError> = {};
      for (const [key, value] of Object.entries(parsed.data.result_error ?? {})) {
        errors[key] = new BitrixError(value.error, value.error_description ?? "");
      }
      return { result: parsed.data.result, errors, total: parsed.data.result_total ?? {}, startedAt: body.time?.start };
    },
  };
}
