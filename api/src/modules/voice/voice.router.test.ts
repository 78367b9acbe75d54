import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { createAssistantFeature } from "../assistant/assistant.feature.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../../testing/fake-openai.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { isOggOpus } from "./audio-format.ts";

// A schema on the local PostgreSQL server starts far faster than a fresh PGlite on a loaded machine.
let db: Database;
let drop: () => Promise<void>;
let fake: FakeOpenAI;

async function appFor(ctx: ServiceContext): Promise<Express> {
  const registry = new OpenAPIRegistry();
  const feature = await createAssistantFeature()({ ctx, scheduler: undefined as never, hasVector: false, registry });
  return createApp({
    ctx,
    hasVector: false,
    registry,
    miniAppDir: null,
    apiRouters: feature.apiRouters,
    healthChecks: feature.healthChecks,
  }).app;
}

beforeAll(async () => {
  ({ db, drop } = await createPostgresTestDatabase());
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake.close();
  await drop();
});

describe("voice routes for the mini-app's push-to-talk", () => {
  it("speaks text as audio/ogg and transcribes it back", async () => {
    const app = await appFor(createTestContext(db, { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl }));
    const speech = await request(app)
      .post("/api/voice/speak")
      .set("Authorization", "demo")
      .send({ text: "Что у нас сегодня?" });
    expect(speech.status).toBe(200);
    expect(speech.headers["content-type"]).toBe("audio/ogg");
    expect(isOggOpus(speech.body as Buffer)).toBe(true);

    fake.behaviour.transcribe = () => "что у нас сегодня";
    const transcript = await request(app)
      .post("/api/voice/transcribe")
      .set("Authorization", "demo")
      .attach("file", speech.body as Buffer, { filename: "recording.webm", contentType: "audio/webm" });
    expect(transcript.status).toBe(200);
    expect(transcript.body).toEqual({ text: "что у нас сегодня" });
    expect(fake.transcriptions.at(-1)!.filename).toBe("voice.ogg");
  });

  it("answers clear errors: no file, corrupt file, recognition not configured", async () => {
    const offline = await appFor(createTestContext(db));
    const notConfigured = await request(offline)
      .post("/api/voice/transcribe")
      .set("Authorization", "demo")
      .attach("file", Buffer.from("OggS"), "voice.ogg");
    expect(notConfigured.status).toBe(503);
    expect(notConfigured.body.error.message).toContain("Распознавание речи не настроено");

    const online = await appFor(createTestContext(db, { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl }));
    const missing = await request(online).post("/api/voice/transcribe").set("Authorization", "demo");
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("Прикрепите аудиофайл");
    const corrupt = await request(online)
      .post("/api/voice/transcribe")
      .set("Authorization", "demo")
      .attach("file", Buffer.from("definitely not audio, just text pretending"), "voice.oga");
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.error.code).toBe("invalid_audio");

    const empty = await request(online).post("/api/voice/speak").set("Authorization", "demo").send({ text: "" });
    expect(empty.status).toBe(400);
    expect((await request(online).post("/api/voice/speak").send({ text: "без входа" })).status).toBe(401);
  });
});
