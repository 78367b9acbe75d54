import { Composer, InlineKeyboard } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { AppError } from "@cleaning/api/lib/errors";
import { createKnowledgeContext, type KnowledgeContext } from "@cleaning/api/modules/knowledge/knowledge-context";
import {
  confirmDocument,
  getDocument,
  rejectDocument,
  submitDocument,
  type IngestStage,
  type KnowledgeDocumentView,
} from "@cleaning/api/modules/knowledge/knowledge.service";
import { cancelOcrJob, waitForOcrJob, type OcrJobView } from "@cleaning/api/modules/knowledge/ocr/ocr-jobs";
import type { BotContext } from "../context.ts";
import type { BotDeps } from "../index.ts";
import { ru } from "../i18n/ru.ts";
import { withChatAction } from "../middlewares/chat-action.ts";

/** Telegram lets bots download files up to 20 MB (getFile). */
const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** "Сохранить" / "Отклонить" under a pending document. */
export const knowledgeDocumentData = {
  pattern: /^kd:(save|reject):(\d{1,9})$/,
  build: (action: "save" | "reject", documentId: number) => `kd:${action}:${documentId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { action: match[1] as "save" | "reject", documentId: Number(match[2]) } : null;
  },
};

const STAGE_TEXT: Record<IngestStage, string> = ru.documents.stages;

/** "Отменить распознавание" under a scan being recognised. */
export const ocrJobData = {
  pattern: /^ko:cancel:(\d{1,9})$/,
  build: (jobId: number) => `ko:cancel:${jobId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? Number(match[1]) : null;
  },
};

/** «в базу …» or /learn at the start of a caption or a reply: the picture is a document, not a report photo. */
export const LEARN_CAPTION = /^\s*(?:в\s+базу|\/learn(?:@\w+)?)(?=$|[\s.,:;!])/iu;

/** A photo's name: what follows «в базу» in the caption, else a numbered «Фото документа». */
function photoName(caption: string | undefined, messageId: number): string {
  const rest = (caption ?? "")
    .replace(LEARN_CAPTION, "")
    .replace(/^[\s.,:;!—-]+/u, "")
    .trim()
    .slice(0, 120);
  return rest ? `${rest}.jpg` : ru.documents.photoName(messageId);
}

function ocrStatusText(name: string, job: OcrJobView): string {
  return ru.documents.ocrStatus(name, job.pagesTotal, job.progress);
}

export function createPendingDocumentKeyboard(documentId: number) {
  return new InlineKeyboard()
    .text(ru.documents.saveButton, knowledgeDocumentData.build("save", documentId))
    .row()
    .text(ru.documents.rejectButton, knowledgeDocumentData.build("reject", documentId));
}

function pendingText(document: KnowledgeDocumentView): string {
  return ru.documents.pending(document.summary.text, document.replacesId ? document.version : null).slice(0, 4000);
}

/**
 * Knowledge base intake: a document sent or forwarded in a private chat by an admin or a manager is read,
 * summarised ("что понял ИИ") and kept pending until "✅ Сохранить в базу знаний" or "❌ Отклонить". Scans, and
 * photos or picture files captioned «в базу» / /learn, are recognised (OCR) in the background first. One status
 * message is edited as the work goes on («распознаю 3/12»); bad files and duplicates end in it with a clear reason.
 */
