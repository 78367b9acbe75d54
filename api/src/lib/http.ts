import type { OpenAPIRegistry, RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import { z, type ZodType } from "zod";
import type { Principal } from "./context.ts";
import { AppError } from "./errors.ts";
import { errorSchema } from "./openapi.ts";
import { queryInt4Schema } from "./schemas.ts";

type Method = "get" | "post" | "patch" | "put" | "delete";

export interface RouteSpec<Q extends ZodType, P extends ZodType, B extends ZodType> {
  method: Method;
  /** Express path relative to the router's mount point, e.g. "/house/:id/details". */
  path: string;
  /** Where the router is mounted, for the OpenAPI document (e.g. "/api/cleaning"). */
  mount: string;
  summary: string;
  tags: string[];
  query?: Q;
  params?: P;
  body?: B;
  /** How the body arrives, for the OpenAPI document (default application/json). */
  bodyContentType?: "application/json" | "application/x-www-form-urlencoded" | "multipart/form-data";
  /** Response body schema; omit for non-JSON responses and give `responseContent`. */
  response?: ZodType;
  responseContent?: RouteConfig["responses"][string];
  /** False only for health checks and machine-to-machine endpoints that check their own secret. */
  isAuthRequired?: boolean;
  status?: number;
}

export interface HandlerInput<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  principal: Principal;
  req: Request;
  res: Response;
}

/** The principal the auth middleware attached to this request. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new AppError("unauthorized", { status: 401, userMessage: "Требуется вход через Telegram" });
  return principal;
}

function parseOrThrow<T extends ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || where;
  const message = (issue?.message ?? "ошибка проверки").replace(new RegExp(`^${field}: `), "");
  throw new AppError("validation_error", {
    status: 400,
    userMessage: `Неверный параметр «${field}»: ${message}`,
    details: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/**
 * Registers an Express route and its OpenAPI description from the same zod schemas, so the document cannot
 * drift from what the handler accepts. Handlers receive parsed values, never the raw request body.
 */
export function defineRoute<Q extends ZodType, P extends ZodType, B extends ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteSpec<Q, P, B>,
  handler: (input: HandlerInput<z.infer<Q>, z.infer<P>, z.infer<B>>) => Promise<unknown> | unknown,
): void {
  const isAuthRequired = spec.isAuthRequired ?? true;
  // "/" on a router mounted at /api/ai-tasks is the path /api/ai-tasks itself.
  const openApiPath = `${spec.mount}${spec.path === "/" ? "" : spec.path}`.replace(/:([A-Za-z_]+)/g, "{$1}");
  const status = spec.status ?? 200;
  registry.registerPath({
    method: spec.method,
    path: openApiPath,
    summary: spec.summary,
    tags: spec.tags,
    security: isAuthRequired ? [{ telegramInitData: [] }] : [],
    request: {
      query: spec.query as never,
      params: spec.params as never,
      body: spec.body
        ? { content: { [spec.bodyContentType ?? "application/json"]: { schema: spec.body } } }
        : undefined,
    },
    responses: {
      [status]: spec.responseContent ?? {
        description: "OK",
        content: spec.response ? { "application/json": { schema: spec.response } } : undefined,
      },
      400: { description: "Неверный запрос", content: { "application/json": { schema: errorSchema } } },
      ...(isAuthRequired
        ? {
            401: { description: "Нет входа", content: { "application/json": { schema: errorSchema } } },
            403: { description: "Нет доступа", content: { "application/json": { schema: errorSchema } } },
          }
        : {}),
    },
  });
  const wrapped: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const input = {
        query: parseOrThrow(spec.query, req.query, "query"),
        params: parseOrThrow(spec.params, req.params, "params"),
        body: parseOrThrow(spec.body, req.body ?? {}, "body"),
        principal: isAuthRequired ? principalOf(res) : (res.locals.principal as Principal),
        req,
        res,
      };
      const result = await handler(input);
      if (res.headersSent) return;
      if (result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(res.statusCode !== 200 ? res.statusCode : status).json(result);
    } catch (error) {
      next(error);
    }
  };
  router[spec.method](spec.path, wrapped);
}

/** Query-string helpers: query values arrive as strings; empty means "not given". Integers stay within int4. */
export const queryInt = (name: string) => queryInt4Schema(name);

export const queryString = () =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() ? value.trim() : undefined),
    z.string().optional(),
  );

/** The OpenAPI body of a multipart upload with one file field (multer has read the file before the handler). */
export const fileUploadBody = (description: string) =>
  // Optional for the parser: req.body never holds the file (multer puts it on req.file); the handler checks it.
  z.object({ file: z.any().optional().openapi({ type: "string", format: "binary", description }) });
