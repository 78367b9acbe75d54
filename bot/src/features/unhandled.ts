import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";

/** Last in the chain: answers what no feature took, so a button never spins and a message never vanishes. */
export function unhandledFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  composer.chatType("private").on("message", (ctx) => ctx.reply(ru.unhandled));
  return composer;
}
