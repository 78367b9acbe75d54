import { Router } from "express";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { checkHealth, healthResponse, type HealthCheck } from "./health.service.ts";

export function createHealthRouter(registry: OpenAPIRegistry, checks: Record<string, HealthCheck>, state: { hasVector: boolean }): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      mount: "/api",
      tags: ["health"],
      method: "get",
      path: "/health",
      summary: "Состояние: база, pgvector, Telegram, CRM, LLM (без авторизации)",
      response: healthResponse,
      isAuthRequired: false,
    },
    async ({ res }) => {
      const report = await checkHealth(checks, state.hasVector);
      if (report.status === "error") res.status(503);
      return report;
    },
  );
  return router;
}
