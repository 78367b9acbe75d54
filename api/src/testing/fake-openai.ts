// A local OpenAI-compatible server for tests, driven through the real `openai` SDK: chat completions (plain,
// tool calls, streaming), audio transcriptions and speech. Each endpoint's behaviour is a replaceable function,
// and `app` is an Express app, so other modules add endpoints (/v1/embeddings ...) with `fake.app.post(...)`.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express, { type Express, type Request, type Response } from "express";
import multer from "multer";

export interface FakeChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content?: string | null;
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface FakeChatRequest {
  model: string;
  messages: FakeChatMessage[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters?: unknown } }[];
  stream?: boolean;
}

/** What the fake model "says": text, tool calls, or an HTTP error like a real provider's. */
export type FakeChatReply =
  | { content: string }
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[] }
  | { error: { status: number; message: string } };

export interface FakeUpload {
  buffer: Buffer;
  filename: string;
  mimeType: string;
  fields: Record<string, string>;
}

export interface FakeOpenAIBehaviour {
  /** Decides each chat completion; the default echoes the last user message. */
  chat: (request: FakeChatRequest) => FakeChatReply | Promise<FakeChatReply>;
  /** Decides each transcription: the text, or an error. */
  transcribe: (upload: FakeUpload) => string | { error: { status: number; message: string } };
  /** Milliseconds to wait before answering, per endpoint (timeouts). */
  delayMs: { chat: number; transcription: number; speech: number };
}

export interface FakeOpenAI {
  /** Root URL of the server (`http://127.0.0.1:<port>`). */
  url: string;
  /** What to pass as OPENAI_BASE_URL. */
  baseUrl: string;
  apiKey: string;
  app: Express;
  behaviour: FakeOpenAIBehaviour;
  chatRequests: FakeChatRequest[];
  transcriptions: FakeUpload[];
  speechRequests: { model: string; voice: string; input: string; response_format?: string }[];
  /** Bodies of /v1/embeddings calls (the knowledge base). */
  embeddingRequests: { model: string; input: string | string[]; dimensions?: number }[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short mono 16-bit PCM WAV tone: what the fake /audio/speech returns (real servers may also answer WAV). */
export function createToneWav(seconds = 0.4, sampleRate = 16_000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), 44 + i * 2);
  return wav;
}

const defaultBehaviour = (): FakeOpenAIBehaviour => ({
  chat: (request) => {
    const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
    return { content: `Эхо: ${lastUser?.content ?? ""}` };
  },
  transcribe: () => "какие дома у нас завтра",
  delayMs: { chat: 0, transcription: 0, speech: 0 },
});

let completionCounter = 0;

function completionChunks(reply: Exclude<FakeChatReply, { error: unknown }>, model: string) {
  const id = `chatcmpl-fake-${++completionCounter}`;
  const base = { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model };
  if ("content" in reply) {
    // Word-sized deltas, as real servers stream.
    const parts = reply.content.match(/\S+\s*|\s+/g) ?? [""];
    return [
      ...parts.map((part, index) => ({
        ...base,
        choices: [
          {
            index: 0,
            delta: index === 0 ? { role: "assistant", content: part } : { content: part },
            finish_reason: null,
          },
        ],
      })),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
    ];
  }
  return [
    ...reply.toolCalls.map((call, index) => ({
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            role: "assistant",
            tool_calls: [
              {
                index,
                id: `call_${completionCounter}_${index}`,
                type: "function",
                function: { name: call.name, arguments: JSON.stringify(call.arguments) },
              },
            ],
          },
          finish_reason: null,
        },
      ],
    })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
  ];
}

function completionBody(reply: Exclude<FakeChatReply, { error: unknown }>, model: string) {
  const id = `chatcmpl-fake-${++completionCounter}`;
  const message =
    "content" in reply
      ? { role: "assistant", content: reply.content }
      : {
          role: "assistant",
          content: null,
          tool_calls: reply.toolCalls.map((call, index) => ({
            id: `call_${completionCounter}_${index}`,
            type: "function",
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        };
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: "content" in reply ? "stop" : "tool_calls" }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

const sendError = (res: Response, status: number, message: string) =>
  void res
    .status(status)
    .json({ error: { message, type: status === 401 ? "invalid_request_error" : "server_error", code: null } });

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeOpenAI(
  options: { apiKey?: string; behaviour?: Partial<FakeOpenAIBehaviour> } = {},
): Promise<FakeOpenAI> {
  const apiKey = options.apiKey ?? "sk-test";
  const behaviour: FakeOpenAIBehaviour = { ...defaultBehaviour(), ...options.behaviour };
  const app = express();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 25 * 1024 * 1024 } });
  const fake = {
    apiKey,
    app,
    behaviour,
    chatRequests: [],
    transcriptions: [],
    speechRequests: [],
  } as unknown as FakeOpenAI;

  app.use(express.json({ limit: "5mb" }));
  app.use((req: Request, res: Response, next) => {
    if (req.get("authorization") !== `Bearer ${apiKey}`) return sendError(res, 401, "Incorrect API key provided");
    next();
  });

  app.post("/v1/chat/completions", async (req: Request, res: Response) => {
    const request = req.body as FakeChatRequest;
    fake.chatRequests.push(structuredClone(request));
    if (fake.behaviour.delayMs.chat) await sleep(fake.behaviour.delayMs.chat);
    if (res.destroyed || req.socket.destroyed) return;
    const reply = await fake.behaviour.chat(request);
    if ("error" in reply) return sendError(res, reply.error.status, reply.error.message);
    if (!request.stream) return void res.json(completionBody(reply, request.model));
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    for (const chunk of completionChunks(reply, request.model)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    res.end("data: [DONE]\n\n");
  });

  app.post("/v1/audio/transcriptions", upload.single("file"), async (req: Request, res: Response) => {
    if (!req.file) return sendError(res, 400, "file is required");
    const received: FakeUpload = {
      buffer: req.file.buffer,
      filename: req.file.originalname,
      mimeType: req.file.mimetype,
      fields: { ...(req.body as Record<string, string>) },
    };
    fake.transcriptions.push(received);
    if (fake.behaviour.delayMs.transcription) await sleep(fake.behaviour.delayMs.transcription);
    if (res.destroyed || req.socket.destroyed) return;
    const result = fake.behaviour.transcribe(received);
    if (typeof result !== "string") return sendError(res, result.error.status, result.error.message);
    res.json({ text: result });
  });

  app.post("/v1/audio/speech", async (req: Request, res: Response) => {
    const body = req.body as FakeOpenAI["speechRequests"][number];
    fake.speechRequests.push(body);
    if (fake.behaviour.delayMs.speech) await sleep(fake.behaviour.delayMs.speech);
    if (res.destroyed || req.socket.destroyed) return;
    res.type("audio/wav").send(createToneWav());
  });

  // Deterministic embeddings: each word lights one bucket, so texts sharing words are similar, as with a real model.
  fake.embeddingRequests = [];
  app.post("/v1/embeddings", (req: Request, res: Response) => {
    const body = req.body as FakeOpenAI["embeddingRequests"][number];
    fake.embeddingRequests.push(body);
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const size = body.dimensions ?? 1536;
    const data = inputs.map((text, index) => {
      const vector = new Array<number>(size).fill(0);
      for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        let h = 7;
        for (const char of word.slice(0, 5)) h = (h * 31 + char.charCodeAt(0)) % size;
        vector[h]! += 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return { object: "embedding", index, embedding: vector.map((x) => x / norm) };
    });
    res.json({
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  });

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.baseUrl = `${fake.url}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
