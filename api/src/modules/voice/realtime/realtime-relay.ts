// WS /api/voice/ws/:sessionId?ticket=…: for WebViews where WebRTC fails, the browser talks Realtime events to us and
// we talk to the Realtime server with our key. The browser may only send audio, its own text and response.create:
// the instructions and tools stay the server's. Function calls run here with the session owner's role, and each
// finished exchange is saved to the chat history.
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { AppError } from "../../../lib/errors.ts";
import type { RealtimeService } from "./realtime.service.ts";

export const RELAY_PATH = "/api/voice/ws";

/** What the browser may send upstream; anything else (session.update above all) is refused. */
const BROWSER_EVENTS = new Set([
  "input_audio_buffer.append",
  "input_audio_buffer.commit",
  "input_audio_buffer.clear",
  "response.create",
  "response.cancel",
  "conversation.item.create",
]);

const refusal = (message: string) =>
  JSON.stringify({ type: "error", error: { type: "invalid_request_error", code: "relay_refused", message } });

interface RelayEvent {
  type?: string;
  [key: string]: unknown;
}

/** The browser's event as it may go upstream, or a Russian reason why not. */
function screenBrowserEvent(event: RelayEvent): RelayEvent | string {
  if (!event.type || !BROWSER_EVENTS.has(event.type))
    return `Событие ${String(event.type)} через этот канал не принимается`;
  // A response.create may carry its own instructions and tools: only a plain one is passed on.
  if (event.type === "response.create") return { type: "response.create" };
  if (event.type === "conversation.item.create") {
    const item = event.item as
      { type?: string; role?: string; content?: { type?: string; text?: unknown }[] } | undefined;
    const isUserText =
      item?.type === "message" &&
      item.role === "user" &&
      (item.content ?? []).every((part) => part.type === "input_text" && typeof part.text === "string");
    if (!isUserText) return "Можно добавить только свой текстовый вопрос";
    return { type: "conversation.item.create", item: { type: "message", role: "user", content: item.content } };
  }
  return event;
}

/** The relay's Express handler (mount before /api authentication: the one-time ticket authenticates). */
export function createRealtimeRelay(ctx: ServiceContext, realtime: RealtimeService): RequestHandler {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  function relay(browser: WebSocket, principal: Principal, sessionId: string, session: object) {
    const upstream = new WebSocket(realtime.upstream!.url, {
      headers: { Authorization: `Bearer ${realtime.upstream!.apiKey}` },
    });
    const waiting: string[] = [];
    let question: string | undefined;
    const toUpstream = (event: RelayEvent) => {
      const text = JSON.stringify(event);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else waiting.push(text);
    };
    const { model: _model, ...sessionWithoutModel } = session as { model?: string };
    toUpstream({ type: "session.update", session: sessionWithoutModel });

    upstream.on("open", () => {
      for (const text of waiting.splice(0)) upstream.send(text);
    });
    browser.on("message", (data: RawData) => {
      let event: RelayEvent;
      try {
        event = JSON.parse(String(data)) as RelayEvent;
      } catch {
        return browser.send(refusal("Ожидается JSON-событие"));
      }
      const screened = screenBrowserEvent(event);
      if (typeof screened === "string") return browser.send(refusal(screened));
      toUpstream(screened);
    });
    upstream.on("message", (data: RawData) => {
      const text = String(data);
      if (browser.readyState === WebSocket.OPEN) browser.send(text);
      let event: RelayEvent;
      try {
        event = JSON.parse(text) as RelayEvent;
      } catch {
        return;
      }
      if (event.type === "response.function_call_arguments.done") void runCall(event);
      if (event.type === "conversation.item.input_audio_transcription.completed")
        question = String(event.transcript ?? "").trim() || undefined;
      if (event.type === "response.output_audio_transcript.done" && question) {
        const answer = String(event.transcript ?? "").trim();
        const asked = question;
        question = undefined;
        if (answer) {
          realtime
            .saveTurn({ principal, sessionId, question: asked, answer })
            .catch((error: unknown) => ctx.logger.warn({ err: error }, "voice relay: turn not saved"));
        }
      }
    });

    async function runCall(event: RelayEvent) {
      const callId = String(event.call_id ?? "");
      let output: string;
      try {
        output = (
          await realtime.runTool({
            principal,
            sessionId,
            callId,
            name: String(event.name ?? ""),
            arguments: String(event.arguments ?? "{}"),
          })
        ).output;
      } catch (error) {
        // A refusal is the model's to explain to the user, as in the chat's tool loop.
        if (!(error instanceof AppError)) ctx.logger.error({ err: error }, "voice relay: tool failed");
        output = JSON.stringify({ error: error instanceof AppError ? error.userMessage : "Инструмент не сработал" });
      }
      toUpstream({ type: "conversation.item.create", item: { type: "function_call_output", call_id: callId, output } });
      toUpstream({ type: "response.create" });
    }

    const closeBoth = () => {
      if (browser.readyState === WebSocket.OPEN) browser.close(1000);
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    };
    browser.on("close", closeBoth);
    upstream.on("close", closeBoth);
    upstream.on("error", (error) => {
      ctx.logger.warn({ err: error }, "voice relay: upstream failed");
      if (browser.readyState === WebSocket.OPEN)
        browser.send(
          JSON.stringify({
            type: "error",
            error: {
              type: "server_error",
              code: "realtime_failed",
              message: "Сервис разговора онлайн недоступен. Попробуйте режим «без рук».",
            },
          }),
        );
      closeBoth();
    });
  }

  return (req, res, next) => {
    if (req.method !== "GET") return next();
    const sessionId = /^\/([A-Za-z0-9_-]{1,100})$/.exec(req.path)?.[1];
    const ticket = typeof req.query.ticket === "string" ? req.query.ticket : undefined;
    if (!sessionId) return next();
    if ((req.headers.upgrade ?? "").toLowerCase() !== "websocket") {
      return next(
        new AppError("websocket_required", { status: 426, userMessage: "Этот адрес открывается только как WebSocket" }),
      );
    }
    if (!realtime.upstream)
      return next(new AppError("realtime_not_configured", { status: 503, userMessage: "Разговор онлайн не настроен" }));
    if (!ticket || ticket.length > 100)
      return next(
        new AppError("invalid_ticket", { status: 401, userMessage: "Нужен одноразовый билет из /api/voice/token" }),
      );
    realtime.openRelay({ sessionId, ticket }).then(
      (opened) => {
        if (!opened)
          return next(
            new AppError("invalid_ticket", {
              status: 401,
              userMessage: "Билет уже использован или истёк: начните разговор заново",
            }),
          );
        // Node hands an upgrade request to Express when nobody listens for "upgrade"; its socket is ours now.
        sockets.handleUpgrade(req as IncomingMessage, req.socket, Buffer.alloc(0), (browser) =>
          relay(browser, opened.principal, sessionId, opened.session),
        );
      },
      (error: unknown) => next(error),
    );
    void res;
  };
}
