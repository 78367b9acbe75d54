// «Разговор онлайн»: short-lived Realtime client secrets minted with our API key, sessions bound to the employee
// they were minted for, and tool calls run on the server with the caller's own role. The key never leaves here.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { dayOfInstant } from "../../../lib/dates.ts";
import { AppError } from "../../../lib/errors.ts";
import { createOpenAIClient } from "../../../lib/openai.ts";
import { openConversation, saveExchange } from "../../assistant/assistant-memory.ts";
import { runAssistantTool } from "../../assistant/assistant-tools.ts";
import { toPrincipal } from "../../auth/auth.service.ts";
import { createKnowledgeLookup, type KnowledgeLookup } from "../../assistant/knowledge-lookup.ts";
import { buildRealtimeSession, toolNamesForRole } from "./realtime-session.ts";
import type { VoiceTokenResponse, VoiceToolResponse } from "./realtime.schemas.ts";

/** Seconds a client secret may open a connection: short, so a leaked one is soon worthless. */
export const CLIENT_SECRET_TTL_SECONDS = 300;
/** Tool calls are accepted this long after minting: OpenAI ends a Realtime session after 60 minutes. */
export const SESSION_LIFETIME_MS = 60 * 60 * 1000;
/** Seconds the one-time WebSocket relay ticket is valid: the page connects right after minting. */
export const RELAY_TICKET_TTL_SECONDS = 60;
/** Tool output handed back to the model, in characters (as in the chat's tool loop). */
const MAX_TOOL_OUTPUT = 12_000;

export const REALTIME_NOT_CONFIGURED_MESSAGE =
  "Разговор онлайн не настроен: администратору нужно задать OPENAI_REALTIME_MODEL и OPENAI_API_KEY. Пока работает режим «без рук».";

export interface RealtimeService {
  isConfigured: boolean;
  model?: string;
  /** Mints a client secret for a new live session of `principal`, continuing `conversationId` when it is theirs. */
  createToken(options: { principal: Principal; conversationId?: string }): Promise<VoiceTokenResponse>;
  /** Runs one of the model's function calls for the session's owner, refusing tools their role lacks. */
  runTool(options: {
    principal: Principal;
    sessionId: string;
    callId: string;
    name: string;
    arguments: string;
  }): Promise<VoiceToolResponse>;
  /** Saves one finished exchange of the live conversation to its assistant conversation. */
  saveTurn(options: {
    principal: Principal;
    sessionId: string;
    question: string;
    answer: string;
  }): Promise<{ conversationId: string }>;
  /**
   * Spends a session's one-time relay ticket and returns who it belongs to (as they are now) and the session config
   * to send upstream; null when the ticket is wrong, used, expired, or its employee is no longer active.
   */
  openRelay(options: {
    sessionId: string;
    ticket: string;
  }): Promise<{ principal: Principal; session: ReturnType<typeof buildRealtimeSession> } | null>;
  /** The WebSocket URL and key of the upstream Realtime server (used by the relay only, never sent anywhere). */
  upstream?: { url: string; apiKey: string };
}

export interface RealtimeOptions {
  /** The OpenAI-compatible client (default from the config; null = off). */
  openai?: OpenAI | null;
  knowledge?: KnowledgeLookup;
  timeoutMs?: number;
}

const hashTicket = (ticket: string) => createHash("sha256").update(ticket).digest("hex");

const notConfigured = () =>
  new AppError("realtime_not_configured", { status: 503, userMessage: REALTIME_NOT_CONFIGURED_MESSAGE });

/** The calls endpoint the browser posts its SDP offer to, on the same server as the key. */
function callsUrlOf(baseUrl: string | undefined): string {
  return `${(baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "")}/realtime/calls`;
}

