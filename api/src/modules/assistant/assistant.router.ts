import { Router, type Response } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { chatQuery, chatRequest, chatResponse } from "./assistant.schemas.ts";
import type { AssistantService } from "./assistant.service.ts";

export const AI_MOUNT = "/api/ai";

const sendEvent = (res: Response, event: string, data: unknown) =>
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * POST /api/ai/chat. With `?stream=1` or `Accept: text/event-stream` the answer arrives as server-sent events:
 * `token` events with pieces of text, then one `done` event with the full response (the text to keep: after a
 * model failure it replaces the pieces), or one `error` event.
 */
export function createAssistantRouter(
  ctx: ServiceContext,
  registry: OpenAPIRegistry,
  assistant: AssistantService,
): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: "post",
      path: "/chat",
      mount: AI_MOUNT,
      tags: ["assistant"],
      summary: "Вопрос ИИ-ассистенту по живым данным (SSE с ?stream=1)",
      query: chatQuery,
      body: chatRequest,
      response: chatResponse,
    },
    async ({ body, query, principal, req, res }) => {
      const isStreaming = query.stream === true || (req.get("accept") ?? "").includes("text/event-stream");
      if (!isStreaming) return assistant.ask({ principal, message: body.message, conversationId: body.conversationId });
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      });
      try {
        const result = await assistant.ask({
          principal,
          message: body.message,
          conversationId: body.conversationId,
          onToken: (token) => sendEvent(res, "token", { text: token }),
        });
        sendEvent(res, "done", result);
      } catch (error) {
        if (!(error instanceof AppError)) ctx.logger.error({ err: error }, "assistant stream failed");
        const message = error instanceof AppError ? error.userMessage : "Внутренняя ошибка сервера, попробуйте ещё раз";
        sendEvent(res, "error", { code: error instanceof AppError ? error.code : "internal", message });
      }
      res.end();
    },
  );
  return router;
}
