import { GrammyError, HttpError, type BotError } from "grammy";
import { AppError } from "@cleaning/api/lib/errors";
import { requestErrorToAppError } from "@cleaning/api/lib/error-mapping";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";

/**
 * The one bot error boundary: logs with the update id and tells the person something useful. An AppError
 * carries its own Russian message; anything else gets the generic one (stack traces never reach users).
 */
export async function handleBotError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  ctx.updateFailed = true;
  // A value the database refused (a NUL byte in a message, an id past int4) is the sender's, said as such.
  const cause = requestErrorToAppError(error.error) ?? error.error;
  const isAppError = cause instanceof AppError;
  const log = ctx.services.logger;
  const details = { updateId: ctx.update.update_id, from: ctx.from?.id, err: cause };
  if (isAppError && cause.status < 500) log.info(details, `bot: ${cause.code}`);
  else if (cause instanceof GrammyError || cause instanceof HttpError) log.warn(details, "bot: Telegram call failed");
  else log.error(details, "bot: update failed");
  const text = isAppError ? cause.userMessage : ru.somethingWentWrong;
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: isAppError }).catch(() => undefined);
    if (ctx.chat && !(isAppError && ctx.callbackQuery)) await ctx.reply(text);
  } catch (replyError) {
    log.warn({ updateId: ctx.update.update_id, err: replyError }, "bot: could not report the error to the user");
  }
}
