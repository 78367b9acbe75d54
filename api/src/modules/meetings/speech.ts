// Speech to text for meeting chunks through the OpenAI-compatible /audio/transcriptions of STT_BASE_URL (else
// OPENAI_BASE_URL). Unlike the voice questions, chunks go as they came (WebM/Ogg Opus, MP4/AAC): every such
// server takes those containers, and re-encoding each few-second chunk would cost ffmpeg's start-up each time.
import { toFile } from "openai";
import type { ServiceContext } from "../../lib/context.ts";
import { createSttClient } from "../../lib/openai.ts";
import type { AudioFormat } from "../voice/audio-format.ts";

export interface MeetingSpeech {
  isConfigured: boolean;
  /** The chunk's text; `prompt` is the text before it, so names and terms stay the same across chunks. */
  transcribe(input: { audio: Buffer; format: AudioFormat; prompt?: string }): Promise<string>;
}

/** How much of the preceding transcript goes as the prompt (Whisper reads about 224 tokens of it). */
export const PROMPT_CHARS = 400;

export function createMeetingSpeech(ctx: ServiceContext, options: { timeoutMs?: number } = {}): MeetingSpeech {
  const client = createSttClient(ctx.config, { timeoutMs: options.timeoutMs ?? 60_000, maxRetries: 0 });
  return {
    isConfigured: client !== null,
    async transcribe({ audio, format, prompt }) {
      if (!client) throw new Error("speech recognition is not configured");
      // Sent as `.ogg`, never `.oga`: some models reject Telegram's name for the same bytes.
      const file = await toFile(audio, `chunk.${format.extension}`, { type: format.mimeType });
      const result = await client.audio.transcriptions.create({
        file,
        model: ctx.config.openai.sttModel,
        language: "ru",
        ...(prompt ? { prompt: prompt.slice(-PROMPT_CHARS) } : {}),
      });
      return result.text.trim();
    },
  };
}
