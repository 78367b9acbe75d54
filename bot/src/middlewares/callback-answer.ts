import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Telegram shows a spinner on a pressed button until the bot answers the callback query. Whatever a feature does
 * (a reply without an answer, an early return, an error), this answers the press once everything else is done,
 * unless something already did.
 */
export const answerEveryCallbackQuery: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  let isAnswered = false;
  ctx.api.config.use((prev, method, payload, signal) => {
    if (method === "answerCallbackQuery") isAnswered = true;
    return prev(method, payload, signal);
  });
  try {
    await next();
  } finally {
    if (!isAnswered) await ctx.answerCallbackQuery().catch(() => undefined);
  }
};
