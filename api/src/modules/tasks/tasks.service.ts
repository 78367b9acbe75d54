import type { Brigade, Employee, Prisma, Task, TaskDelivery } from "../../../../prisma/client.ts";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { parseTaskRequestWithLlm } from "./llm-parse.ts";
import { parseTaskRequest, parseTaskRequests, type ParseScope, type TaskDraft } from "./parse-request.ts";
import { describeCron, formatRunAt, isValidCron, nextCronRun } from "./task-time.ts";
import type { TaskStatus, TaskTarget, TaskView } from "./tasks.schemas.ts";

type TaskRow = Task & { targetBrigade: Brigade | null; targetEmployee: Employee | null; deliveries?: TaskDelivery[] };

const TARGET_INCLUDE = { targetBrigade: true, targetEmployee: true } as const;

/** "2 бригаде", "Иванову Ивану", "чату -1001234". */
export function targetLabelOf(row: Pick<TaskRow, "targetBrigade" | "targetEmployee" | "targetChatId">): string {
  if (row.targetBrigade)
    return row.targetBrigade.number !== null
      ? `${row.targetBrigade.number} бригаде`
      : `бригаде «${row.targetBrigade.name}»`;
  if (row.targetEmployee) return row.targetEmployee.name;
  return `чату ${row.targetChatId}`;
}

export function toTaskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    kind: row.kind,
    text: row.text,
    target:
      row.targetBrigadeId !== null
        ? { brigadeId: row.targetBrigadeId }
        : row.targetEmployeeId !== null
          ? { employeeId: row.targetEmployeeId }
          : { chatId: String(row.targetChatId) },
    targetLabel: targetLabelOf(row),
    nextRunAt: row.nextRunAt?.toISOString() ?? null,
    cron: row.cron,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    deliveries: row.deliveries?.map((d) => ({
      runAt: d.runAt.toISOString(),
      chatId: d.chatId === null ? null : String(d.chatId),
      status: d.status,
      isLate: d.isLate,
      error: d.error,
      at: d.updatedAt.toISOString(),
    })),
  };
}

/** What a request may name: the company's brigades and active employees, and who "мне" is. */
export async function loadParseScope(ctx: ServiceContext, options: { principal: Principal }): Promise<ParseScope> {
  const [brigades, employees] = await Promise.all([
    ctx.db.prisma.brigade.findMany({ select: { id: true, number: true, name: true } }),
    ctx.db.prisma.employee.findMany({
      where: { isActive: true },
      select: { id: true, name: true, role: true, brigadeId: true },
    }),
  ]);
  return {
    now: ctx.clock.now(),
    timeZone: ctx.config.timeZone,
    requesterId: options.principal.isDemo && options.principal.employeeId <= 0 ? null : options.principal.employeeId,
    brigades,
    employees,
  };
}

/** Parses a Russian request into a task draft without saving it (the bot confirms first). */
export async function parseTaskDraft(
  ctx: ServiceContext,
  options: { principal: Principal; request: string },
): Promise<TaskDraft> {
  const scope = await loadParseScope(ctx, options);
  const fromLlm = await parseTaskRequestWithLlm(ctx, options.request, scope);
  return fromLlm ?? parseTaskRequest(options.request, scope);
}

/**
 * Like parseTaskDraft, for a request that may name several recipients («всем бригадам», «бригадирам»): one draft per
 * recipient. A group named in words is the rules' to read (the model is asked for one recipient).
 */
export async function parseTaskDrafts(
  ctx: ServiceContext,
  options: { principal: Principal; request: string },
): Promise<TaskDraft[]> {
  const scope = await loadParseScope(ctx, options);
  let rules: TaskDraft[] | undefined;
  let rulesError: unknown;
  try {
    rules = parseTaskRequests(options.request, scope);
  } catch (error) {
    rulesError = error;
  }
  if (rules && rules.length > 1) return rules;
  const fromLlm = await parseTaskRequestWithLlm(ctx, options.request, scope);
  if (fromLlm) return [fromLlm];
  if (rules) return rules;
  throw rulesError;
}

/** "Отправлю 2 бригаде 26.11 в 08:30: Взять ключи" — the line the bot asks to confirm. */
export async function describeDraft(ctx: ServiceContext, draft: TaskDraft): Promise<string> {
  const row = await resolveTarget(ctx, draft.target);
  const when = draft.cron ? describeCron(draft.cron) : formatRunAt(draft.at!, ctx.config.timeZone);
  return `Отправлю ${targetLabelOf(row)} ${when}: ${draft.text}`;
}

