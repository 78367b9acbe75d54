import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { Message } from "grammy/types";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { AppError } from "@cleaning/api/lib/errors";
import { INT4_MAX } from "@cleaning/api/lib/schemas";
import { exportMeetingText } from "@cleaning/api/modules/meetings/meeting-export";
import { createActionItemTask, createMeetingsDeps } from "@cleaning/api/modules/meetings/meetings.service";
import type { MeetingView } from "@cleaning/api/modules/meetings/meetings.schemas";
import { recordMeetingFromAudio, type RecordingProgress } from "@cleaning/api/modules/meetings/whole-recording";
import { downloadTelegramFile, TELEGRAM_DOWNLOAD_LIMIT } from "@cleaning/api/modules/photos/telegram-files";
import { formatRunAt } from "@cleaning/api/modules/tasks/task-time";
import type { BotContext } from "../context.ts";
import type { BotDeps } from "../index.ts";
import { ru } from "../i18n/ru.ts";
import { withChatAction } from "../middlewares/chat-action.ts";

declare module "../context.ts" {
  interface SessionData {
    /** /meeting was sent: the next voice note or audio file is a планёрка. */
    isAwaitingMeeting?: boolean;
  }
}

/** «Создать напоминание» under a meeting's summary: the meeting and the action item's number. */
export const meetingTaskData = {
  pattern: /^mt:(\d{1,10}):(\d{1,3})$/,
  build: (meetingId: number, n: number) => `mt:${meetingId}:${n}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    const meetingId = match ? Number(match[1]) : NaN;
    return meetingId >= 1 && meetingId <= INT4_MAX ? { meetingId, n: Number(match![2]) } : null;
  },
};

const MEETING_CAPTION = /план[её]рк/i;
const MAX_BUTTONS = 20;

/** The audio of a message: a voice note, an audio file, or a document that is audio. */
function audioOf(message: Message): { fileId: string; size?: number } | null {
  const media =
    message.voice ??
    message.audio ??
    (message.document?.mime_type?.startsWith("audio/") ? message.document : undefined);
  return media ? { fileId: media.file_id, size: media.file_size } : null;
}

function progressText(progress: RecordingProgress): string {
  if (progress.stage === "splitting") return ru.meetings.splitting;
  if (progress.stage === "transcribing") return ru.meetings.transcribing(progress.done, progress.total);
  return ru.meetings.summarizing;
}

/** The summary as a message (within Telegram's 4,096 characters) with one button per action item. */
export function formatMeetingSummary(meeting: MeetingView): { text: string; keyboard?: InlineKeyboard } {
  if (!meeting.summary || (meeting.segments.every((s) => !s.text) && meeting.transcriptNote)) {
    return { text: ru.meetings.recordedWithoutText(meeting.title, meeting.transcriptNote ?? "") };
  }
  const list = (items: string[]) => (items.length ? items.map((item) => `• ${item}`).join("\n") : ru.meetings.none);
  const items = meeting.actionItems.map((item) => {
    const details = [item.who?.label, item.when?.label].filter(Boolean).join(", ");
    return `${item.n}. ${item.text}${details ? ` (${details})` : ""}`;
  });
  const parts = [
    ru.meetings.done(meeting.title),
    `${ru.meetings.overview}:\n${list(meeting.summary.overview)}`,
    `${ru.meetings.decisions}:\n${list(meeting.summary.decisions)}`,
    `${ru.meetings.actionItems}:\n${items.length ? items.join("\n") : ru.meetings.none}`,
  ];
  if (meeting.summary.note) parts.push(`ℹ️ ${meeting.summary.note}`);
  if (meeting.transcriptNote) parts.push(`ℹ️ ${meeting.transcriptNote}`);
  let text = parts.join("\n\n");
  if (text.length > 4000) text = `${text.slice(0, 3990)}…`;
  if (!meeting.actionItems.length) return { text };
  const keyboard = new InlineKeyboard();
  for (const item of meeting.actionItems.slice(0, MAX_BUTTONS))
    keyboard.text(ru.meetings.createTask(item.n), meetingTaskData.build(meeting.id, item.n)).row();
  return { text, keyboard };
}

/**
 * Планёрка from the phone: a voice note or audio file from the office captioned «планёрка» (or sent after /meeting)
 * is recorded as a meeting; a status message follows its progress, then the summary with «Создать напоминание»
 * buttons and the transcript as a .txt. Every other voice note goes on to the voice assistant.
 */
export function meetingsFeature(deps: BotDeps): Composer<BotContext> {
  const meetings = createMeetingsDeps(deps.services);
  const composer = new Composer<BotContext>();
  const known = composer.chatType("private").filter((ctx) => ctx.principal !== null);

  known.command("meeting", async (ctx) => {
    if (!isOfficeRole(ctx.principal!)) return void (await ctx.reply(ru.meetings.officeOnly));
    ctx.session.isAwaitingMeeting = true;
    await ctx.reply(ru.meetings.awaiting);
  });

  known.on(["message:voice", "message:audio", "message:document"], async (ctx, next) => {
    const audio = audioOf(ctx.message);
    const isMeeting = MEETING_CAPTION.test(ctx.message.caption ?? "") || ctx.session.isAwaitingMeeting === true;
    if (!audio || !isMeeting || !isOfficeRole(ctx.principal!)) return next();
    ctx.session.isAwaitingMeeting = false;
    if ((audio.size ?? 0) > TELEGRAM_DOWNLOAD_LIMIT) return void (await ctx.reply(ru.meetings.tooLarge));
    const status = await ctx.reply(ru.meetings.downloading);
    let lastText = ru.meetings.downloading;
    const show = async (text: string) => {
      if (text === lastText) return;
      lastText = text;
      await ctx.api.editMessageText(ctx.chat.id, status.message_id, text);
    };
    let meeting: MeetingView;
    try {
      meeting = await withChatAction(ctx, "typing", async () => {
        const bytes = Buffer.from(await downloadTelegramFile(ctx.services.config.telegram, audio.fileId));
        const title = ctx.message.caption?.replace(/\s+/g, " ").trim().slice(0, 200) || undefined;
        return recordMeetingFromAudio(meetings, {
          principal: ctx.principal!,
          audio: bytes,
          title,
          onProgress: (progress) => show(progressText(progress)),
        });
      });
    } catch (error) {
      const message = error instanceof AppError ? error.userMessage : ru.meetings.retry;
      if (!(error instanceof AppError)) ctx.services.logger.error({ err: error }, "bot: meeting from audio failed");
      await show(ru.meetings.failed(message)).catch(() => undefined);
      return;
    }
    await show(ru.meetings.done(meeting.title)).catch(() => undefined);
    const summary = formatMeetingSummary(meeting);
    await ctx.reply(summary.text, { reply_markup: summary.keyboard });
    if (meeting.segments.some((segment) => segment.text)) {
      const transcript = exportMeetingText(meeting, ctx.services.config.timeZone);
      await withChatAction(ctx, "upload_document", () =>
        ctx.replyWithDocument(
          new InputFile(Buffer.from(transcript, "utf8"), ru.meetings.transcriptFileName(meeting.id)),
          {
            caption: ru.meetings.transcriptCaption,
          },
        ),
      );
    }
  });

  known.callbackQuery(meetingTaskData.pattern, async (ctx) => {
    const parsed = meetingTaskData.parse(ctx.callbackQuery.data);
    if (!parsed || !isOfficeRole(ctx.principal!))
      return void (await ctx.answerCallbackQuery({ text: ru.meetings.officeOnly, show_alert: true }));
    try {
      const result = await createActionItemTask(meetings, {
        principal: ctx.principal!,
        meetingId: parsed.meetingId,
        n: parsed.n,
      });
      const when = result.task.nextRunAt
        ? formatRunAt(new Date(result.task.nextRunAt), ctx.services.config.timeZone)
        : "";
      const line = `${result.task.targetLabel} ${when}: ${result.task.text}`;
      await ctx.answerCallbackQuery();
      await ctx.reply(result.isNew ? ru.meetings.taskCreated(line) : ru.meetings.taskExists(line));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await ctx.answerCallbackQuery();
      await ctx.reply(error.userMessage);
    }
  });
  return composer;
}
