import type { Request, Response } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { z } from "../../lib/openapi.ts";
import { createAuthMiddleware } from "../auth/auth.middleware.ts";

export const componentStatus = z.object({ status: z.enum(["ok", "off", "error"]), reason: z.string().optional() });
export type ComponentStatus = z.infer<typeof componentStatus>;

/** A named check; later modules (bot, CRM, assistant) register theirs at composition time. */
export type HealthCheck = () => Promise<ComponentStatus> | ComponentStatus;

export const healthResponse = z
  .object({
    status: z.enum(["ok", "degraded", "error"]),
    time: z.string(),
    /** True when pgvector is installed; without it knowledge search uses full-text only. */
    vector: z.boolean(),
    components: z.record(z.string(), componentStatus),
  })
  .openapi("Health");

export type HealthReport = z.infer<typeof healthResponse>;

/**
 * Where the health router learns whether a request comes from an admin. The router is built from the checks
 * alone, so the default checks carry it under a symbol: `Object.entries` (the checks run) skips it, while the
 * spread that merges the features' checks keeps it.
 */
export const HEALTH_ADMIN = Symbol("health admin");
export type HealthChecks = Record<string, HealthCheck> & {
  [HEALTH_ADMIN]?: (req: Request, res: Response) => Promise<boolean>;
};

/** Whether the request carries a valid login of an admin; any other caller (or a broken login) is the public. */
export function createHealthAdminCheck(ctx: ServiceContext): (req: Request, res: Response) => Promise<boolean> {
  const authenticate = createAuthMiddleware(ctx);
  return async (req, res) => {
    if (!req.get("authorization")) return false;
    const error = await new Promise<unknown>((resolve) => void authenticate(req, res, resolve));
    return !error && res.locals.principal?.role === "admin";
  };
}

/** The checks every installation has: the database, pgvector and the configured integrations. */
export function createDefaultHealthChecks(ctx: ServiceContext, state: { hasVector: boolean }): HealthChecks {
  const { config } = ctx;
  return {
    [HEALTH_ADMIN]: createHealthAdminCheck(ctx),
    db: async () => {
      await ctx.db.query("SELECT 1");
      return { status: "ok", reason: ctx.db.kind === "pglite" ? "встроенная база PGlite" : "PostgreSQL" };
    },
    vector: () =>
      state.hasVector
        ? { status: "ok", reason: "pgvector установлен" }
        : { status: "off", reason: "pgvector недоступен: поиск по базе знаний только полнотекстовый" },
    telegram: () =>
      config.telegram.token
        ? { status: "ok", reason: `режим ${config.telegram.mode}` }
        : { status: "off", reason: "TELEGRAM_BOT_TOKEN не задан: бот не запущен" },
    crm: () =>
      config.bitrix.webhookUrl
        ? { status: "ok", reason: "Bitrix24 настроен" }
        : { status: "off", reason: "BITRIX24_WEBHOOK_URL не задан: CRM не подключена" },
    llm: () =>
      config.openai.apiKey
        ? { status: "ok", reason: `модель ${config.openai.llmModel}` }
        : { status: "off", reason: "OPENAI_API_KEY не задан: работает офлайн-ассистент" },
  };
}

/** Runs every check; a failing database makes the whole status `error`, any other failure `degraded`. */
export async function checkHealth(checks: Record<string, HealthCheck>, hasVector: boolean): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, ComponentStatus]> => {
      try {
        return [name, await check()];
      } catch (error) {
        return [name, { status: "error", reason: (error as Error).message }];
      }
    }),
  );
  const components = Object.fromEntries(entries);
  const status =
    components.db?.status === "error" ? "error" : entries.some(([, c]) => c.status === "error") ? "degraded" : "ok";
  return { status, time: new Date().toISOString(), vector: hasVector, components };
}

/**
 * What anyone may see: up or down per component. The reasons (a CRM error text, model names, reminder counts)
 * help an attacker and the curious more than a load balancer, so they are for admins.
 */
export function publicHealth(report: HealthReport): HealthReport {
  const components = Object.fromEntries(
    Object.entries(report.components).map(([name, { status }]) => [name, { status }]),
  );
  return { ...report, components };
}
