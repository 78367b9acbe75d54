import { Router } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { today } from "../../lib/dates.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { finishVisit, getVisit, listDayVisits, startVisit } from "./visits.service.ts";
import { todayVisitsQuery, todayVisitsResponse, visitActionResponse, visitParams } from "./visits.schemas.ts";

/** Where the router is mounted under /api, for the mount and the OpenAPI paths alike. */
export const VISITS_MOUNT = "/visits";

/**
 * /api/visits: today's visits and «Начать» / «Завершить» from the mini-app, through the same use cases as the bot.
 * Both actions are idempotent, so a phone that replays a queued action after a lost answer changes nothing twice.
 */
export function createVisitsRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  const common = { mount: `/api${VISITS_MOUNT}`, tags: ["visits"] };
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/today",
      summary: "Уборки сегодняшнего дня (бригада — только свои), по адресам",
      query: todayVisitsQuery,
      response: todayVisitsResponse,
    },
    async ({ principal, query }) => {
      const day = today(ctx.config.timeZone, ctx.clock.now());
      return { date: day, items: await listDayVisits(ctx, { principal, day, brigadeId: query.brigade }) };
    },
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/:visitId/start",
      summary: "«Начать уборку»: уборка в процессе; повтор ничего не меняет",
      params: visitParams,
      response: visitActionResponse,
    },
    async ({ principal, params }) => {
      const before = await getVisit(ctx, { principal, visitId: params.visitId });
      const visit = await startVisit(ctx, { principal, visitId: params.visitId });
      return { visit, isChanged: before.status !== "in_progress" && visit.status === "in_progress" };
    },
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/:visitId/finish",
      summary: "«Завершить»: уборка выполнена (нужно фото, если VISIT_PHOTO_REQUIRED); повтор ничего не меняет",
      params: visitParams,
      response: visitActionResponse,
    },
    async ({ principal, params }) => {
      const { visit, isNewlyDone } = await finishVisit(ctx, { principal, visitId: params.visitId });
      return { visit, isChanged: isNewlyDone };
    },
  );
  return router;
}
