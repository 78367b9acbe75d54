import { Router } from "express";
import { apiPath } from "../../features.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { dashboardQuery, dashboardStatsResponse } from "./dashboard.schemas.ts";
import { getDashboardStats } from "./dashboard.service.ts";

export const DASHBOARD_MOUNT = "/dashboard";

export function createDashboardRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      mount: apiPath(DASHBOARD_MOUNT),
      tags: ["dashboard"],
      method: "get",
      path: "/stats",
      summary: "Сводка: сегодня, итоги, стадии CRM, план/факт по дням (по умолчанию текущая неделя)",
      query: dashboardQuery,
      response: dashboardStatsResponse,
    },
    ({ query, principal }) =>
      getDashboardStats(ctx, {
        principal,
        brigadeId: query.brigade,
        managementCompanyId: query.management_company,
        dateFrom: query.date_from,
        dateTo: query.date_to,
      }),
  );
  return router;
}
