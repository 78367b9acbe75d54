import { describe, expect, it } from "vitest";
import { createToneWav } from "../../testing/fake-openai.ts";
import { isOggOpus } from "../voice/audio-format.ts";
import { encodeOggOpus } from "../voice/ffmpeg.ts";
import { splitAudio } from "./whole-recording.ts";

describe("a whole recording cut into chunks", () => {
  it("cuts Opus by stream copy and other audio by re-encoding into OGG/Opus pieces", async () => {
    const opus = (await encodeOggOpus(createToneWav(3.2), { inputExtension: "wav" })).audio;
    const pieces = await splitAudio(opus, { pieceSeconds: 1 });
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(pieces.every(isOggOpus)).toBe(true);
    const fromWav = await splitAudio(createToneWav(2.5), { pieceSeconds: 1 });
    expect(fromWav.length).toBe(3);
    expect(fromWav.every(isOggOpus)).toBe(true);
  });

  it("refuses what is not audio", async () => {
    await expect(splitAudio(Buffer.from("%PDF-1.7 certainly not audio"))).rejects.toMatchObject({ status: 415 });
  });
});
