import type { Brigade, Employee } from "../../../../prisma/client.ts";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import type { CreateEmployeeInput, EmployeeDto, UpdateEmployeeInput } from "./employees.schemas.ts";

const BRIGADE_ROLES = new Set(["brigade_lead", "cleaner"]);

export function toEmployeeDto(employee: Employee & { brigade: Brigade | null }): EmployeeDto {
  return {
    id: employee.id,
    telegramId: employee.telegramId === null ? null : employee.telegramId.toString(),
    name: employee.name,
    role: employee.role,
    brigade: employee.brigade
      ? { id: employee.brigade.id, number: employee.brigade.number, name: employee.brigade.name }
      : null,
    isActive: employee.isActive,
    createdAt: employee.createdAt.toISOString(),
  };
}

function assertAdmin(principal: Principal) {
  if (principal.role !== "admin") throw forbidden("Изменять сотрудников может только администратор");
}

async function assertBrigadeExists(ctx: ServiceContext, brigadeId: number | null | undefined) {
  if (brigadeId === null || brigadeId === undefined) return;
  const brigade = await ctx.db.prisma.brigade.findUnique({ where: { id: brigadeId }, select: { id: true } });
  if (!brigade) throw badRequest("unknown_brigade", `Бригада с id ${brigadeId} не найдена`);
}

/** All employees (admins and managers only). */
export async function listEmployees(ctx: ServiceContext, options: { principal: Principal }): Promise<EmployeeDto[]> {
  if (!isOfficeRole(options.principal)) throw forbidden("Список сотрудников доступен администраторам и менеджерам");
  const employees = await ctx.db.prisma.employee.findMany({
    include: { brigade: true },
    orderBy: [{ isActive: "desc" }, { name: "asc" }],
  });
  return employees.map(toEmployeeDto);
}

/** Active admins and managers who can be reached in Telegram (the bot gives them the office command list). */
export async function listOfficeTelegramIds(
  ctx: ServiceContext,
): Promise<{ telegramId: bigint; role: "admin" | "manager" }[]> {
  const office = await ctx.db.prisma.employee.findMany({
    where: { isActive: true, role: { in: ["admin", "manager"] }, telegramId: { not: null } },
    select: { telegramId: true, role: true },
    orderBy: { id: "asc" },
  });
  return office.map((employee) => ({ telegramId: employee.telegramId!, role: employee.role as "admin" | "manager" }));
}

/** Registers an employee by Telegram id (admins only). Brigade roles need a brigade. */
export async function createEmployee(
  ctx: ServiceContext,
  options: { principal: Principal; input: CreateEmployeeInput },
) {
  assertAdmin(options.principal);
  const { input } = options;
  if (BRIGADE_ROLES.has(input.role) && !input.brigadeId)
    throw badRequest("brigade_required", "Для бригадира и уборщика укажите бригаду");
  const duplicate = (id?: number) =>
    new AppError("duplicate", {
      status: 409,
      userMessage: `Сотрудник с Telegram id ${input.telegramId} уже есть${id ? ` (id ${id})` : ""}`,
    });
  try {
    const employee = await ctx.db.prisma.$transaction(async (tx) => {
      // Two admins adding the same person at once: the second waits here and then sees the first.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`employee-telegram:${input.telegramId}`}, 0))`;
      if (input.brigadeId !== null && input.brigadeId !== undefined) {
        // FOR SHARE keeps the brigade from being deleted before the employee row refers to it.
        const brigade = await tx.$queryRaw<
          { id: number }[]
        >`SELECT id FROM brigades WHERE id = ${input.brigadeId} FOR SHARE`;
        if (brigade.length === 0) throw badRequest("unknown_brigade", `Бригада с id ${input.brigadeId} не найдена`);
      }
      const existing = await tx.employee.findUnique({ where: { telegramId: input.telegramId } });
      if (existing) throw duplicate(existing.id);
      return tx.employee.create({
        data: { telegramId: input.telegramId, name: input.name, role: input.role, brigadeId: input.brigadeId ?? null },
        include: { brigade: true },
      });
    });
    return toEmployeeDto(employee);
  } catch (error) {
    // An invite redeemed at the same moment takes no lock; the unique index still stops the second row.
    if ((error as { code?: string }).code === "P2002") throw duplicate();
    throw error;
  }
}

/** Changes an employee's role, brigade, name or active flag (admins only). */
export async function updateEmployee(
  ctx: ServiceContext,
  options: { principal: Principal; employeeId: number; input: UpdateEmployeeInput },
) {
  assertAdmin(options.principal);
  const current = await ctx.db.prisma.employee.findUnique({ where: { id: options.employeeId } });
  if (!current) throw notFound("Сотрудник не найден");
  const { input } = options;
  await assertBrigadeExists(ctx, input.brigadeId);
  const role = input.role ?? current.role;
  const brigadeId = input.brigadeId === undefined ? current.brigadeId : input.brigadeId;
  if (BRIGADE_ROLES.has(role) && !brigadeId)
    throw badRequest("brigade_required", "Для бригадира и уборщика укажите бригаду");
  if (
    current.id === options.principal.employeeId &&
    (input.isActive === false || (input.role && input.role !== "admin"))
  ) {
    throw badRequest("self_demotion", "Нельзя отключить или понизить самого себя");
  }
  const employee = await ctx.db.prisma.employee.update({
    where: { id: current.id },
    data: { role, brigadeId, isActive: input.isActive, name: input.name },
    include: { brigade: true },
  });
  return toEmployeeDto(employee);
}
