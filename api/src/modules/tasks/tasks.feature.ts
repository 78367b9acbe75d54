import type { Feature, FeatureDeps } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { ensureBuiltinTasks } from "./builtin-tasks.ts";
import { createDispatcher } from "./dispatcher.ts";
import { createTasksRouter } from "./tasks.router.ts";
import { createTelegramSender, type MessageSender } from "./telegram-sender.ts";

/**
 * Reminders: the /api/ai-tasks routes, the built-in daily tasks and the dispatcher (every 5 s on every
 * instance, whatever BOT_MODE; the database decides who sends what). Without a bot token nothing is sent:
 * tasks wait, and the late window decides their fate once a token is configured.
 */
export function createTasksFeature(deps: FeatureDeps, overrides: { sender?: MessageSender | null } = {}): Feature {
  const { ctx, scheduler } = deps;
  const sender = overrides.sender === undefined ? createTelegramSender(ctx.config.telegram) : overrides.sender;
  const router = createTasksRouter(ctx, deps.registry ?? new OpenAPIRegistry());
  scheduler.register("tasks-builtin", { interval: "10m", isRunOnStart: true }, async () => {
    await ensureBuiltinTasks(ctx);
  });
  if (sender) {
    const dispatcher = createDispatcher({ ctx, sender });
    scheduler.register("tasks-dispatch", { interval: "5s", isRunOnStart: true }, async () => {
      await dispatcher.tick();
    });
  } else {
    ctx.logger.info("TELEGRAM_BOT_TOKEN is not set: reminders are stored but not sent");
  }
  return {
    name: "tasks",
    apiRouters: [{ mount: "/ai-tasks", router }],
    healthChecks: {
      tasks: async () => {
        const [row] = await ctx.db.query<{ uncertain: number; overdue: number }>(
          `SELECT count(*) FILTER (WHERE status = 'uncertain')::int AS uncertain,
                  count(*) FILTER (WHERE status = 'scheduled' AND next_run_at < now() - interval '5 minutes')::int AS overdue
             FROM tasks`,
        );
        if (!sender) return { status: "off" as const, reason: "нет TELEGRAM_BOT_TOKEN: напоминания не отправляются" };
        return {
          status: "ok" as const,
          reason: `под вопросом: ${row?.uncertain ?? 0}, просрочено: ${row?.overdue ?? 0}`,
        };
      },
    },
  };
}

export const tasksFeature = (deps: FeatureDeps) => createTasksFeature(deps);
