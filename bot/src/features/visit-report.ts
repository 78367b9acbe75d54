import { Composer, InlineKeyboard } from "grammy";
import { AppError } from "@cleaning/api/lib/errors";
import { VISIT_STATUS_LABELS } from "@cleaning/api/modules/schedule/visit-kinds";
import {
  addVisitPhotos,
  finishVisit,
  getVisit,
  startVisit,
  type DayVisit,
} from "@cleaning/api/modules/visits/visits.service";
import { visitData } from "../callback-data/index.ts";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import { createVisitKeyboard, STATUS_ICONS } from "../keyboards/visits.ts";
import { postVisitReport } from "../lib/report-post.ts";
import { withChatAction } from "../middlewares/chat-action.ts";
import { ignoreNotModified } from "./today.ts";

/** Telegram will not let a bot download more than this (a self-hosted Bot API server lifts the limit). */
const DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/** The cleaning report: open a visit -> "Начать уборку" -> photos (albums too) -> "Завершить" -> report chat. */
export function visitReportFeature(): Composer<BotContext> {
  const root = new Composer<BotContext>();
  const composer = root.filter((ctx) => ctx.principal !== null);

  composer.callbackQuery(visitData.pattern, async (ctx) => {
    const { action, visitId } = visitData.parse(ctx.callbackQuery.data)!;
    const principal = ctx.principal!;
    if (action === "open") {
      const visit = await getVisit(ctx.services, { principal, visitId });
      await showVisit(ctx, visit);
      return ctx.answerCallbackQuery();
    }
    if (action === "start") {
      const visit = await startVisit(ctx.services, { principal, visitId });
      ctx.session.activeVisitId = visit.id;
      await showVisit(ctx, visit, ru.visit.photosPrompt);
      return ctx.answerCallbackQuery({ text: ru.visit.started });
    }
    try {
      const { visit, isNewlyDone } = await finishVisit(ctx.services, { principal, visitId });
      if (ctx.session.activeVisitId === visit.id) ctx.session.activeVisitId = undefined;
      if (!isNewlyDone) return ctx.answerCallbackQuery({ text: ru.visit.alreadyFinished });
      await ctx.answerCallbackQuery({ text: ru.visit.finished });
      // The post goes first: it is what the office waits for, and a stale card must not hold it up.
      if (ctx.services.config.telegram.reportChatId) {
        await withChatAction(ctx, "upload_photo", () => postVisitReport(ctx.api, ctx.services, visit.id));
      }
      await showVisit(ctx, visit, ru.visit.thanks(visit.photoCount));
    } catch (error) {
      if (error instanceof AppError && error.code === "photo_required") {
        await ctx.answerCallbackQuery({ text: error.userMessage, show_alert: true });
        await ctx.reply(ru.visit.photoRequired(error.userMessage));
        return;
      }
      throw error;
    }
  });

  composer.chatType("private").on(["message:photo", "message:document"], async (ctx, next) => {
    const message = ctx.message;
    const document = message.document;
    if (document && !document.mime_type?.startsWith("image/")) return next();
    if (document && (document.file_size ?? 0) > DOWNLOAD_LIMIT) return void (await ctx.reply(ru.fileTooBig));
    const visitId = ctx.session.activeVisitId;
    if (!visitId) {
      await ctx.reply(ru.visit.noActiveVisit);
      return;
    }
    // The largest size is the last one Telegram lists.
    const fileId = document ? document.file_id : message.photo!.at(-1)!.file_id;
    const count = await addVisitPhotos(ctx.services, {
      principal: ctx.principal!,
      visitId,
      fileIds: [fileId],
      isDocument: Boolean(document),
    });
    // An album arrives as one update per photo: answer its first photo only.
    if (message.media_group_id) {
      if (ctx.session.lastMediaGroupId === message.media_group_id) return;
      ctx.session.lastMediaGroupId = message.media_group_id;
    }
    const keyboard = new InlineKeyboard().text(ru.keyboards.finishVisit, visitData.build("finish", visitId));
    await ctx.reply(ru.visit.photoAdded(count), { reply_markup: keyboard });
  });
  return root;
}

function visitText(visit: DayVisit & { date: string }, note?: string) {
  const lines = [
    ru.visit.cardTitle(visit.address),
    ru.visit.cardDay(visit.date, visit.kindLabel),
    ru.visit.cardStatus(STATUS_ICONS[visit.status], VISIT_STATUS_LABELS[visit.status], visit.photoCount),
  ];
  return note ? `${lines.join("\n")}\n\n${note}` : lines.join("\n");
}

async function showVisit(ctx: BotContext, visit: DayVisit & { date: string }, note?: string) {
  const text = visitText(visit, note);
  const keyboard = createVisitKeyboard(visit);
  const message = ctx.callbackQuery?.message;
  // A card opened from the day list replaces the list; a "Завершить" under a photo reply gets a new card.
  if (message && "text" in message && message.text && !message.text.startsWith("📷")) {
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
  } else {
    await ctx.reply(text, { reply_markup: keyboard });
  }
}