async function resolveTarget(ctx: ServiceContext, target: TaskTarget) {
  if ("brigadeId" in target) {
    const brigade = await ctx.db.prisma.brigade.findUnique({ where: { id: target.brigadeId } });
    if (!brigade) throw badRequest("task_target_unknown", `Бригада с id ${target.brigadeId} не найдена`);
    return { targetBrigade: brigade, targetEmployee: null, targetChatId: null };
  }
  if ("employeeId" in target) {
    const employee = await ctx.db.prisma.employee.findUnique({ where: { id: target.employeeId } });
    if (!employee || !employee.isActive)
      throw badRequest("task_target_unknown", `Сотрудник с id ${target.employeeId} не найден`);
    return { targetBrigade: null, targetEmployee: employee, targetChatId: null };
  }
  return { targetBrigade: null, targetEmployee: null, targetChatId: target.chatId };
}

/** Office roles may address anyone; a brigade lead their brigade and its members; everyone themselves. */
function assertMayTarget(
  principal: Principal,
  resolved: { targetBrigade: Brigade | null; targetEmployee: Employee | null },
) {
  if (isOfficeRole(principal)) return;
  if (resolved.targetEmployee?.id === principal.employeeId) return;
  if (principal.role === "brigade_lead" && principal.brigadeId !== null) {
    if (resolved.targetBrigade?.id === principal.brigadeId) return;
    if (resolved.targetEmployee?.brigadeId === principal.brigadeId) return;
  }
  throw forbidden("Напоминания можно ставить себе, а бригадиру — своей бригаде");
}

/** The first run of a schedule: `at` (must be in the future) or the next cron occurrence. */
function firstRun(
  ctx: ServiceContext,
  schedule: { at?: Date; cron?: string },
  now: Date,
): { nextRunAt: Date; cron: string | null } {
  if (schedule.at && schedule.cron) throw badRequest("task_time_ambiguous", "Укажите либо at, либо cron");
  if (schedule.cron) {
    if (!isValidCron(schedule.cron))
      throw badRequest("task_cron_invalid", `Не понимаю расписание «${schedule.cron}»: нужно 5 полей cron`);
    return { nextRunAt: nextCronRun(schedule.cron, now, ctx.config.timeZone), cron: schedule.cron };
  }
  if (!schedule.at || Number.isNaN(schedule.at.getTime()))
    throw badRequest("task_time_unknown", "Укажите время: at или cron");
  if (schedule.at.getTime() <= now.getTime()) throw badRequest("task_time_past", "Это время уже прошло");
  return { nextRunAt: schedule.at, cron: null };
}

export interface CreateTaskInput {
  request?: string;
  text?: string;
  target?: TaskTarget;
  at?: string | Date;
  cron?: string;
}

/** Creates a task from explicit fields or from a Russian request ("Напомни мне завтра в 9 ..."). */
export async function createTask(
  ctx: ServiceContext,
  options: { principal: Principal; input: CreateTaskInput },
): Promise<TaskView> {
  const now = ctx.clock.now();
  const { input } = options;
  let draft: TaskDraft;
  if (input.request) {
    draft = await parseTaskDraft(ctx, { principal: options.principal, request: input.request });
  } else {
    if (!input.text) throw badRequest("task_text_empty", "Укажите текст напоминания (text) или запрос (request)");
    if (!input.target) throw badRequest("task_target_unknown", "Укажите получателя (target)");
    draft = { text: input.text, target: input.target, at: input.at ? new Date(input.at) : undefined, cron: input.cron };
  }
  const resolved = await resolveTarget(ctx, draft.target);
  assertMayTarget(options.principal, resolved);
  const schedule = firstRun(ctx, draft, now);
  const row = await ctx.db.prisma.task.create({
    data: {
      text: draft.text,
      targetBrigadeId: resolved.targetBrigade?.id ?? null,
      targetEmployeeId: resolved.targetEmployee?.id ?? null,
      targetChatId: resolved.targetChatId,
      nextRunAt: schedule.nextRunAt,
      cron: schedule.cron,
      createdById: options.principal.employeeId > 0 ? options.principal.employeeId : null,
    },
    include: TARGET_INCLUDE,
  });
  return toTaskView(row);
}

function visibleTo(principal: Principal): Prisma.TaskWhereInput {
  if (isOfficeRole(principal)) return {};
  return { OR: [{ createdById: principal.employeeId }, { targetEmployeeId: principal.employeeId }] };
}

