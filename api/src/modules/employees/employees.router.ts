import { Router } from "express";
import { apiPath } from "../../features.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import {
  createEmployeeBody,
  employeeIdParams,
  employeeListResponse,
  employeeSchema,
  updateEmployeeBody,
} from "./employees.schemas.ts";
import { createEmployee, listEmployees, updateEmployee } from "./employees.service.ts";

export const EMPLOYEES_MOUNT = "/employees";

export function createEmployeesRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  const common = { mount: apiPath(EMPLOYEES_MOUNT), tags: ["employees"] };
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/",
      summary: "Сотрудники (администраторы и менеджеры)",
      response: employeeListResponse,
    },
    async ({ principal }) => ({ items: await listEmployees(ctx, { principal }) }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/",
      status: 201,
      summary: "Добавить сотрудника (администратор)",
      body: createEmployeeBody,
      response: employeeSchema,
    },
    ({ principal, body }) => createEmployee(ctx, { principal, input: body }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "patch",
      path: "/:id",
      summary: "Изменить роль, бригаду или активность (администратор)",
      params: employeeIdParams,
      body: updateEmployeeBody,
      response: employeeSchema,
    },
    ({ principal, params, body }) => updateEmployee(ctx, { principal, employeeId: params.id, input: body }),
  );
  return router;
}
