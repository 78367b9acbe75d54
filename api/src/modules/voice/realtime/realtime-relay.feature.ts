import type { Feature, FeatureFactory } from "../../../features.ts";
import { errorSchema, z } from "../../../lib/openapi.ts";
import { createRealtimeRelay, RELAY_PATH } from "./realtime-relay.ts";
import { createRealtimeService } from "./realtime.service.ts";

/** WS /api/voice/ws/:sessionId: the server-side Realtime relay, mounted before /api auth (a one-time ticket authenticates). */
export const realtimeRelayFeature: FeatureFactory = ({ ctx, registry }): Feature => {
  // Not a defineRoute (it answers with a protocol switch), so it is described here for /openapi.json.
  registry?.registerPath({
    method: "get",
    path: `${RELAY_PATH}/{sessionId}`,
    tags: ["voice"],
    summary:
      "Разговор онлайн через сервер (WebSocket, события Realtime); вход по одноразовому билету из /api/voice/token",
    request: { params: z.object({ sessionId: z.string() }), query: z.object({ ticket: z.string() }) },
    responses: {
      101: { description: "Switching Protocols: WebSocket" },
      401: {
        description: "Билет неверный, использован или истёк",
        content: { "application/json": { schema: errorSchema } },
      },
      426: { description: "Не WebSocket-запрос", content: { "application/json": { schema: errorSchema } } },
      503: { description: "OPENAI_REALTIME_MODEL не задан", content: { "application/json": { schema: errorSchema } } },
    },
  });
  return {
    name: "voice-relay",
    publicRoutes: [{ path: RELAY_PATH, handler: createRealtimeRelay(ctx, createRealtimeService(ctx)) }],
  };
};
