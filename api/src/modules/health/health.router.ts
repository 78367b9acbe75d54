import { Router } from "express";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { checkHealth, HEALTH_ADMIN, healthResponse, publicHealth, type HealthChecks } from "./health.service.ts";

/** GET /api/health: public up/down per component; with an admin's login, the reasons too. */
export function createHealthRouter(
  registry: OpenAPIRegistry,
  checks: HealthChecks,
  state: { hasVector: boolean },
): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      mount: "/api",
      tags: ["health"],
      method: "get",
      path: "/health",
      summary:
        "Состояние: база, pgvector, Telegram, CRM, LLM (без авторизации — только работает/нет; причины — администратору)",
      response: healthResponse,
      isAuthRequired: false,
    },
    async ({ req, res }) => {
      const [report, isAdmin] = await Promise.all([
        checkHealth(checks, state.hasVector),
        checks[HEALTH_ADMIN]?.(req, res) ?? false,
      ]);
      if (report.status === "error") res.status(503);
      // Answers differ by caller: no shared cache may hand an admin's report to the public.
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Vary", "Authorization");
      return isAdmin ? report : publicHealth(report);
    },
  );
  return router;
}
