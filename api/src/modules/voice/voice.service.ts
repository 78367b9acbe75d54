import OpenAI, { APIConnectionTimeoutError, APIError, toFile } from "openai";
import type { ServiceContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { createOpenAIClient } from "../../lib/openai.ts";
import { detectAudioFormat, isOggOpus } from "./audio-format.ts";
import { encodeOggOpus, probeDurationSeconds } from "./ffmpeg.ts";
import { synthesizeOffline } from "./offline-tts.ts";
import { toSpokenText } from "./speech-text.ts";

/** Telegram's getFile limit, and ours for uploads. */
export const MAX_AUDIO_BYTES = 20 * 1024 * 1024;
/** Longer recordings are rarely questions; they cost transcription time and money. */
export const MAX_AUDIO_SECONDS = 300;

export interface SpeechAudio {
  /** OGG/Opus bytes. */
  audio: Buffer;
  /** Seconds, when known (Telegram shows it on the voice note). */
  durationSeconds?: number;
  engine: "openai" | "espeak";
}

export interface VoiceService {
  isSttConfigured: boolean;
  /** Speech to text through the configured OpenAI-compatible `/audio/transcriptions`. */
  transcribe(input: { audio: Buffer; durationSeconds?: number }): Promise<{ text: string; durationSeconds: number }>;
  /** Text to an OGG/Opus voice note: `/audio/speech` when configured and working, else offline espeak-ng. */
  synthesize(text: string): Promise<SpeechAudio>;
}

export interface VoiceOptions {
  openai?: OpenAI | null;
  sttTimeoutMs?: number;
  ttsTimeoutMs?: number;
  /** `offline` never calls `/audio/speech` (servers such as Ollama have none). */
  tts?: "auto" | "offline";
}

export const STT_NOT_CONFIGURED_MESSAGE =
  "Распознавание речи не настроено: администратору нужно задать OPENAI_API_KEY (и OPENAI_BASE_URL для своего сервера). Пока напишите вопрос текстом.";

const tooLong = () =>
  new AppError("audio_too_long", {
    status: 413,
    userMessage: `Запись слишком длинная: распознаю до ${MAX_AUDIO_SECONDS / 60} минут. Задайте вопрос короче.`,
  });

/** Voice in and out, shared by the bot and the mini-app's push-to-talk routes. */
export function createVoiceService(ctx: ServiceContext, options: VoiceOptions = {}): VoiceService {
  const client = options.openai === undefined ? createOpenAIClient(ctx.config) : options.openai;
  const sttTimeoutMs = options.sttTimeoutMs ?? 60_000;
  const ttsTimeoutMs = options.ttsTimeoutMs ?? 30_000;
  // A server that has no /audio/speech (404) is not asked again until restart.
  let isRemoteTtsAvailable = options.tts !== "offline";

  async function synthesizeRemote(openai: OpenAI, input: string): Promise<SpeechAudio> {
    const response = await openai.audio.speech.create(
      { model: ctx.config.openai.ttsModel, voice: ctx.config.openai.ttsVoice, input, response_format: "opus" },
      { timeout: ttsTimeoutMs, maxRetries: 0 },
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    if (isOggOpus(bytes)) return { audio: bytes, engine: "openai" };
    // Some compatible servers ignore response_format and answer WAV or MP3.
    const encoded = await encodeOggOpus(bytes, { inputExtension: detectAudioFormat(bytes)?.extension });
    return { audio: encoded.audio, durationSeconds: encoded.durationSeconds, engine: "openai" };
  }

  return {
    isSttConfigured: client !== null,

    async transcribe(input) {
      if (!client) throw new AppError("stt_not_configured", { status: 503, userMessage: STT_NOT_CONFIGURED_MESSAGE });
      if (input.audio.length > MAX_AUDIO_BYTES) {
        throw new AppError("audio_too_large", {
          status: 413,
          userMessage: "Файл больше 20 МБ: запишите вопрос короче.",
        });
      }
      if ((input.durationSeconds ?? 0) > MAX_AUDIO_SECONDS) throw tooLong();
      const format = detectAudioFormat(input.audio);
      if (!format) {
        throw new AppError("invalid_audio", {
          status: 400,
          userMessage: "Это не похоже на аудиозапись: файл повреждён или в неизвестном формате",
        });
      }
      // A 20 MB file can hold hours of low-bitrate speech. The length its headers declare is checked before any
      // decoding, and decoding stops just past the limit in case they lie (or say nothing, like a live WebM).
      if (((await probeDurationSeconds(input.audio, { inputExtension: format.extension })) ?? 0) > MAX_AUDIO_SECONDS)
        throw tooLong();
      const encoded = await encodeOggOpus(input.audio, {
        inputExtension: format.extension,
        maxSeconds: MAX_AUDIO_SECONDS,
      });
      if (encoded.durationSeconds > MAX_AUDIO_SECONDS) throw tooLong();
      let text: string;
      try {
        // Sent as `.ogg`: some models reject Telegram's `.oga` name for the same bytes.
        const file = await toFile(encoded.audio, "voice.ogg", { type: "audio/ogg" });
        const result = await client.audio.transcriptions.create(
          { file, model: ctx.config.openai.sttModel, language: "ru" },
          { timeout: sttTimeoutMs, maxRetries: 1 },
        );
        text = result.text.trim();
      } catch (error) {
        ctx.logger.warn({ err: error }, "speech recognition failed");
        if (error instanceof APIConnectionTimeoutError) {
          throw new AppError("stt_timeout", {
            status: 504,
            userMessage: "Сервис распознавания речи не ответил вовремя. Попробуйте ещё раз или напишите текстом.",
          });
        }
        const detail = error instanceof APIError && error.status ? ` (ошибка ${error.status})` : "";
        throw new AppError("stt_failed", {
          status: 502,
          userMessage: `Не удалось распознать речь${detail}. Попробуйте ещё раз или напишите текстом.`,
        });
      }
      if (!text) {
        throw new AppError("empty_transcript", {
          status: 422,
          userMessage: "Не разобрал ни слова. Скажите ещё раз чуть громче или напишите текстом.",
        });
      }
      return { text, durationSeconds: encoded.durationSeconds };
    },

    async synthesize(text) {
      const spoken = toSpokenText(text);
      if (!spoken) throw new AppError("empty_text", { status: 400, userMessage: "Нечего озвучивать: текст пустой" });
      if (client && isRemoteTtsAvailable) {
        try {
          return await synthesizeRemote(client, spoken);
        } catch (error) {
          if (error instanceof APIError && error.status === 404) isRemoteTtsAvailable = false;
          ctx.logger.warn({ err: error }, "remote speech synthesis failed; using offline espeak-ng");
        }
      }
      const wav = await synthesizeOffline(spoken);
      const encoded = await encodeOggOpus(wav, { inputExtension: "wav" });
      return { audio: encoded.audio, durationSeconds: encoded.durationSeconds, engine: "espeak" };
    },
  };
}
