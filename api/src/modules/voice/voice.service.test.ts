import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { createLogger } from "../../lib/logger.ts";
import { createToneWav, startFakeOpenAI, type FakeOpenAI } from "../../testing/fake-openai.ts";
import { createTestConfig, TEST_NOW } from "../../testing/test-db.ts";
import { detectAudioFormat, isOggOpus } from "./audio-format.ts";
import { toSpokenText } from "./speech-text.ts";
import { createVoiceService, STT_NOT_CONFIGURED_MESSAGE } from "./voice.service.ts";
import { fixedClock } from "../../lib/clock.ts";

// Voice needs no database: a context without one proves it.
function voiceContext(env: Record<string, string> = {}): ServiceContext {
  const config = createTestConfig(env);
  return { db: undefined as unknown as Database, config, logger: createLogger("silent"), clock: fixedClock(TEST_NOW) };
}

let fake: FakeOpenAI;
let onlineCtx: ServiceContext;
let spokenOgg: Buffer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  onlineCtx = voiceContext({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl });
  spokenOgg = (await createVoiceService(voiceContext()).synthesize("Какие дома у нас завтра?")).audio;
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.transcriptions.length = 0;
  fake.behaviour.transcribe = () => "какие дома у нас завтра";
  fake.behaviour.delayMs.transcription = 0;
});

describe("speech synthesis", () => {
  it("speaks offline with espeak-ng as a real OGG/Opus voice note", async () => {
    const speech = await createVoiceService(voiceContext()).synthesize(
      "Завтра у бригады №3 два дома: улица Кибальчича, 3.",
    );
    expect(speech.engine).toBe("espeak");
    expect(isOggOpus(speech.audio)).toBe(true);
    expect(speech.durationSeconds).toBeGreaterThan(1);
  });

  it("uses /audio/speech when configured and re-encodes a WAV answer to OGG/Opus", async () => {
    const speech = await createVoiceService(onlineCtx).synthesize("Проверка");
    expect(speech.engine).toBe("openai");
    expect(isOggOpus(speech.audio)).toBe(true);
    expect(fake.speechRequests.at(-1)).toMatchObject({
      model: "tts-1",
      voice: "alloy",
      input: "Проверка",
      response_format: "opus",
    });
  });

  it("falls back to espeak-ng when the server has no /audio/speech", async () => {
    const noSpeech = await startFakeOpenAI();
    const ctx = voiceContext({ OPENAI_API_KEY: noSpeech.apiKey, OPENAI_BASE_URL: `${noSpeech.url}/missing/v1` });
    try {
      const speech = await createVoiceService(ctx).synthesize("Проверка");
      expect(speech.engine).toBe("espeak");
      expect(isOggOpus(speech.audio)).toBe(true);
    } finally {
      await noSpeech.close();
    }
  });

  it("turns written answers into speakable text", () => {
    expect(toSpokenText("⚠️ Завтра (27.11) у бригады №3:\n1. улица Кибальчича, 3\n2. Тульская улица, 64")).toBe(
      "Завтра (27 ноября) у бригады номер 3: улица Кибальчича, 3. Тульская улица, 64",
    );
    const long = toSpokenText("Очень длинный ответ. ".repeat(100));
    expect(long.length).toBeLessThan(560);
    expect(long.endsWith("Остальное — в сообщении.")).toBe(true);
  });
});

describe("speech recognition", () => {
  it("sends the voice note as .ogg through the real SDK and returns the text", async () => {
    const result = await createVoiceService(onlineCtx).transcribe({ audio: spokenOgg });
    expect(result.text).toBe("какие дома у нас завтра");
    expect(result.durationSeconds).toBeGreaterThan(0.5);
    const [upload] = fake.transcriptions;
    expect(upload).toMatchObject({
      filename: "voice.ogg",
      mimeType: "audio/ogg",
      fields: { model: "whisper-1", language: "ru" },
    });
    expect(isOggOpus(upload!.buffer)).toBe(true);
  });

  it("says clearly that recognition is not configured", async () => {
    await expect(createVoiceService(voiceContext()).transcribe({ audio: spokenOgg })).rejects.toMatchObject({
      code: "stt_not_configured",
      status: 503,
      userMessage: STT_NOT_CONFIGURED_MESSAGE,
    });
  });

  it("rejects corrupt audio before calling the server", async () => {
    const voice = createVoiceService(onlineCtx);
    const garbage = Buffer.from("это вовсе не аудио, а текстовый файл с расширением .oga");
    await expect(voice.transcribe({ audio: garbage })).rejects.toMatchObject({
      code: "invalid_audio",
      userMessage: expect.stringContaining("повреждён"),
    });
    const brokenOgg = Buffer.concat([Buffer.from("OggS"), Buffer.alloc(4000, 7)]);
    await expect(voice.transcribe({ audio: brokenOgg })).rejects.toMatchObject({ code: "invalid_audio" });
    expect(fake.transcriptions).toHaveLength(0);
  });

  it("refuses recordings that are too long or too large", async () => {
    const voice = createVoiceService(onlineCtx);
    await expect(voice.transcribe({ audio: spokenOgg, durationSeconds: 301 })).rejects.toMatchObject({
      code: "audio_too_long",
      status: 413,
    });
    await expect(voice.transcribe({ audio: Buffer.alloc(21 * 1024 * 1024) })).rejects.toMatchObject({
      code: "audio_too_large",
    });
  });

  it("turns server errors, timeouts and silence into messages for people", async () => {
    fake.behaviour.transcribe = () => ({ error: { status: 400, message: "Invalid file format" } });
    await expect(createVoiceService(onlineCtx).transcribe({ audio: spokenOgg })).rejects.toMatchObject({
      code: "stt_failed",
      userMessage: "Не удалось распознать речь (ошибка 400). Попробуйте ещё раз или напишите текстом.",
    });
    fake.behaviour.transcribe = () => "   ";
    await expect(createVoiceService(onlineCtx).transcribe({ audio: spokenOgg })).rejects.toMatchObject({
      code: "empty_transcript",
    });
    fake.behaviour.transcribe = () => "поздно";
    fake.behaviour.delayMs.transcription = 2_000;
    await expect(
      createVoiceService(onlineCtx, { sttTimeoutMs: 200 }).transcribe({ audio: spokenOgg }),
    ).rejects.toMatchObject({ code: "stt_timeout" });
  });
});

describe("audio formats", () => {
  it("recognises containers by their first bytes", () => {
    expect(detectAudioFormat(createToneWav())?.extension).toBe("wav");
    expect(detectAudioFormat(Buffer.from("OggS\0\x02\0\0\0\0\0\0\0\0", "latin1"))?.extension).toBe("ogg");
    expect(detectAudioFormat(Buffer.from("\0\0\0\x20ftypM4A \0\0\0\0", "latin1"))?.extension).toBe("m4a");
    expect(detectAudioFormat(Buffer.from("%PDF-1.7 not audio", "latin1"))).toBeNull();
  });
});
