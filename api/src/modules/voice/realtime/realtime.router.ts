import { Router } from "express";
import type { ServiceContext } from "../../../lib/context.ts";
import { defineRoute } from "../../../lib/http.ts";
import type { OpenAPIRegistry } from "../../../lib/openapi.ts";
import type { VoiceService } from "../voice.service.ts";
import {
  voiceCapabilities,
  voiceTokenRequest,
  voiceTokenResponse,
  voiceToolRequest,
  voiceToolResponse,
  voiceTurnRequest,
  voiceTurnResponse,
} from "./realtime.schemas.ts";
import { createRealtimeService, type RealtimeOptions, type RealtimeService } from "./realtime.service.ts";

const VOICE_MOUNT = "/api/voice";

/**
 * «Разговор онлайн» under /api/voice: capabilities, token (a Realtime client secret), tools (the model's function
 * calls, run with the caller's role) and turns (the live transcript saved to the chat history). Every route is
 * per-user rate limited with the other /api/voice routes (security/rate-limits.ts).
 */
export function createRealtimeRouter(
  ctx: ServiceContext,
  registry: OpenAPIRegistry,
  voice: Pick<VoiceService, "isSttConfigured">,
  realtime: RealtimeService = createRealtimeService(ctx, {} satisfies RealtimeOptions),
): Router {
  const router = Router();
  const common = { mount: VOICE_MOUNT, tags: ["voice"] };

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/capabilities",
      summary: "Что доступно для голоса: распознавание (режим «без рук») и разговор онлайн",
      response: voiceCapabilities,
    },
    async () => ({ stt: voice.isSttConfigured, realtime: realtime.isConfigured }),
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/token",
      summary: "Начать разговор онлайн: краткоживущий ключ Realtime (до 5 минут) с инструкциями и инструментами роли",
      body: voiceTokenRequest,
      response: voiceTokenResponse,
    },
    async ({ body, principal, res }) => {
      res.setHeader("Cache-Control", "no-store");
      return realtime.createToken({ principal, conversationId: body.conversationId });
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/tools",
      summary: "Вызов инструмента моделью разговора онлайн (с правами пользователя)",
      body: voiceToolRequest,
      response: voiceToolResponse,
    },
    async ({ body, principal }) => realtime.runTool({ principal, ...body }),
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/turns",
      summary: "Сохранить реплику разговора онлайн в историю чата",
      body: voiceTurnRequest,
      response: voiceTurnResponse,
    },
    async ({ body, principal }) => realtime.saveTurn({ principal, ...body }),
  );
  return router;
}
