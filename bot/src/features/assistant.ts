import { Composer } from "grammy";
import { createAssistantService } from "@cleaning/api/modules/assistant/assistant.service";
import { forgetTelegramConversation } from "@cleaning/api/modules/assistant/assistant-memory";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import type { BotDeps } from "../index.ts";
import { withChatAction } from "../middlewares/chat-action.ts";

/** Telegram refuses messages longer than this. */
const MAX_MESSAGE_LENGTH = 4096;

/**
 * Free-text questions to the AI assistant ("какие дома у 3 бригады завтра?"), with memory per chat, and /new to
 * start over. It takes any text no earlier feature took, so it stays last before the unhandled-update feature.
 */
export function assistantFeature(deps: BotDeps): Composer<BotContext> {
  const assistant = createAssistantService(deps.services);
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private").filter((ctx) => ctx.principal !== null);

  privateChat.command("new", async (ctx) => {
    await forgetTelegramConversation(ctx.services, BigInt(ctx.chat.id));
    await ctx.reply(ru.assistant.forgotten);
  });

  privateChat.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/") || ctx.session.isAwaitingSearch) return next();
    const reply = await withChatAction(ctx, "typing", () =>
      assistant.ask({ principal: ctx.principal!, message: ctx.message.text, telegramChatId: BigInt(ctx.chat.id) }),
    );
    await ctx.reply(reply.answer.slice(0, MAX_MESSAGE_LENGTH));
  });
  return composer;
}
