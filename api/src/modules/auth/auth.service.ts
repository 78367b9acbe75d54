import { isExpiredError, isSignatureInvalidError, isSignatureMissingError, parse, validate } from "@telegram-apps/init-data-node";
import type { Employee } from "../../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { AppError, unauthorized } from "../../lib/errors.ts";

export const DEMO_ADMIN_NAME = "Демо-администратор";

export function toPrincipal(employee: Employee, isDemo = false): Principal {
  return {
    employeeId: employee.id,
    telegramId: employee.telegramId,
    name: employee.name,
    role: employee.role,
    brigadeId: employee.brigadeId,
    isDemo,
  };
}

/**
 * The principal of an active employee by Telegram id, or null. Raw SQL on purpose: it runs for every request
 * and every bot update, and one indexed SELECT costs a fraction of the ORM's round trip.
 */
export async function findActivePrincipalByTelegramId(ctx: ServiceContext, telegramId: bigint): Promise<Principal | null> {
  const [row] = await ctx.db.query<{ id: number; name: string; role: Principal["role"]; brigade_id: number | null }>(
    `SELECT id, name, role::text AS role, brigade_id FROM employees WHERE telegram_id = $1 AND is_active`,
    [telegramId.toString()],
  );
  return row ? { employeeId: row.id, telegramId, name: row.name, role: row.role, brigadeId: row.brigade_id, isDemo: false } : null;
}

/**
 * Checks a Mini App's raw initData (HMAC with the bot token, auth_date within INIT_DATA_MAX_AGE) and returns the
 * known, active employee it belongs to.
 */
export async function authenticateInitData(ctx: ServiceContext, initDataRaw: string): Promise<Principal> {
  const token = ctx.config.telegram.token;
  if (!token) throw unauthorized("telegram_not_configured", "Вход через Telegram не настроен на сервере");
  try {
    validate(initDataRaw, token, { expiresIn: ctx.config.telegram.initDataMaxAge });
  } catch (error) {
    if (isExpiredError(error)) throw unauthorized("init_data_expired", "Сессия Telegram устарела, откройте приложение заново");
    if (isSignatureInvalidError(error) || isSignatureMissingError(error))
      throw unauthorized("init_data_invalid", "Подпись Telegram не прошла проверку");
    throw unauthorized("init_data_invalid", "Данные входа Telegram повреждены");
  }
  const data = parse(initDataRaw);
  if (!data.user) throw unauthorized("init_data_invalid", "В данных входа нет пользователя Telegram");
  const principal = await findActivePrincipalByTelegramId(ctx, BigInt(data.user.id));
  if (!principal) {
    throw new AppError("unknown_user", {
      status: 403,
      userMessage: `Нет доступа: пользователь Telegram ${data.user.id} не зарегистрирован. Попросите администратора добавить вас.`,
    });
  }
  return principal;
}

/** The demo administrator used by the local demo session (never in production, never with a bot token). */
export async function ensureDemoAdmin(ctx: ServiceContext): Promise<Employee> {
  const existing = await ctx.db.prisma.employee.findFirst({ where: { name: DEMO_ADMIN_NAME, telegramId: null, role: "admin" } });
  if (existing) return existing;
  return ctx.db.prisma.employee.create({ data: { name: DEMO_ADMIN_NAME, role: "admin" } });
}

/** Makes every id in ADMIN_TELEGRAM_IDS an active admin, so a fresh installation has someone to invite others. */
export async function bootstrapAdmins(ctx: ServiceContext): Promise<void> {
  for (const telegramId of ctx.config.telegram.adminIds) {
    await ctx.db.prisma.employee.upsert({
      where: { telegramId },
      create: { telegramId, name: `Администратор ${telegramId}`, role: "admin" },
      update: { role: "admin", isActive: true },
    });
  }
}
