// Request budgets: per user on the routes that cost money or CPU (the assistant, speech, uploads, meetings and
// Realtime tokens), per IP on the unauthenticated ones and on failed logins. Over budget is a 429 with
// Retry-After. On PostgreSQL the counters live in a table, so every instance shares them; on the embedded PGlite
// (one instance by design) they live in memory.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Database } from "../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../lib/context.ts";
import { AppError } from "../lib/errors.ts";

/** Authenticated routes (paths under /api) that spend a model, ffmpeg or disk: limited per user. */
export const COSTLY_ROUTES: RegExp[] = [
  /^\/ai\/chat\b/,
  /^\/voice\//,
  /^\/knowledge\/upload\b/,
  /^\/meetings\b/,
  /^\/realtime\b/,
  /^\/ai\/realtime\b/,
];

/** Unauthenticated routes limited per IP. The Telegram webhook is not one: Telegram's few IPs carry every chat. */
export const PUBLIC_ROUTES: RegExp[] = [
  /^\/api\/health\b/,
  /^\/openapi\.json$/,
  /^\/api\/crm\/bitrix\/events\b/,
  /^\/api\/acts\/download\//,
];

export interface RateLimits {
  /** Per IP on PUBLIC_ROUTES (mount on the app, before those routes). */
  publicByIp: RequestHandler;
  /** Per IP on failed logins: mount before the auth middleware; a 401 spends a point, a blocked IP gets 429. */
  failedLoginsByIp: RequestHandler;
  /** Per user on COSTLY_ROUTES: mount after the auth middleware. */
  costlyByUser: RequestHandler;
}

const WINDOW_SECONDS = 60;

/** node-postgres' `query({ text, values })` over the project's Database, which is all the limiter calls. */
const asPgPool = (db: Database) => ({
  query: async (query: { text: string; values?: unknown[] }) => {
    const rows = await db.query(query.text, query.values ?? []);
    return { rows, rowCount: rows.length };
  },
});

function createLimiter(ctx: ServiceContext, keyPrefix: string, points: number): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: WINDOW_SECONDS };
  if (ctx.db.kind !== "postgres") return new RateLimiterMemory(options);
  return new RateLimiterPostgres(
    {
      ...options,
      storeClient: asPgPool(ctx.db),
      storeType: "pool",
      tableName: "rate_limits",
      // While the table is being created, or if PostgreSQL is unreachable, count in memory rather than fail requests.
      insuranceLimiter: new RateLimiterMemory(options),
    },
    (error?: Error) => {
      if (error)
        ctx.logger.warn({ err: error }, "rate limits: could not create the rate_limits table; counting in memory");
    },
  );
}

function tooMany(res: Response, next: NextFunction, rejection: RateLimiterRes) {
  const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  res.setHeader("Retry-After", String(seconds));
  next(
    new AppError("rate_limited", {
      status: 429,
      userMessage: `Слишком много запросов: попробуйте ещё раз через ${seconds} с`,
    }),
  );
}

/** Spends a point of `key`; answers 429 when the budget is gone. Limiter failures never block a request. */
function spend(
  limiter: RateLimiterAbstract | null,
  key: (req: Request, res: Response) => string | null,
): RequestHandler {
  return (req, res, next) => {
    const id = limiter ? key(req, res) : null;
    if (!limiter || !id) return next();
    limiter.consume(id).then(
      () => next(),
      (rejection: unknown) => (rejection instanceof RateLimiterRes ? tooMany(res, next, rejection) : next()),
    );
  };
}

/** The three budgets, from RATE_LIMIT_COSTLY_PER_MINUTE and RATE_LIMIT_PUBLIC_PER_MINUTE (0 turns one off). */
export function createRateLimits(ctx: ServiceContext): RateLimits {
  const { costlyPerMinute, publicPerMinute } = ctx.config.security;
  const publicLimiter = publicPerMinute > 0 ? createLimiter(ctx, "ip", publicPerMinute) : null;
  const loginLimiter = publicPerMinute > 0 ? createLimiter(ctx, "login", publicPerMinute) : null;
  const costlyLimiter = costlyPerMinute > 0 ? createLimiter(ctx, "user", costlyPerMinute) : null;
  const ipOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? "unknown";
  return {
    publicByIp: spend(publicLimiter, (req) => (PUBLIC_ROUTES.some((route) => route.test(req.path)) ? ipOf(req) : null)),
    failedLoginsByIp(req, res, next) {
      if (!loginLimiter) return next();
      const ip = ipOf(req);
      res.on("finish", () => {
        if (res.statusCode === 401) loginLimiter.penalty(ip).catch(() => undefined);
      });
      loginLimiter.get(ip).then(
        (state) => (state && state.consumedPoints >= publicPerMinute ? tooMany(res, next, state) : next()),
        () => next(),
      );
    },
    costlyByUser: spend(costlyLimiter, (req, res) => {
      const principal = res.locals.principal as Principal | undefined;
      return principal && COSTLY_ROUTES.some((route) => route.test(req.path))
        ? `employee:${principal.employeeId}`
        : null;
    }),
  };
}
