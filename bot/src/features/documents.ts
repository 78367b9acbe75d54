import { Composer, InlineKeyboard } from "grammy";
import { isOfficeRole } from "../../../api/src/lib/context.ts";
import { AppError } from "../../../api/src/lib/errors.ts";
import { createKnowledgeContext, type KnowledgeContext } from "../../../api/src/modules/knowledge/knowledge-context.ts";
import { confirmDocument, ingestDocument, rejectDocument, type IngestStage, type KnowledgeDocumentView } from "../../../api/src/modules/knowledge/knowledge.service.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps } from "../index.ts";
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

const STAGE_TEXT: Record<IngestStage, string> = {
  extracting: "Читаю текст…",
  chunking: "Разбиваю на фрагменты…",
  summarizing: "Составляю краткое содержание…",
  embedding: "Готовлю к поиску…",
  saving: "Сохраняю черновик…",
};

export function createPendingDocumentKeyboard(documentId: number) {
  return new InlineKeyboard()
    .text("✅ Сохранить в базу знаний", knowledgeDocumentData.build("save", documentId))
    .row()
    .text("❌ Отклонить", knowledgeDocumentData.build("reject", documentId));
}

function pendingText(document: KnowledgeDocumentView): string {
  const version = document.replacesId ? `\n\nЭто новая версия (v${document.version}) документа с тем же названием: после сохранения она заменит старую.` : "";
  return `🧠 Что понял ИИ:\n\n${document.summary.text}${version}`.slice(0, 4000);
}

/**
 * Knowledge base intake: a document sent or forwarded in a private chat by an admin or a manager is read,
 * summarised ("что понял ИИ") and kept pending until "✅ Сохранить в базу знаний" or "❌ Отклонить". One status
 * message is edited as the work goes on; bad files and duplicates end in that message with a clear reason.
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

  privateChat.on("message:document", async (ctx) => {
    if (!isOfficeRole(ctx.principal!)) {
      return void (await ctx.reply("Документы в базу знаний добавляют администратор и менеджеры."));
    }
    const k = await context();
    const document = ctx.message.document;
    const name = document.file_name ?? "документ";
    const limit = Math.min(TELEGRAM_DOWNLOAD_LIMIT, k.maxFileBytes);
    if ((document.file_size ?? 0) > limit) {
      return void (await ctx.reply(`Файл «${name}» больше ${Math.floor(limit / 1024 / 1024)} МБ: загрузите его через мини-приложение или уменьшите.`));
    }
    const status = await ctx.reply(`📄 «${name}»: скачиваю…`);
    const edit = async (text: string, keyboard?: InlineKeyboard) => {
      // A failed edit (the message was deleted, or "not modified") must not stop the work.
      await ctx.api.editMessageText(ctx.chat.id, status.message_id, text, keyboard ? { reply_markup: keyboard } : {}).catch(() => undefined);
    };
    try {
      const pending = await withChatAction(ctx, "typing", async () => {
        const unavailable = new AppError("file_unavailable", { status: 422, userMessage: "Не удалось скачать файл из Telegram: отправьте его ещё раз" });
        const file = await ctx.getFile();
        if (!file.file_path) throw unavailable;
        const response = await fetch(`${apiRoot}/file/bot${ctx.api.token}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
        if (!response.ok) throw unavailable;
        const data = Buffer.from(await response.arrayBuffer());
        return ingestDocument(k, {
          data,
          fileName: name,
          source: "telegram",
          uploadedById: ctx.principal!.employeeId,
          onProgress: (stage) => edit(`📄 «${name}»: ${STAGE_TEXT[stage]}`),
        });
      });
      await edit(pendingText(pending), createPendingDocumentKeyboard(pending.id));
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      await edit(`⚠️ «${name}»: ${error.userMessage}`);
    }
  });

  composer.callbackQuery(knowledgeDocumentData.pattern, async (ctx) => {
    const parsed = knowledgeDocumentData.parse(ctx.callbackQuery.data)!;
    if (!ctx.principal || !isOfficeRole(ctx.principal)) {
      return void (await ctx.answerCallbackQuery({ text: "Базой знаний управляют администратор и менеджеры", show_alert: true }));
    }
    const k = await context();
    if (parsed.action === "save") {
      const saved = await confirmDocument(k, { id: parsed.documentId });
      await ctx.answerCallbackQuery({ text: "Сохранено" });
      const replaced = saved.replacesId ? ` (версия ${saved.version}, старая заменена)` : "";
      await ctx.editMessageText(`✅ «${saved.title}» сохранён в базу знаний${replaced}. Ассистент теперь отвечает по нему.`);
    } else {
      await rejectDocument(k, { id: parsed.documentId });
      await ctx.answerCallbackQuery({ text: "Отклонено" });
      await ctx.editMessageText("❌ Документ отклонён и не сохранён.");
    }
  });

  return composer;
}
