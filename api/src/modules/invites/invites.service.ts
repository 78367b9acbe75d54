import { randomBytes } from "node:crypto";
import type { Employee, Role } from "../../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { AppError, badRequest, forbidden, type ErrorCode } from "../../lib/errors.ts";

/** How long an invite link stays valid unless the admin says otherwise. */
export const INVITE_TTL_HOURS = 72;
const BRIGADE_ROLES = new Set<Role>(["brigade_lead", "cleaner"]);

export interface CreatedInvite {
  code: string;
  role: Role;
  brigadeId: number | null;
  expiresAt: Date;
}

/** Creates a single-use invite for a role (and brigade, for brigade roles). Admins only. */
export async function createInvite(
  ctx: ServiceContext,
  options: { principal: Principal; role: Role; brigadeId?: number | null; ttlHours?: number },
): Promise<CreatedInvite> {
  if (options.principal.role !== "admin") throw forbidden("Приглашения создаёт только администратор");
  const brigadeId = BRIGADE_ROLES.has(options.role) ? (options.brigadeId ?? null) : null;
  if (BRIGADE_ROLES.has(options.role)) {
    if (brigadeId === null) throw badRequest("brigade_required", "Для бригадира и уборщика выберите бригаду");
    const brigade = await ctx.db.prisma.brigade.findUnique({ where: { id: brigadeId }, select: { id: true } });
    if (!brigade) throw badRequest("unknown_brigade", `Бригада с id ${brigadeId} не найдена`);
  }
  const now = ctx.clock.now();
  // 16 url-safe characters: deep-link payloads allow A-Z a-z 0-9 _ - up to 64.
  const code = randomBytes(12).toString("base64url");
  const expiresAt = new Date(now.getTime() + (options.ttlHours ?? INVITE_TTL_HOURS) * 3_600_000);
  await ctx.db.prisma.invite.create({
    data: { code, role: options.role, brigadeId, createdById: options.principal.employeeId || null, expiresAt },
  });
  return { code, role: options.role, brigadeId, expiresAt };
}

/**
 * Binds the Telegram user who opened an invite link: creates (or re-activates) the employee with the invite's
 * role and brigade and spends the invite, in one transaction, so two people cannot use one link.
 */
export async function redeemInvite(
  ctx: ServiceContext,
  options: { code: string; telegramId: bigint; name: string },
): Promise<Employee> {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(
    async (tx) => {
      const invite = await tx.invite.findUnique({ where: { code: options.code } });
      if (!invite)
        throw inviteError(
          "invite_not_found",
          "Приглашение не найдено. Попросите администратора прислать новую ссылку.",
        );
      if (invite.usedAt)
        throw inviteError(
          "invite_used",
          "Это приглашение уже использовано. Попросите администратора прислать новую ссылку.",
        );
      if (invite.expiresAt <= now)
        throw inviteError(
          "invite_expired",
          "Срок действия приглашения истёк. Попросите администратора прислать новую ссылку.",
        );
      const existing = await tx.employee.findUnique({ where: { telegramId: options.telegramId } });
      // An admin who opens a link meant for someone else (a test tap, a forwarded message) stays an admin, and the
      // link stays unspent for the person it was made for.
      if (existing?.isActive && existing.role === "admin" && invite.role !== "admin") {
        throw inviteError(
          "invite_admin_kept",
          "Вы уже администратор: приглашение не использовано — перешлите ссылку тому, для кого она создана.",
        );
      }
      const employee = existing
        ? await tx.employee.update({
            where: { id: existing.id },
            data: { role: invite.role, brigadeId: invite.brigadeId, isActive: true },
          })
        : await tx.employee.create({
            data: {
              telegramId: options.telegramId,
              name: options.name,
              role: invite.role,
              brigadeId: invite.brigadeId,
            },
          });
      // The condition makes a concurrent second redemption update nothing, and then fail.
      const spent = await tx.invite.updateMany({
        where: { id: invite.id, usedAt: null },
        data: { usedAt: now, usedById: employee.id },
      });
      if (spent.count !== 1) throw inviteError("invite_used", "Это приглашение уже использовано.");
      return employee;
    },
    { timeout: 15_000 },
  );
}

function inviteError(code: ErrorCode, userMessage: string) {
  return new AppError(code, { status: 409, userMessage });
}
