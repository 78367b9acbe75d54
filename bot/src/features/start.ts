import { Composer } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { AppError } from "@cleaning/api/lib/errors";
import { toPrincipal } from "@cleaning/api/modules/auth/auth.service";
import { redeemInvite } from "@cleaning/api/modules/invites/invites.service";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import { createMainMenuKeyboard } from "../keyboards/main-menu.ts";

/** /start: greets by role; `/start <code>` (an invite deep link) binds a new employee first. */
export function startFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("start", async (ctx) => {
    const code = ctx.match.trim();
    if (code) {
      try {
        const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ");
        const employee = await redeemInvite(ctx.services, { code, telegramId: BigInt(ctx.from.id), name });
        ctx.principal = toPrincipal(employee);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // A spent or expired link is not fatal for someone already registered: they get the usual greeting.
        if (!ctx.principal) {
          await ctx.reply(ru.start.inviteFailed(error.userMessage, ctx.from.id));
          return;
        }
      }
    }
    const principal = ctx.principal;
    if (!principal) {
      await ctx.reply(ru.unknownUser(ctx.from.id));
      return;
    }
    const help = isOfficeRole(principal) ? ru.greetingHelpOffice : ru.greetingHelpBrigade;
    await ctx.reply(`${ru.greeting(principal.name, ru.roleLabels[principal.role])}\n${help}`, {
      reply_markup: createMainMenuKeyboard(principal),
    });
  });

  // A stranger's press is answered first: the private-chat filter below would take it and leave the button spinning.
  composer.on("callback_query").filter(
    (ctx) => ctx.principal === null,
    (ctx) => ctx.answerCallbackQuery({ text: ru.start.noAccess, show_alert: true }),
  );
  // Strangers get their id on any message, so they can pass it to an admin.
  privateChat.filter(
    (ctx) => ctx.principal === null,
    (ctx) => ctx.reply(ru.unknownUser(ctx.from.id)),
  );
  return composer;
}
