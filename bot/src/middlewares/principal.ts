import type { MiddlewareFn } from "grammy";
import { adoptTelegramName, findActivePrincipalByTelegramId } from "@cleaning/api/modules/auth/auth.service";
import type { BotContext } from "../context.ts";

/** Looks up who is writing (an active employee by Telegram id) once per update. */
export const attachPrincipal: MiddlewareFn<BotContext> = async (ctx, next) => {
  const fromId = ctx.from?.id;
  const principal = fromId === undefined ? null : await findActivePrincipalByTelegramId(ctx.services, BigInt(fromId));
  // An admin from ADMIN_TELEGRAM_IDS is greeted by their Telegram name, not «Администратор 7001».
  ctx.principal = principal && ctx.from ? await adoptTelegramName(ctx.services, principal, ctx.from) : principal;
  await next();
};
