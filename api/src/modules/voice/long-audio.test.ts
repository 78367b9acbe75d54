import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { fixedClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../../testing/fake-openai.ts";
import { createTestConfig, TEST_NOW } from "../../testing/test-db.ts";
import { encodeOggOpus, probeDurationSeconds } from "./ffmpeg.ts";
import { createVoiceService } from "./voice.service.ts";

/** `seconds` of near-silence as 8 kHz 8-bit mono WAV: ten minutes in under 5 MB, well within the 20 MB limit. */
function createLongWav(seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(seconds * rate, 0x80);
  for (let i = 0; i < data.length; i += 97) data[i] = 0x81;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // bytes per second
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe("an over-long recording", () => {
  let fake: FakeOpenAI;
  const long = createLongWav(10 * 60);
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it("has its declared length read from the headers, without decoding", async () => {
    expect(await probeDurationSeconds(long, { inputExtension: "wav" })).toBeCloseTo(600, 0);
  });

  it("is decoded only to just past a limit", async () => {
    const encoded = await encodeOggOpus(long, { inputExtension: "wav", maxSeconds: 5 });
    expect(encoded.durationSeconds).toBeGreaterThan(5);
    expect(encoded.durationSeconds).toBeLessThan(7);
  });

  it("is refused as too long before it is decoded, and never reaches the recognition server", async () => {
    const config = createTestConfig({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl });
    const voice = createVoiceService({
      db: undefined as unknown as Database,
      config,
      logger: createLogger("silent"),
      clock: fixedClock(TEST_NOW),
    });
    expect(long.length).toBeLessThan(20 * 1024 * 1024);
    await expect(voice.transcribe({ audio: long })).rejects.toMatchObject({ code: "audio_too_long", status: 413 });
    expect(fake.transcriptions).toHaveLength(0);
  });
});
