import { Composer, InputFile } from "grammy";
import { AppError } from "@cleaning/api/lib/errors";
import { createAssistantService } from "@cleaning/api/modules/assistant/assistant.service";
import {
  createVoiceService,
  MAX_AUDIO_BYTES,
  MAX_AUDIO_SECONDS,
  STT_NOT_CONFIGURED_MESSAGE,
} from "@cleaning/api/modules/voice/voice.service";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import type { BotDeps } from "../index.ts";
import { withChatAction } from "../middlewares/chat-action.ts";
import { isTaskRequest, proposeTask } from "./tasks.ts";

const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Downloads a file the user sent (getFile links work up to 20 MB). */
async function downloadFile(ctx: BotContext, apiRoot: string): Promise<Buffer> {
  const file = await ctx.getFile();
  if (!file.file_path) throw new AppError("file_unavailable", { userMessage: ru.voice.noFilePath });
  const response = await fetch(`${apiRoot}/file/bot${ctx.api.token}/${file.file_path}`, {
    signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
  });
  if (!response.ok) throw new AppError("file_unavailable", { status: 502, userMessage: ru.voice.downloadFailed });
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Voice questions: a voice note (or an audio file, or a video note) is transcribed, the transcript shown as
 * "🗣 …", the assistant answers in text, and the answer follows as a voice note (OGG/Opus).
 */
export function voiceFeature(deps: BotDeps): Composer<BotContext> {
  const assistant = createAssistantService(deps.services);
  const voice = createVoiceService(deps.services);
  const apiRoot = deps.apiRoot ?? deps.services.config.telegram.apiRoot;
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private").filter((ctx) => ctx.principal !== null);

  privateChat.on(["message:voice", "message:audio", "message:video_note"], async (ctx) => {
    const media = ctx.message.voice ?? ctx.message.audio ?? ctx.message.video_note!;
    if (!voice.isSttConfigured) return void (await ctx.reply(STT_NOT_CONFIGURED_MESSAGE));
    if ((media.file_size ?? 0) > MAX_AUDIO_BYTES) return void (await ctx.reply(ru.voice.tooLarge));
    if (media.duration > MAX_AUDIO_SECONDS) return void (await ctx.reply(ru.voice.tooLong(MAX_AUDIO_SECONDS / 60)));

    const { text } = await withChatAction(ctx, "typing", async () =>
      voice.transcribe({ audio: await downloadFile(ctx, apiRoot), durationSeconds: media.duration }),
    );
    await ctx.reply(ru.voice.transcript(text));
    // "Напомни 2 бригаде завтра в 8:30 …" said aloud is a reminder, confirmed like a typed one.
    if (isTaskRequest(text)) return void (await proposeTask(ctx, text));
    const reply = await withChatAction(ctx, "typing", () =>
      assistant.ask({ principal: ctx.principal!, message: text, telegramChatId: BigInt(ctx.chat.id) }),
    );
    await ctx.reply(reply.answer.slice(0, 4096));

    // The text answer is already there: a failed synthesis costs only the voice note, never the answer.
    try {
      const speech = await withChatAction(ctx, "record_voice", () => voice.synthesize(reply.answer));
      await ctx.replyWithVoice(new InputFile(speech.audio, "answer.ogg"), {
        duration: speech.durationSeconds === undefined ? undefined : Math.max(1, Math.round(speech.durationSeconds)),
      });
    } catch (error) {
      ctx.services.logger.warn({ err: error, updateId: ctx.update.update_id }, "bot: spoken answer failed");
    }
  });
  return composer;
}
