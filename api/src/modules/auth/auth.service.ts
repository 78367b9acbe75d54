import { isSignatureInvalidError, isSignatureMissingError, validate } from "@telegram-apps/init-data-node";
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
export async function findActivePrincipalByTelegramId(
  ctx: ServiceContext,
  telegramId: bigint,
): Promise<Principal | null> {
  const [row] = await ctx.db.query<{ id: number; name: string; role: Principal["role"]; brigade_id: number | null }>(
    `SELECT id, name, role::text AS role, brigade_id FROM employees WHERE telegram_id = $1 AND is_active`,
    [telegramId.toString()],
  );
  return row
    ? { employeeId: row.id, telegramId, name: row.name, role: row.role, brigadeId: row.brigade_id, isDemo: false }
    : null;
}

/**
 * Checks a Mini App's raw initData (HMAC with the bot token, auth_date within INIT_DATA_MAX_AGE of the service
 * clock) and returns the known, active employee it belongs to. The library checks only the signature: its expiry
 * check reads the wall clock, and its `parse()` demands the optional third-party `signature` field.
 */
export async function authenticateInitData(ctx: ServiceContext, initDataRaw: string): Promise<Principal> {
  const token = ctx.config.telegram.token;
  if (!token) throw unauthorized("telegram_not_configured", "Вход через Telegram не настроен на сервере");
  try {
    validate(initDataRaw, token, { expiresIn: 0 });
  } catch (error) {
    if (isSignatureInvalidError(error) || isSignatureMissingError(error))
      throw unauthorized("init_data_invalid", "Подпись Telegram не прошла проверку");
    throw unauthorized("init_data_invalid", "Данные входа Telegram повреждены");
  }
  const { authDate, userId } = readSignedFields(initDataRaw);
  const maxAgeMs = ctx.config.telegram.initDataMaxAge * 1000;
  if (maxAgeMs > 0 && ctx.clock.now().getTime() - authDate.getTime() > maxAgeMs)
    throw unauthorized("init_data_expired", "Сессия Telegram устарела, откройте приложение заново");
  const principal = await findActivePrincipalByTelegramId(ctx, userId);
  if (!principal) {
    throw new AppError("unknown_user", {
      status: 403,
      userMessage: `Нет доступа: пользователь Telegram ${userId} не зарегистрирован. Попросите администратора добавить вас.`,
    });
  }
  return principal;
}

/** auth_date and user.id of initData whose signature already holds; anything malformed is a 401, never a 500. */
function readSignedFields(initDataRaw: string): { authDate: Date; userId: bigint } {
  const params = new URLSearchParams(initDataRaw);
  const authSeconds = Number(params.get("auth_date"));
  let userId: unknown;
  try {
    userId = (JSON.parse(params.get("user") ?? "null") as { id?: unknown } | null)?.id;
  } catch {
    userId = undefined;
  }
  if (!Number.isSafeInteger(authSeconds) || authSeconds <= 0)
    throw unauthorized("init_data_invalid", "Данные входа Telegram повреждены");
  if (typeof userId !== "number" || !Number.isSafeInteger(userId) || userId <= 0)
    throw unauthorized("init_data_invalid", "В данных входа нет пользователя Telegram");
  return { authDate: new Date(authSeconds * 1000), userId: BigInt(userId) };
}

/** The demo administrator used by the local demo session (never in production, never with a bot token). */
export async function ensureDemoAdmin(ctx: ServiceContext): Promise<Employee> {
  const existing = await ctx.db.prisma.employee.findFirst({
    where: { name: DEMO_ADMIN_NAME, telegramId: null, role: "admin" },
  });
  if (existing) return existing;
  return ctx.db.prisma.employee.create({ data: { name: DEMO_ADMIN_NAME, role: "admin" } });
}

/** The name an admin from ADMIN_TELEGRAM_IDS has until they first write: we know only their id by then. */
export const placeholderAdminName = (telegramId: bigint) => `Администратор ${telegramId}`;

/**
 * Gives an admin made from ADMIN_TELEGRAM_IDS their Telegram name the first time they write. Only the
 * placeholder is replaced (in the same UPDATE), so a name someone set since is kept.
 */
export async function adoptTelegramName(
  ctx: ServiceContext,
  principal: Principal,
  from: { first_name?: string; last_name?: string },
): Promise<Principal> {
  if (principal.telegramId === null || principal.name !== placeholderAdminName(principal.telegramId)) return principal;
  const name = [from.first_name, from.last_name]
    .filter(Boolean)
    .join(" ")
    .replace(/\p{Cc}/gu, "")
    .trim()
    .slice(0, 200);
  if (!name) return principal;
  const updated = await ctx.db.query<{ id: number }>(
    `UPDATE employees SET name = $1, updated_at = now() WHERE id = $2 AND name = $3 RETURNING id`,
    [name, principal.employeeId, principal.name],
  );
  return updated.length ? { ...principal, name } : principal;
}

/** Makes every id in ADMIN_TELEGRAM_IDS an active admin, so a fresh installation has someone to invite others. */
export async function bootstrapAdmins(ctx: ServiceContext): Promise<void> {
  for (const telegramId of ctx.config.telegram.adminIds) {
    await ctx.db.prisma.employee.upsert({
      where: { telegramId },
      create: { telegramId, name: placeholderAdminName(telegramId), role: "admin" },
      update: { role: "admin", isActive: true },
    });
  }
}
