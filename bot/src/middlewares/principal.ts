import type { MiddlewareFn } from "grammy";
import { findActivePrincipalByTelegramId } from "../../../api/src/modules/auth/auth.service.ts";
import type { BotContext } from "../context.ts";

/** Looks up who is writing (an active employee by Telegram id) once per update. */
export const attachPrincipal: MiddlewareFn<BotContext> = async (ctx, next) => {
  const fromId = ctx.from?.id;
  ctx.principal = fromId === undefined ? null : await findActivePrincipalByTelegramId(ctx.services, BigInt(fromId));
  await next();
};