export function createRealtimeService(ctx: ServiceContext, options: RealtimeOptions = {}): RealtimeService {
  const model = ctx.config.openai.realtimeModel;
  const client = !model ? null : options.openai === undefined ? createOpenAIClient(ctx.config) : options.openai;
  const knowledge = options.knowledge ?? createKnowledgeLookup(ctx);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { prisma } = ctx.db;

  /** The caller's own live session, still open. Someone else's id reads as unknown rather than revealing it exists. */
  async function openSession(principal: Principal, sessionId: string) {
    const session = await prisma.voiceSession.findUnique({ where: { id: sessionId } });
    if (!session || session.employeeId !== principal.employeeId) {
      throw new AppError("voice_session_not_found", {
        status: 404,
        userMessage: "Разговор не найден: начните разговор онлайн заново",
      });
    }
    if (session.endedAt || session.expiresAt <= ctx.clock.now()) {
      throw new AppError("voice_session_expired", {
        status: 410,
        userMessage: "Разговор онлайн закончился: начните новый",
      });
    }
    return session;
  }

  const apiKey = ctx.config.openai.apiKey;
  const upstream =
    client && model && apiKey
      ? {
          url: `${(ctx.config.openai.baseUrl ?? "https://api.openai.com/v1").replace(/^http/, "ws").replace(/\/+$/, "")}/realtime?model=${encodeURIComponent(model)}`,
          apiKey,
        }
      : undefined;

  return {
    isConfigured: client !== null,
    model,
    upstream,

    async openRelay({ sessionId, ticket }) {
      if (!model) return null;
      const now = ctx.clock.now();
      // One UPDATE both checks and spends the ticket, so two connections racing with it cannot both win.
      const spent = await prisma.voiceSession.updateMany({
        where: {
          id: sessionId,
          ticketHash: hashTicket(ticket),
          ticketExpiresAt: { gt: now },
          expiresAt: { gt: now },
          endedAt: null,
        },
        data: { ticketHash: null, ticketExpiresAt: null },
      });
      if (spent.count !== 1) return null;
      const session = await prisma.voiceSession.findUniqueOrThrow({ where: { id: sessionId } });
      const employee = await prisma.employee.findFirst({ where: { id: session.employeeId, isActive: true } });
      if (!employee) return null;
      const principal = toPrincipal(employee);
      return {
        principal,
        session: buildRealtimeSession(ctx, {
          principal,
          model: session.model,
          today: dayOfInstant(now, ctx.config.timeZone),
        }),
      };
    },

    async createToken({ principal, conversationId }) {
      if (!client || !model) throw notConfigured();
      const now = ctx.clock.now();
      const session = buildRealtimeSession(ctx, { principal, model, today: dayOfInstant(now, ctx.config.timeZone) });
      let secret: { value: string; expires_at: number };
      try {
        secret = await client.realtime.clientSecrets.create(
          { expires_after: { anchor: "created_at", seconds: CLIENT_SECRET_TTL_SECONDS }, session },
          { timeout: timeoutMs, maxRetries: 1 },
        );
      } catch (error) {
        ctx.logger.warn({ err: error }, "realtime client secret failed");
        if (error instanceof APIConnectionTimeoutError) {
          throw new AppError("realtime_timeout", {
            status: 504,
            userMessage:
              "Сервис разговора онлайн не ответил вовремя. Попробуйте ещё раз или говорите в режиме «без рук».",
          });
        }
        const detail = error instanceof APIError && error.status ? ` (ошибка ${error.status})` : "";
        throw new AppError("realtime_failed", {
          status: 502,
          userMessage: `Не удалось начать разговор онлайн${detail}. Попробуйте ещё раз или говорите в режиме «без рук».`,
        });
      }
      const id = randomUUID();
      const ticket = randomBytes(24).toString("base64url");
      const conversation = await openConversation(ctx, { principal, conversationId });
      await prisma.voiceSession.create({
        data: {
          id,
          employeeId: principal.employeeId,
          conversationId: conversation,
          model,
          tools: session.tools.map((tool) => tool.name),
          expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
          createdAt: now,
          ticketHash: hashTicket(ticket),
          ticketExpiresAt: new Date(now.getTime() + RELAY_TICKET_TTL_SECONDS * 1000),
        },
      });
      return {
        clientSecret: secret.value,
        expiresAt: new Date(secret.expires_at * 1000).toISOString(),
        model,
        sessionId: id,
        conversationId: conversation,
        callsUrl: callsUrlOf(ctx.config.openai.baseUrl),
        relayTicket: ticket,
      };
    },

    async runTool({ principal, sessionId, callId, name, arguments: rawArgs }) {
      const session = await openSession(principal, sessionId);
      // Both must allow it: the tools the session was configured with, and the caller's role as it is now.
      if (!session.tools.includes(name) || !toolNamesForRole(principal).includes(name)) {
        ctx.logger.warn({ employeeId: principal.employeeId, tool: name }, "voice tool refused");
        throw new AppError("tool_forbidden", { status: 403, userMessage: `Инструмент «${name}» вам недоступен` });
      }
      const today = dayOfInstant(ctx.clock.now(), ctx.config.timeZone);
      const result = await runAssistantTool({ ctx, principal, today, knowledge }, name, rawArgs);
      return { callId, output: JSON.stringify(result.data).slice(0, MAX_TOOL_OUTPUT), sources: result.sources };
    },

    async saveTurn({ principal, sessionId, question, answer }) {
      const session = await openSession(principal, sessionId);
      // The conversation may have been cleared meanwhile: then the turns start a new one.
      const conversationId = await openConversation(ctx, { principal, conversationId: session.conversationId });
      if (conversationId !== session.conversationId)
        await prisma.voiceSession.update({ where: { id: sessionId }, data: { conversationId } });
      await saveExchange(ctx, conversationId, question, answer);
      return { conversationId };
    },
  };
}
