import { Router } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { isOfficeRole } from "../../lib/context.ts";
import { forbidden } from "../../lib/errors.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { syncStatusResponse } from "./crm.schemas.ts";
import { getSyncStatus } from "./crm-status.ts";

/** /api/crm: the sync status for the office. */
export function createCrmRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: "get",
      path: "/sync/status",
      mount: "/api/crm",
      tags: ["crm"],
      summary: "Состояние синхронизации с Bitrix24 (администратор, менеджер)",
      response: syncStatusResponse,
    },
    async ({ principal }) => {
      if (!isOfficeRole(principal)) throw forbidden("Состояние синхронизации доступно администраторам и менеджерам");
      return getSyncStatus(ctx);
    },
  );
  return router;
}
