import type { MiddlewareFn } from "grammy";
import { findActiveEmployeeByTelegramId, toPrincipal } from "../../../api/src/modules/auth/auth.service.ts";
import type { BotContext } from "../context.ts";

/** Looks up who is writing (an active employee by Telegram id) once per update. */
export const attachPrincipal: MiddlewareFn<BotContext> = async (ctx, next) => {
  const fromId = ctx.from?.id;
  const employee = fromId === undefined ? null : await findActiveEmployeeByTelegramId(ctx.services, BigInt(fromId));
  ctx.principal = employee ? toPrincipal(employee) : null;
  await next();
};
