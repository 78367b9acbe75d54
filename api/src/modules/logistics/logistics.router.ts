import { Router } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { planRequestSchema, planResponseSchema, routeRequestSchema, routeResponseSchema } from "./logistics.schemas.ts";
import { planBrigadesDay, planDayRoute, type RoutingOverrides } from "./logistics.service.ts";

/** Where the router is mounted under /api, for the mount and the OpenAPI paths alike. */
export const LOGISTICS_MOUNT = "/logistics";

/** /api/logistics: a brigade's day as a route, and a day split between brigades. («Начать» is POST /api/visits/:id/start.) */
export function createLogisticsRouter(
  ctx: ServiceContext,
  registry: OpenAPIRegistry,
  overrides: RoutingOverrides = {},
): Router {
  const router = Router();
  const common = { mount: `/api${LOGISTICS_MOUNT}`, tags: ["logistics"] };
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/route",
      summary:
        "Маршрут дня: { brigade, date } или { houseIds } → дома по порядку со временем прибытия, пропущенные дома и ссылки на карты",
      body: routeRequestSchema,
      response: routeResponseSchema,
    },
    ({ principal, body, res }) => {
      // A phone that gives up (closed page) stops a slow provider call too.
      const controller = new AbortController();
      res.once("close", () => {
        if (!res.writableEnded) controller.abort();
      });
      return planDayRoute(ctx, { principal, request: body, overrides, signal: controller.signal });
    },
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/plan",
      summary:
        "Распределить дома дня между бригадами так, чтобы рабочие дни заканчивались примерно одновременно (офис)",
      body: planRequestSchema,
      response: planResponseSchema,
    },
    ({ principal, body }) => planBrigadesDay(ctx, { principal, request: body, overrides }),
  );
  return router;
}
