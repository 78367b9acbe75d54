// Reminders from the chat: "/remind 2 бригаде завтра в 8:30 взять ключи" (or a plain "Напомни …") is parsed by
// the same use case as POST /api/ai-tasks, confirmed with ✅/✏️/❌ and only then saved; /tasks lists mine with
// cancel buttons; /link, sent by the brigade lead in a group, makes that group the brigade's chat.
import { Composer, InlineKeyboard } from "grammy";
import { AppError } from "@cleaning/api/lib/errors";
import type { TaskDraft } from "@cleaning/api/modules/tasks/parse-request";
import { describeCron, formatRunAt } from "@cleaning/api/modules/tasks/task-time";
import type { TaskTarget } from "@cleaning/api/modules/tasks/tasks.schemas";
import {
  createTask,
  describeDraft,
  linkBrigadeChat,
  listTasks,
  parseTaskDrafts,
  updateTask,
} from "@cleaning/api/modules/tasks/tasks.service";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";

/** The draft waiting for ✅, kept in the session (JSON-safe: bigint chat ids as strings, instants as ISO). */
interface PendingTask {
  text: string;
  target: { brigadeId?: number; employeeId?: number; chatId?: string };
  at?: string;
  cron?: string;
}

declare module "../context.ts" {
  interface SessionData {
    /** The drafts waiting for ✅: one per recipient («всем бригадам» gives one per brigade). */
    pendingTasks?: PendingTask[];
    /** Sessions saved before several recipients were possible. */
    pendingTask?: PendingTask;
    /** ✏️ was pressed: the next plain text is the corrected request. */
    isAwaitingTaskRequest?: boolean;
  }
}

export const taskData = {
  confirm: "task:ok",
  edit: "task:edit",
  discard: "task:no",
  cancelPrefix: "task:cancel:",
} as const;

const REQUEST_START = /^\s*(?:напомни|напоминай|отправь|передай|сообщи)/i;

/** Whether a text (typed or transcribed) asks for a reminder rather than asks a question. */
export const isTaskRequest = (text: string) => REQUEST_START.test(text);

export function createConfirmTaskKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text(ru.tasks.confirm, taskData.confirm)
    .text(ru.tasks.edit, taskData.edit)
    .text(ru.tasks.discard, taskData.discard);
}

function toPending(draft: TaskDraft): PendingTask {
  const target = "chatId" in draft.target ? { chatId: draft.target.chatId.toString() } : draft.target;
  return { text: draft.text, target, at: draft.at?.toISOString(), cron: draft.cron };
}

function targetOf(pending: PendingTask): TaskTarget {
  if (pending.target.brigadeId !== undefined) return { brigadeId: pending.target.brigadeId };
  if (pending.target.employeeId !== undefined) return { employeeId: pending.target.employeeId };
  return { chatId: BigInt(pending.target.chatId!) };
}

/** Parses a reminder request and asks to confirm it ("Отправлю 2 бригаде 26.11 в 08:30: … ✅/✏️/❌"). */
export async function proposeTask(ctx: BotContext, request: string): Promise<void> {
  if (!ctx.principal) return;
  if (!request.trim()) {
    await ctx.reply(ru.tasks.askWhat);
    return;
  }
  try {
    const drafts = await parseTaskDrafts(ctx.services, { principal: ctx.principal, request });
    ctx.session.pendingTasks = drafts.map(toPending);
    ctx.session.pendingTask = undefined;
    ctx.session.isAwaitingTaskRequest = false;
    const lines = await Promise.all(drafts.map((draft) => describeDraft(ctx.services, draft)));
    await ctx.reply(ru.tasks.isItRight(lines), { reply_markup: createConfirmTaskKeyboard() });
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    await ctx.reply(ru.tasks.notUnderstood(error.userMessage));
  }
}

