import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from "express";
import { pinoHttp } from "pino-http";
import type { CoreFeatureFactory } from "./features.ts";
import type { ServiceContext } from "./lib/context.ts";
import { AppError } from "./lib/errors.ts";
import { revalidateApiReads } from "./lib/http-cache.ts";
import { requestErrorToAppError } from "./lib/error-mapping.ts";
import { httpMetrics, metricsEndpoint } from "./lib/metrics.ts";
import { generateOpenApiDocument, OpenAPIRegistry } from "./lib/openapi.ts";
import { createSecurityHeaders } from "./security/http-hardening.ts";
import { createRateLimits } from "./security/rate-limits.ts";
import { createAuthMiddleware } from "./modules/auth/auth.middleware.ts";
import { authFeature } from "./modules/auth/auth.feature.ts";
import { dashboardFeature } from "./modules/dashboard/dashboard.feature.ts";
import { employeesFeature } from "./modules/employees/employees.feature.ts";
import { createHealthRouter } from "./modules/health/health.router.ts";
import { createDefaultHealthChecks, type HealthCheck } from "./modules/health/health.service.ts";
import { housesFeature } from "./modules/houses/houses.feature.ts";

export interface AppDeps {
  ctx: ServiceContext;
  /** Whether pgvector is installed (known after migrations). */
  hasVector: boolean;
  /** Extra or overriding health checks (the bot, the CRM sync ...). */
  healthChecks?: Record<string, HealthCheck>;
  /** Machine-to-machine endpoints that check their own secret (Telegram webhook, CRM events), before /api auth. */
  publicRoutes?: { path: string; handler: RequestHandler | Router }[];
  /** Authenticated routers of features, mounted under /api/<mount>. */
  apiRouters?: { mount: string; router: Router }[];
  /** OpenAPI registry shared with the features' routers (a fresh one when omitted). */
  registry?: OpenAPIRegistry;
  /** Built mini-app to serve at the site root; null to serve none. */
  miniAppDir?: string | null;
}

/** HTTP-only features every app has (the server's and the tests'), mounted before the wired features' routers. */
export const CORE_FEATURES: CoreFeatureFactory[] = [authFeature, housesFeature, dashboardFeature, employeesFeature];

export const DEFAULT_MINIAPP_DIR = path.resolve(import.meta.dirname, "../../miniapp/dist");

/** Builds the Express app without listening; supertest and main.ts both use it. */
export function createApp(deps: AppDeps): { app: Express; openApi: ReturnType<typeof generateOpenApiDocument> } {
  const { ctx } = deps;
  const app = express();
  const registry = deps.registry ?? new OpenAPIRegistry();
  app.disable("x-powered-by");
  // Only the configured proxies' X-Forwarded-For is believed, so req.ip (rate limits, logs) cannot be forged.
  app.set("trust proxy", ctx.config.security.trustProxyHops);
  app.use(createSecurityHeaders(ctx.config));
  const limits = createRateLimits(ctx);
  app.use(pinoHttp({ logger: ctx.logger, autoLogging: { ignore: (req) => req.url === "/api/health" } }));
  app.use(httpMetrics());
  app.use(compression());
  app.use(corsMiddleware(ctx.config.corsOrigins));
  app.use(limits.publicByIp);

  for (const route of deps.publicRoutes ?? []) app.use(route.path, route.handler);

  app.use(express.json({ limit: "1mb" }));
  app.use("/api", revalidateApiReads());
  const state = { hasVector: deps.hasVector };
  app.use(
    "/api",
    createHealthRouter(registry, { ...createDefaultHealthChecks(ctx, state), ...deps.healthChecks }, state),
  );

  const authenticated = express.Router();
  authenticated.use(limits.failedLoginsByIp);
  authenticated.use(createAuthMiddleware(ctx));
  authenticated.use(limits.costlyByUser);
  const core = CORE_FEATURES.flatMap((feature) => feature({ ctx, registry }).apiRouters ?? []);
  for (const route of [...core, ...(deps.apiRouters ?? [])]) authenticated.use(route.mount || "/", route.router);
  app.use("/api", authenticated);
  app.use("/api", (_req, _res, next) =>
    next(new AppError("not_found", { status: 404, userMessage: "Такого метода API нет" })),
  );

  const openApi = generateOpenApiDocument(registry);
  app.get("/metrics", metricsEndpoint({ token: ctx.config.metricsToken, db: ctx.db }));
  app.get("/openapi.json", (_req, res) => {
    res.json(openApi);
  });

  const miniAppDir = deps.miniAppDir === undefined ? DEFAULT_MINIAPP_DIR : deps.miniAppDir;
  if (miniAppDir && existsSync(path.join(miniAppDir, "index.html"))) {
    // The shell carries the company's time zone, so "Сегодня" in the app is the business day, not the phone's.
    const shell = readFileSync(path.join(miniAppDir, "index.html"), "utf8").replace(
      "</head>",
      `<meta name="app-timezone" content="${ctx.config.timeZone}"></head>`,
    );
    app.use(express.static(miniAppDir, { index: false, maxAge: "1y", immutable: true }));
    // History routing: every non-API page path gets the app shell.
    app.get(/^\/(?!api\/|openapi\.json).*/, (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.type("html").send(shell);
    });
  }

  app.use(errorHandler(ctx));
  return { app, openApi };
}

function corsMiddleware(origins: string[] | "*"): RequestHandler {
  return (req, res, next) => {
    const origin = req.get("origin");
    if (origin && (origins === "*" || origins.includes(origin))) {
      res.setHeader("Access-Control-Allow-Origin", origins === "*" ? "*" : origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS");
    }
    if (req.method === "OPTIONS") return void res.status(204).end();
    next();
  };
}

/** The one error handler: AppErrors become `{ error: { code, message } }`; anything else is logged as a 500. */
function errorHandler(ctx: ServiceContext): ErrorRequestHandler {
  return (thrown, req, res, _next) => {
    // A value the database refused (an id past int4, a NUL byte, a duplicate) or a broken upload is the caller's 4xx.
    const mapped = requestErrorToAppError(thrown);
    if (mapped) (req.log ?? ctx.logger).warn({ err: thrown }, mapped.message);
    const error = mapped ?? thrown;
    if (error instanceof AppError) {
      if (error.status >= 500) req.log?.error({ err: error }, error.message);
      return void res.status(error.status).json({ error: { code: error.code, message: error.userMessage } });
    }
    const status =
      typeof error?.status === "number" ? error.status : typeof error?.statusCode === "number" ? error.statusCode : 500;
    if (status < 500 && error?.type === "entity.parse.failed") {
      return void res
        .status(400)
        .json({ error: { code: "invalid_json", message: "Тело запроса — не корректный JSON" } });
    }
    if (status === 413) {
      return void res.status(413).json({ error: { code: "payload_too_large", message: "Слишком большой запрос" } });
    }
    if (status < 500) {
      return void res.status(status).json({ error: { code: "bad_request", message: "Неверный запрос" } });
    }
    (req.log ?? ctx.logger).error({ err: error }, "unhandled error");
    res.status(500).json({ error: { code: "internal", message: "Внутренняя ошибка сервера, попробуйте ещё раз" } });
  };
}