/** Tasks a principal may see (office: all; others: theirs), newest first, filtered by status or target. */
export async function listTasks(
  ctx: ServiceContext,
  options: {
    principal: Principal;
    status?: TaskStatus;
    brigadeId?: number;
    employeeId?: number;
    chatId?: string;
    isMineOnly?: boolean;
  },
): Promise<TaskView[]> {
  const where: Prisma.TaskWhereInput = {
    AND: [
      visibleTo(options.principal),
      options.isMineOnly ? { createdById: options.principal.employeeId } : {},
      options.status ? { status: options.status } : {},
      options.brigadeId ? { targetBrigadeId: options.brigadeId } : {},
      options.employeeId ? { targetEmployeeId: options.employeeId } : {},
      options.chatId ? { targetChatId: BigInt(options.chatId) } : {},
    ],
  };
  const rows = await ctx.db.prisma.task.findMany({
    where,
    include: TARGET_INCLUDE,
    orderBy: [{ nextRunAt: "asc" }, { id: "desc" }],
    take: 500,
  });
  return rows.map(toTaskView);
}

/** One task with its delivery log. */
export async function getTask(
  ctx: ServiceContext,
  options: { principal: Principal; taskId: number },
): Promise<TaskView> {
  const row = await ctx.db.prisma.task.findFirst({
    where: { AND: [{ id: options.taskId }, visibleTo(options.principal)] },
    include: { ...TARGET_INCLUDE, deliveries: { orderBy: { id: "asc" } } },
  });
  if (!row) throw notFound("Напоминание не найдено");
  return toTaskView(row);
}

/**
 * Reschedules (new `at` or `cron`), edits or cancels a task. Rescheduling an uncertain or failed task is the
 * person's explicit decision to send it again, so it becomes scheduled.
 */
export async function updateTask(
  ctx: ServiceContext,
  options: {
    principal: Principal;
    taskId: number;
    input: { text?: string; at?: string; cron?: string; status?: "cancelled" };
  },
): Promise<TaskView> {
  const now = ctx.clock.now();
  const current = await ctx.db.prisma.task.findUnique({ where: { id: options.taskId }, include: TARGET_INCLUDE });
  if (!current) throw notFound("Напоминание не найдено");
  if (!isOfficeRole(options.principal) && current.createdById !== options.principal.employeeId) {
    throw forbidden("Изменять напоминание может его автор или менеджер");
  }
  // The author's rights are checked as they are now: a lead moved to another brigade no longer speaks for the old one.
  assertMayTarget(options.principal, current);
  const { input } = options;
  const data: Prisma.TaskUpdateInput = {};
  if (input.text !== undefined) data.text = input.text;
  if (input.status === "cancelled") {
    if (current.status === "sent") throw badRequest("task_already_sent", "Напоминание уже отправлено");
    data.status = "cancelled";
    data.leaseOwner = null;
    data.leaseUntil = null;
  } else if (input.at !== undefined || input.cron !== undefined) {
    const schedule = firstRun(ctx, { at: input.at ? new Date(input.at) : undefined, cron: input.cron }, now);
    Object.assign(data, {
      nextRunAt: schedule.nextRunAt,
      cron: schedule.cron,
      status: "scheduled",
      attempts: 0,
      lastError: null,
    });
  } else if (input.text === undefined) {
    throw badRequest("task_update_empty", "Нечего менять: укажите text, at, cron или status");
  } else if (current.status !== "scheduled") {
    throw badRequest("task_not_scheduled", "Изменить текст можно только у запланированного напоминания");
  }
  // A dispatcher holding the task must not have it changed under its feet: only an unleased row is updated.
  const updated = await ctx.db.prisma.task.updateMany({
    where: { id: current.id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: null }] },
    data: data as Prisma.TaskUpdateManyMutationInput,
  });
  if (updated.count === 0) throw badRequest("task_busy", "Напоминание сейчас отправляется, попробуйте через минуту");
  const row = await ctx.db.prisma.task.findUniqueOrThrow({ where: { id: current.id }, include: TARGET_INCLUDE });
  return toTaskView(row);
}

/** /link in a group: the brigade lead attaches the group chat to their brigade; reminders to it go there. */
export async function linkBrigadeChat(
  ctx: ServiceContext,
  options: { principal: Principal; chatId: bigint },
): Promise<Brigade> {
  if (options.principal.role !== "brigade_lead" && !isOfficeRole(options.principal)) {
    throw forbidden("Привязать чат может бригадир");
  }
  if (options.principal.brigadeId === null) throw badRequest("no_brigade", "Вы не состоите в бригаде");
  return ctx.db.prisma.brigade.update({ where: { id: options.principal.brigadeId }, data: { chatId: options.chatId } });
}
