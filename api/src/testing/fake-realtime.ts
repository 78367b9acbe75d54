// A local stand-in for OpenAI's Realtime API (GA interface): `POST /v1/realtime/client_secrets` checks the server's
// key and the session config as OpenAI does and mints `ek_…` secrets; `POST /v1/realtime/calls` answers an SDP offer
// made with such a secret; and `wss://…/v1/realtime` speaks the event protocol (session.update,
// input_audio_buffer.*, conversation.item.*, response.*), driven by a replaceable `respond` function.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express, type Request, type Response } from "express";
import { WebSocketServer, type WebSocket } from "ws";

export interface FakeRealtimeSession {
  type?: string;
  model?: string;
  instructions?: string;
  output_modalities?: string[];
  audio?: {
    input?: { transcription?: { model?: string; language?: string }; turn_detection?: unknown };
    output?: { voice?: string };
  };
  tools?: { type?: string; name?: string; description?: string; parameters?: unknown }[];
  tool_choice?: unknown;
}

export interface FakeClientSecret {
  value: string;
  expiresAt: number;
  session: FakeRealtimeSession;
}

/** What the fake model does after a committed turn: call a tool, or say something (text is also "spoken"). */
export type FakeRealtimeReply = { say: string } | { call: { name: string; arguments: Record<string, unknown> } };

export interface FakeRealtimeBehaviour {
  /** What the user "said" in a committed audio buffer (the fake recognises no speech). */
  transcribe: (audioBytes: number) => string;
  /** The model's next step; `toolOutputs` are the function outputs it has been given in this response. */
  respond: (input: { transcript: string; toolOutputs: string[]; session: FakeRealtimeSession }) => FakeRealtimeReply;
}

export interface FakeRealtime {
  url: string;
  /** What to pass as OPENAI_BASE_URL. */
  baseUrl: string;
  apiKey: string;
  app: Express;
  behaviour: FakeRealtimeBehaviour;
  /** Every client_secrets request body, as received. */
  secretRequests: { expires_after?: { anchor?: string; seconds?: number }; session?: FakeRealtimeSession }[];
  /** Secrets minted, by value. */
  secrets: Map<string, FakeClientSecret>;
  /** Every SDP offer posted to /v1/realtime/calls: the Authorization header and the offer. */
  callRequests: { authorization: string; sdp: string }[];
  /** Every event a WebSocket client sent, in order. */
  clientEvents: { type: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

const openAiError = (res: Response, status: number, message: string, param?: string) =>
  void res.status(status).json({ error: { message, type: "invalid_request_error", param: param ?? null, code: null } });

/** OpenAI's own validation of a client_secrets body, as far as our server relies on it. */
function sessionProblem(body: FakeRealtime["secretRequests"][number]): [string, string] | undefined {
  const seconds = body.expires_after?.seconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 10 || seconds > 7200))
    return ["expires_after.seconds", "must be between 10 and 7200"];
  const session = body.session;
  if (!session || (session.type !== "realtime" && session.type !== "transcription"))
    return ["session.type", "Missing required parameter: 'session.type'."];
  if (session.type === "realtime" && !session.model)
    return ["session.model", "Missing required parameter: 'session.model'."];
  for (const [index, tool] of (session.tools ?? []).entries()) {
    if (tool.type !== "function" || !tool.name || typeof tool.parameters !== "object")
      return [`session.tools[${index}]`, "Invalid tool definition."];
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
const nextId = (prefix: string) => `${prefix}_fake${++counter}`;

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeRealtime(
  options: { apiKey?: string; behaviour?: Partial<FakeRealtimeBehaviour>; delayMs?: number } = {},
): Promise<FakeRealtime> {
  const apiKey = options.apiKey ?? "sk-realtime-test";
  const behaviour: FakeRealtimeBehaviour = {
    transcribe: () => "какие дома у нас завтра",
    respond: ({ transcript }) => ({ say: `Вы сказали: ${transcript}` }),
    ...options.behaviour,
  };
  const app = express();
  const fake = {
    apiKey,
    app,
    behaviour,
    secretRequests: [],
    secrets: new Map(),
    clientEvents: [],
    callRequests: [],
  } as unknown as FakeRealtime;

  app.post("/v1/realtime/client_secrets", express.json({ limit: "1mb" }), async (req: Request, res: Response) => {
    // Only the server's key mints secrets: an ephemeral one (or anything else) is refused, as by OpenAI.
    if (req.get("authorization") !== `Bearer ${apiKey}`) return openAiError(res, 401, "Incorrect API key provided");
    const body = req.body as FakeRealtime["secretRequests"][number];
    fake.secretRequests.push(structuredClone(body));
    const problem = sessionProblem(body);
    if (problem) return openAiError(res, 400, problem[1], problem[0]);
    if (options.delayMs) await sleep(options.delayMs);
    const value = `ek_${randomBytes(16).toString("hex")}`;
    const expiresAt = Math.floor(Date.now() / 1000) + (body.expires_after?.seconds ?? 600);
    fake.secrets.set(value, { value, expiresAt, session: body.session! });
    res.json({
      value,
      expires_at: expiresAt,
      session: { id: nextId("sess"), object: "realtime.session", ...body.session },
    });
  });

  app.options("/v1/realtime/calls", (_req: Request, res: Response) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "authorization, content-type");
    res.setHeader("Access-Control-Allow-Methods", "POST");
    res.sendStatus(204);
  });