export function documentsFeature(deps: BotDeps): Composer<BotContext> {
  const apiRoot = deps.apiRoot ?? deps.services.config.telegram.apiRoot;
  let knowledge: Promise<KnowledgeContext> | undefined;
  // The bot is built without the migration result: learn once whether pgvector is there.
  const context = () =>
    (knowledge ??= (async () => {
      const rows = await deps.services.db.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
      return createKnowledgeContext(deps.services, { hasVector: rows.length > 0 });
    })());

  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private").filter((ctx) => ctx.principal !== null);

  /** Downloads a Telegram file and files it: a text document at once, a scan or a photo through an OCR job. */
  async function intake(
    ctx: BotContext & { chat: { id: number } },
    file: { fileId: string; name: string; size?: number },
  ) {
    const k = await context();
    const limit = Math.min(TELEGRAM_DOWNLOAD_LIMIT, k.maxFileBytes);
    if ((file.size ?? 0) > limit) {
      return void (await ctx.reply(ru.documents.tooLarge(file.name, Math.floor(limit / 1024 / 1024))));
    }
    const chatId = ctx.chat.id;
    const status = await ctx.reply(ru.documents.downloading(file.name));
    const edit = async (text: string, keyboard?: InlineKeyboard) => {
      // A failed edit (the message was deleted, or "not modified") must not stop the work.
      await ctx.api
        .editMessageText(chatId, status.message_id, text, keyboard ? { reply_markup: keyboard } : {})
        .catch(() => undefined);
    };
    try {
      const submitted = await withChatAction(ctx, "typing", async () => {
        const unavailable = new AppError("file_unavailable", {
          status: 422,
          userMessage: ru.documents.downloadFailed,
        });
        const found = await ctx.api.getFile(file.fileId);
        if (!found.file_path) throw unavailable;
        const response = await fetch(`${apiRoot}/file/bot${ctx.api.token}/${found.file_path}`, {
          signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
        });
        if (!response.ok) throw unavailable;
        const data = Buffer.from(await response.arrayBuffer());
        return submitDocument(k, {
          data,
          fileName: file.name,
          source: "telegram",
          uploadedById: ctx.principal!.employeeId,
          onProgress: (stage) => edit(ru.documents.stage(file.name, STAGE_TEXT[stage])),
        });
      });
      if (submitted.document)
        return void (await edit(pendingText(submitted.document), createPendingDocumentKeyboard(submitted.document.id)));
      // Recognition takes a while: follow it without holding up the chat (updates are sequential per chat).
      const job = submitted.ocrJob;
      const cancel = new InlineKeyboard().text(ru.documents.cancelOcrButton, ocrJobData.build(job.id));
      await edit(ocrStatusText(file.name, job), cancel);
      void waitForOcrJob(k, { id: job.id, onProgress: (current) => edit(ocrStatusText(file.name, current), cancel) })
        .then(async (finished) => {
          if (finished.status === "done" && finished.documentId) {
            const document = await getDocument(k, { id: finished.documentId });
            await edit(pendingText(document), createPendingDocumentKeyboard(document.id));
          } else
            await edit(
              finished.status === "cancelled"
                ? ru.documents.cancelled(file.name, finished.progress)
                : ru.documents.failed(file.name, finished.progress),
            );
        })
        .catch((error: unknown) =>
          deps.services.logger.error({ err: error, jobId: job.id }, "bot: following an OCR job failed"),
        );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      await edit(ru.documents.failed(file.name, error.userMessage));
    }
  }

  const refuseStaff = (ctx: BotContext) => ctx.reply(ru.documents.staffOnly);

  privateChat.on("message:document", async (ctx, next) => {
    const document = ctx.message.document;
    const isLearn = LEARN_CAPTION.test(ctx.message.caption ?? "");
    // A picture sent as a file is a cleaning report photo unless its caption says «в базу».
    if (document.mime_type?.startsWith("image/") && !isLearn) return next();
    if (!isOfficeRole(ctx.principal!)) return void (await refuseStaff(ctx));
    await intake(ctx, {
      fileId: document.file_id,
      name: document.file_name ?? ru.documents.defaultName,
      size: document.file_size,
    });
  });

  // Photos go to the knowledge base only when asked to («в базу» / /learn): report photos must never be taken for documents.
  privateChat.on("message:photo").filter(
    (ctx) => LEARN_CAPTION.test(ctx.message.caption ?? ""),
    async (ctx) => {
      if (!isOfficeRole(ctx.principal!)) return void (await refuseStaff(ctx));
      const photo = ctx.message.photo.at(-1)!;
      await intake(ctx, {
        fileId: photo.file_id,
        name: photoName(ctx.message.caption, ctx.message.message_id),
        size: photo.file_size,
      });
    },
  );

  // «в базу» or /learn in reply to a photo or a file already in the chat.
  privateChat.on("message:text").filter(
    (ctx) => LEARN_CAPTION.test(ctx.message.text),
    async (ctx) => {
      const replied = ctx.message.reply_to_message;
      const photo = replied?.photo?.at(-1);
      const document = replied?.document;
      if (!photo && !document) {
        return void (await ctx.reply(ru.documents.learnUsage));
      }
      if (!isOfficeRole(ctx.principal!)) return void (await refuseStaff(ctx));
      if (photo)
        await intake(ctx, {
          fileId: photo.file_id,
          name: photoName(ctx.message.text, replied!.message_id),
          size: photo.file_size,
        });
      else
        await intake(ctx, {
          fileId: document!.file_id,
          name: document!.file_name ?? ru.documents.defaultName,
          size: document!.file_size,
        });
    },
  );

  composer.callbackQuery(ocrJobData.pattern, async (ctx) => {
    if (!ctx.principal || !isOfficeRole(ctx.principal)) {
      return void (await ctx.answerCallbackQuery({
        text: ru.documents.officeOnly,
        show_alert: true,
      }));
    }
    const job = await cancelOcrJob(await context(), { id: ocrJobData.parse(ctx.callbackQuery.data)! });
    await ctx.answerCallbackQuery({ text: job.status === "cancelled" ? ru.documents.cancelledToast : job.progress });
  });

  composer.callbackQuery(knowledgeDocumentData.pattern, async (ctx) => {
    const parsed = knowledgeDocumentData.parse(ctx.callbackQuery.data)!;
    if (!ctx.principal || !isOfficeRole(ctx.principal)) {
      return void (await ctx.answerCallbackQuery({
        text: ru.documents.officeOnly,
        show_alert: true,
      }));
    }
    const k = await context();
    if (parsed.action === "save") {
      const saved = await confirmDocument(k, { id: parsed.documentId });
      await ctx.answerCallbackQuery({ text: ru.documents.savedToast });
      await ctx.editMessageText(ru.documents.saved(saved.title, saved.replacesId ? saved.version : null));
    } else {
      await rejectDocument(k, { id: parsed.documentId });
      await ctx.answerCallbackQuery({ text: ru.documents.rejectedToast });
      await ctx.editMessageText(ru.documents.rejected);
    }
  });

  return composer;
}
