import type { MiddlewareFn } from "grammy";
import type { Principal } from "../../../api/src/lib/context.ts";
import type { BotContext } from "../context.ts";

/**
 * Looks up who is writing (an active employee by Telegram id) once per update. Raw SQL on purpose: this runs
 * for every update, and one indexed SELECT costs a fraction of the ORM round trip.
 */
export const attachPrincipal: MiddlewareFn<BotContext> = async (ctx, next) => {
  const fromId = ctx.from?.id;
  ctx.principal = null;
  if (fromId !== undefined) {
    const rows = await ctx.services.db.query<{ id: number; name: string; role: Principal["role"]; brigade_id: number | null }>(
      `SELECT id, name, role::text AS role, brigade_id FROM employees WHERE telegram_id = $1 AND is_active`,
      [String(fromId)],
    );
    const row = rows[0];
    if (row) {
      ctx.principal = { employeeId: row.id, telegramId: BigInt(fromId), name: row.name, role: row.role, brigadeId: row.brigade_id, isDemo: false };
    }
  }
  await next();
};
