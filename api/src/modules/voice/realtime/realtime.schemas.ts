import { z } from "../../../lib/openapi.ts";
import { isSafeText } from "../../../lib/schemas.ts";

const safeText = (max: number, what: string) =>
  z
    .string({ message: `ожидается ${what}` })
    .max(max, `${what} длиннее ${max} символов`)
    .refine(isSafeText, `${what}: недопустимые управляющие символы`);

/** Ids we mint (crypto.randomUUID) and the model's call ids (`call_…`): short, printable, no spaces. */
const opaqueId = (what: string) =>
  z.string({ message: `ожидается ${what}` }).regex(/^[A-Za-z0-9_-]{1,100}$/, `неверный ${what}`);

export const voiceTokenRequest = z
  .object({ conversationId: z.string().uuid("ожидается id разговора из прошлого ответа").optional() })
  .openapi("VoiceTokenRequest");

export const voiceTokenResponse = z
  .object({
    /** The short-lived Realtime client secret (`ek_…`), never the server's API key. */
    clientSecret: z.string(),
    expiresAt: z.string().describe("ISO 8601: after it the secret opens no new connection"),
    model: z.string(),
    sessionId: z.string(),
    /** The assistant conversation the live turns are saved to (the chat history). */
    conversationId: z.string(),
    /** Where the browser posts its SDP offer (OpenAI's or the configured compatible server's). */
    callsUrl: z.string(),
    /** One-time ticket (60 s) for WS /api/voice/ws/:sessionId?ticket=… where WebRTC fails (browsers cannot send headers). */
    relayTicket: z.string(),
  })
  .openapi("VoiceTokenResponse");

export const voiceToolRequest = z
  .object({
    sessionId: opaqueId("id сессии"),
    callId: opaqueId("id вызова"),
    name: z.string({ message: "ожидается имя инструмента" }).regex(/^[a-z_]{1,64}$/, "неверное имя инструмента"),
    arguments: safeText(8000, "аргументы").default("{}"),
  })
  .openapi("VoiceToolRequest");

export const voiceToolResponse = z
  .object({
    callId: z.string(),
    /** JSON text to hand back to the model as the function call's output. */
    output: z.string(),
    sources: z.array(z.object({ kind: z.string(), title: z.string(), houseId: z.number().optional() })),
  })
  .openapi("VoiceToolResponse");

export const voiceTurnRequest = z
  .object({
    sessionId: opaqueId("id сессии"),
    question: safeText(4000, "вопрос").pipe(z.string().trim().min(1, "вопрос пустой")),
    answer: safeText(8000, "ответ").pipe(z.string().trim().min(1, "ответ пустой")),
  })
  .openapi("VoiceTurnRequest");

export const voiceTurnResponse = z.object({ conversationId: z.string() }).openapi("VoiceTurnResponse");

export const voiceCapabilities = z
  .object({
    /** Speech recognition is configured: hands-free works. */
    stt: z.boolean(),
    /** A Realtime model is configured: live mode can be offered. */
    realtime: z.boolean(),
  })
  .openapi("VoiceCapabilities");

export type VoiceTokenResponse = z.infer<typeof voiceTokenResponse>;
export type VoiceToolResponse = z.infer<typeof voiceToolResponse>;
export type VoiceCapabilities = z.infer<typeof voiceCapabilities>;