/** /remind, plain "Напомни …" requests, /tasks with cancel buttons and /link in a brigade's group. */
export function tasksFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const known = composer.filter((ctx) => ctx.principal !== null);
  const privateChat = known.chatType("private");

  privateChat.command("remind", (ctx) => proposeTask(ctx, ctx.match));
  privateChat.on("message:text").filter(
    (ctx) => ctx.session.isAwaitingTaskRequest === true && !ctx.message.text.startsWith("/"),
    (ctx) => proposeTask(ctx, ctx.message.text),
  );
  privateChat.on("message:text").filter(
    (ctx) => isTaskRequest(ctx.message.text),
    (ctx) => proposeTask(ctx, ctx.message.text),
  );

  known.callbackQuery(taskData.confirm, async (ctx) => {
    const pending = ctx.session.pendingTasks ?? (ctx.session.pendingTask ? [ctx.session.pendingTask] : []);
    if (pending.length === 0) {
      await ctx.answerCallbackQuery({ text: ru.tasks.stale });
      return;
    }
    ctx.session.pendingTasks = undefined;
    ctx.session.pendingTask = undefined;
    const lines: string[] = [];
    for (const draft of pending) {
      const task = await createTask(ctx.services, {
        principal: ctx.principal!,
        input: { text: draft.text, target: targetOf(draft), at: draft.at, cron: draft.cron },
      });
      const when = task.cron
        ? describeCron(task.cron)
        : formatRunAt(new Date(task.nextRunAt!), ctx.services.config.timeZone);
      lines.push(ru.tasks.created(task.id, task.targetLabel, when, task.text));
    }
    await ctx.answerCallbackQuery({ text: ru.tasks.scheduled });
    await ctx.editMessageText(ru.tasks.createdList(lines));
  });
  known.callbackQuery(taskData.edit, async (ctx) => {
    ctx.session.pendingTasks = undefined;
    ctx.session.pendingTask = undefined;
    ctx.session.isAwaitingTaskRequest = true;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ru.tasks.retype);
  });
  known.callbackQuery(taskData.discard, async (ctx) => {
    ctx.session.pendingTasks = undefined;
    ctx.session.pendingTask = undefined;
    ctx.session.isAwaitingTaskRequest = false;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ru.tasks.discarded);
  });

  privateChat.command("tasks", async (ctx) => {
    const mine = await listTasks(ctx.services, { principal: ctx.principal!, isMineOnly: true });
    const open = mine.filter((task) => task.status === "scheduled" || task.status === "uncertain");
    if (open.length === 0) {
      await ctx.reply(ru.tasks.none);
      return;
    }
    const zone = ctx.services.config.timeZone;
    const lines = open.map((task) => {
      if (task.status === "uncertain") return ru.tasks.uncertain(task.id, task.targetLabel, task.text, task.lastError);
      const when = task.cron ? describeCron(task.cron) : formatRunAt(new Date(task.nextRunAt!), zone);
      return ru.tasks.line(task.id, task.targetLabel, when, task.text);
    });
    const keyboard = new InlineKeyboard();
    for (const task of open.filter((t) => t.status === "scheduled"))
      keyboard.text(ru.tasks.cancelButton(task.id), `${taskData.cancelPrefix}${task.id}`).row();
    await ctx.reply(lines.join("\n"), { reply_markup: keyboard });
  });
  known.callbackQuery(new RegExp(`^${taskData.cancelPrefix}(\\d+)$`), async (ctx) => {
    const taskId = Number(ctx.match[1]);
    await updateTask(ctx.services, { principal: ctx.principal!, taskId, input: { status: "cancelled" } });
    await ctx.answerCallbackQuery({ text: ru.tasks.cancelledToast(taskId) });
    await ctx.reply(ru.tasks.cancelled(taskId));
  });

  known.chatType(["group", "supergroup"]).command("link", async (ctx) => {
    const brigade = await linkBrigadeChat(ctx.services, { principal: ctx.principal!, chatId: BigInt(ctx.chat.id) });
    await ctx.reply(ru.tasks.linked(brigade));
  });
  return composer;
}
