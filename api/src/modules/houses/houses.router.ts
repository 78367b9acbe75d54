import { Router } from "express";
import { apiPath } from "../../features.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import {
  filtersResponse,
  houseDetailsQuery,
  houseDetailsResponse,
  houseIdParams,
  houseListResponse,
  listHousesQuery,
} from "./houses.schemas.ts";
import { getHouseDetails, listFilters, listHouses } from "./houses.service.ts";

/** Mount of the houses router under /api (the original system's /api/cleaning paths). */
export const HOUSES_MOUNT = "/cleaning";

export function createHousesRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  const common = { mount: apiPath(HOUSES_MOUNT), tags: ["cleaning"] };

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/houses",
      summary: "Дома с фильтрами и пагинацией",
      query: listHousesQuery,
      response: houseListResponse,
    },
    ({ query, principal }) =>
      listHouses(ctx, {
        principal,
        brigadeId: query.brigade,
        managementCompanyId: query.management_company,
        cleaningDate: query.cleaning_date,
        dateFrom: query.date_from,
        dateTo: query.date_to,
        search: query.search,
        page: query.page,
        limit: query.limit,
      }),
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/filters",
      summary: "Значения фильтров: бригады, УК, стадии",
      response: filtersResponse,
    },
    ({ principal }) => listFilters(ctx, { principal }),
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/house/:id/details",
      summary: "Карточка дома с контактами и графиком месяца",
      params: houseIdParams,
      query: houseDetailsQuery,
      response: houseDetailsResponse,
    },
    ({ params, query, principal }) => getHouseDetails(ctx, { principal, houseId: params.id, month: query.month }),
  );

  return router;
}
