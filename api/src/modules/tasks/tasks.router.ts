import { Router } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import {
  createTaskBody,
  listTasksQuery,
  taskIdParams,
  taskListResponse,
  taskSchema,
  updateTaskBody,
} from "./tasks.schemas.ts";
import { createTask, getTask, listTasks, updateTask } from "./tasks.service.ts";

/** /api/ai-tasks: reminders and scheduled messages. */
export function createTasksRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  const common = { mount: "/api/ai-tasks", tags: ["ai-tasks"] };
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/",
      summary: "Напоминания (фильтры: статус, получатель)",
      query: listTasksQuery,
      response: taskListResponse,
    },
    async ({ principal, query }) => ({ items: await listTasks(ctx, { principal, ...query }) }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/",
      status: 201,
      summary: 'Создать напоминание: { text, target, at | cron } или { request: "Напомни 2 бригаде завтра в 8:30 …" }',
      body: createTaskBody,
      response: taskSchema,
    },
    ({ principal, body }) => createTask(ctx, { principal, input: body }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/:id",
      summary: "Напоминание и журнал доставки",
      params: taskIdParams,
      response: taskSchema,
    },
    ({ principal, params }) => getTask(ctx, { principal, taskId: params.id }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "patch",
      path: "/:id",
      summary: "Перенести (at | cron), изменить текст или отменить (status: cancelled)",
      params: taskIdParams,
      body: updateTaskBody,
      response: taskSchema,
    },
    ({ principal, params, body }) => updateTask(ctx, { principal, taskId: params.id, input: body }),
  );
  return router;
}