  const secretOf = (req: Request) => {
    const token = /^Bearer (ek_\w+)$/.exec(req.get("authorization") ?? "")?.[1];
    const secret = token ? fake.secrets.get(token) : undefined;
    return secret && secret.expiresAt * 1000 > Date.now() ? secret : undefined;
  };

  // WebRTC: a real answer needs a WebRTC stack; this one checks the secret and the offer and answers a stub SDP.
  app.post(
    "/v1/realtime/calls",
    express.text({ type: "application/sdp", limit: "1mb" }),
    (req: Request, res: Response) => {
      fake.callRequests.push({
        authorization: req.get("authorization") ?? "",
        sdp: typeof req.body === "string" ? req.body : "",
      });
      // A browser on another origin posts here directly.
      res.setHeader("Access-Control-Allow-Origin", "*");
      if (!secretOf(req)) return openAiError(res, 401, "Invalid or expired ephemeral key");
      if (typeof req.body !== "string" || !req.body.startsWith("v=0"))
        return openAiError(res, 400, "Invalid SDP offer");
      res.status(201).type("application/sdp").send("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=fake-realtime\r\nt=0 0\r\n");
    },
  );

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const auth = req.headers.authorization ?? "";
    const isKnown = auth === `Bearer ${apiKey}` || fake.secrets.has(auth.replace(/^Bearer /, ""));
    if (url.pathname !== "/v1/realtime" || !isKnown) {
      socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) =>
      serveRealtime(ws, fake, url.searchParams.get("model") ?? "gpt-realtime"),
    );
  });

  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.baseUrl = `${fake.url}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const client of sockets.clients) client.terminate();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** One WebSocket conversation: server events in the GA names and order a client relies on. */
function serveRealtime(ws: WebSocket, fake: FakeRealtime, model: string) {
  const session: FakeRealtimeSession = { type: "realtime", model };
  let audioBytes = 0;
  let lastTranscript = "";
  const toolOutputs: string[] = [];
  const send = (event: Record<string, unknown>) => ws.send(JSON.stringify({ event_id: nextId("event"), ...event }));
  send({ type: "session.created", session: { id: nextId("sess"), object: "realtime.session", ...session } });

  function respond() {
    const responseId = nextId("resp");
    send({ type: "response.created", response: { id: responseId, status: "in_progress", output: [] } });
    const reply = fake.behaviour.respond({ transcript: lastTranscript, toolOutputs: [...toolOutputs], session });
    const itemId = nextId("item");
    if ("call" in reply) {
      const callId = nextId("call");
      const args = JSON.stringify(reply.call.arguments);
      const item = {
        id: itemId,
        type: "function_call",
        status: "completed",
        name: reply.call.name,
        call_id: callId,
        arguments: args,
      };
      send({
        type: "response.output_item.added",
        response_id: responseId,
        output_index: 0,
        item: { ...item, status: "in_progress", arguments: "" },
      });
      send({
        type: "response.function_call_arguments.delta",
        response_id: responseId,
        item_id: itemId,
        output_index: 0,
        call_id: callId,
        delta: args,
      });
      send({
        type: "response.function_call_arguments.done",
        response_id: responseId,
        item_id: itemId,
        output_index: 0,
        call_id: callId,
        name: reply.call.name,
        arguments: args,
      });
      send({ type: "response.output_item.done", response_id: responseId, output_index: 0, item });
      send({ type: "response.done", response: { id: responseId, status: "completed", output: [item] } });
      return;
    }
    toolOutputs.length = 0;
    const item = {
      id: itemId,
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_audio", transcript: reply.say }],
    };
    send({
      type: "response.output_item.added",
      response_id: responseId,
      output_index: 0,
      item: { ...item, status: "in_progress", content: [] },
    });
    for (const word of reply.say.match(/\S+\s*/g) ?? []) {
      send({
        type: "response.output_audio_transcript.delta",
        response_id: responseId,
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        delta: word,
      });
      // 20 ms of 24 kHz PCM16 silence per word stands in for the voice.
      send({
        type: "response.output_audio.delta",
        response_id: responseId,
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        delta: Buffer.alloc(960).toString("base64"),
      });
    }
    send({
      type: "response.output_audio.done",
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
    });
    send({
      type: "response.output_audio_transcript.done",
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      transcript: reply.say,
    });
    send({ type: "response.output_item.done", response_id: responseId, output_index: 0, item });
    send({ type: "response.done", response: { id: responseId, status: "completed", output: [item] } });
  }

  function commit() {
    const itemId = nextId("item");
    send({ type: "input_audio_buffer.committed", item_id: itemId, previous_item_id: null });
    send({
      type: "conversation.item.added",
      item: { id: itemId, type: "message", role: "user", content: [{ type: "input_audio", transcript: null }] },
    });
    lastTranscript = fake.behaviour.transcribe(audioBytes);
    audioBytes = 0;
    send({
      type: "conversation.item.input_audio_transcription.completed",
      item_id: itemId,
      content_index: 0,
      transcript: lastTranscript,
    });
  }

  // Server VAD as OpenAI's: loud PCM16 (24 kHz) starts speech, 500 ms of quiet ends it, commits and responds.
  const isServerVad = () =>
    (session.audio?.input?.turn_detection as { type?: string } | undefined)?.type === "server_vad";
  let isSpeech = false;
  let quietSamples = 0;
  function serverVad(pcm: Buffer) {
    let sum = 0;
    for (let i = 0; i + 1 < pcm.length; i += 2) sum += (pcm.readInt16LE(i) / 32768) ** 2;
    const rms = Math.sqrt(sum / Math.max(1, pcm.length / 2));
    if (rms > 0.02) {
      quietSamples = 0;
      if (!isSpeech) send({ type: "input_audio_buffer.speech_started", audio_start_ms: 0, item_id: nextId("item") });
      isSpeech = true;
      return;
    }
    if (!isSpeech) return;
    quietSamples += pcm.length / 2;
    if (quietSamples < 12_000) return;
    isSpeech = false;
    quietSamples = 0;
    send({ type: "input_audio_buffer.speech_stopped", audio_end_ms: 0, item_id: nextId("item") });
    commit();
    respond();
  }

  ws.on("message", (data) => {
    let event: { type?: string; [key: string]: unknown };
    try {
      event = JSON.parse(String(data)) as typeof event;
    } catch {
      return send({
        type: "error",
        error: { type: "invalid_request_error", code: "invalid_json", message: "Invalid JSON" },
      });
    }
    fake.clientEvents.push(event as FakeRealtime["clientEvents"][number]);
    switch (event.type) {
      case "session.update":
        Object.assign(session, event.session as FakeRealtimeSession);
        return send({ type: "session.updated", session });
      case "input_audio_buffer.append": {
        const pcm = Buffer.from(String(event.audio ?? ""), "base64");
        audioBytes += pcm.length;
        if (isServerVad()) serverVad(pcm);
        return;
      }
      case "input_audio_buffer.commit": {
        if (audioBytes === 0)
          return send({
            type: "error",
            error: {
              type: "invalid_request_error",
              code: "input_audio_buffer_commit_empty",
              message: "buffer too small",
            },
          });
        commit();
        return;
      }
      case "conversation.item.create": {
        const item = event.item as {
          type?: string;
          call_id?: string;
          output?: string;
          role?: string;
          content?: { text?: string }[];
        };
        if (item?.type === "function_call_output") toolOutputs.push(String(item.output ?? ""));
        if (item?.type === "message" && item.role === "user")
          lastTranscript = item.content?.map((part) => part.text ?? "").join(" ") ?? "";
        return send({ type: "conversation.item.added", item: { id: nextId("item"), ...item } });
      }
      case "response.create":
        return respond();
      default:
        return send({
          type: "error",
          error: { type: "invalid_request_error", code: "unknown_event", message: `Unknown event type: ${event.type}` },
        });
    }
  });
}
