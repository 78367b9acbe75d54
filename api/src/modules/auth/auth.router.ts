import { Router } from "express";
import { apiPath } from "../../features.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import { z, type OpenAPIRegistry } from "../../lib/openapi.ts";

export const meResponse = z
  .object({
    id: z.number(),
    name: z.string(),
    role: z.enum(["admin", "manager", "brigade_lead", "cleaner"]),
    brigadeId: z.number().nullable(),
    isDemo: z.boolean(),
  })
  .openapi("Me");

/** /api/me sits at the root of /api. */
export const AUTH_MOUNT = "";

export function createAuthRouter(_ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      mount: apiPath(AUTH_MOUNT),
      tags: ["auth"],
      method: "get",
      path: "/me",
      summary: "Текущий пользователь и его роль",
      response: meResponse,
    },
    ({ principal }) => ({
      id: principal.employeeId,
      name: principal.name,
      role: principal.role,
      brigadeId: principal.brigadeId,
      isDemo: principal.isDemo,
    }),
  );
  return router;
}
