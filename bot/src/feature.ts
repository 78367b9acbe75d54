// Wires the grammY bot into the server: long polling with @grammyjs/runner (one instance), a webhook route
// checked by secret_token with duplicate update_ids ignored (any number of instances), or send-only.
// Without a token nothing starts and health says why; the rest of the app runs.
import { timingSafeEqual } from "node:crypto";
import { run, type RunnerHandle } from "@grammyjs/runner";
import express, { type RequestHandler, type Router } from "express";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { createBot, type BotContext } from "../../../../bot/src/index.ts";
import { setupBot } from "../../../../bot/src/setup.ts";
import { retryPendingReportPosts } from "../../../../bot/src/lib/report-post.ts";
import type { Feature, FeatureDeps } from "../../features.ts";
import type { ServiceContext } from "../../lib/context.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";

export const WEBHOOK_PATH = "/telegram/webhook";

/** Creates the bot feature for the configured mode (polling, webhook or send-only). */
export function createBotFeature(deps: FeatureDeps): Feature {
  const { ctx, scheduler } = deps;
  const { token, mode } = ctx.config.telegram;
  if (!token) {
    return {
      name: "bot",
      healthChecks: { telegram: () => ({ status: "off", reason: "TELEGRAM_BOT_TOKEN не задан: бот не запущен" }) },
    };
  }
  const bot = createBot(token, { services: ctx });
  if (mode === "webhook") registerWebhookDocs(deps.registry);
  let runner: RunnerHandle | undefined;
  let startError: string | undefined;
  scheduler.register("bot-report-posts", { interval: 60_000 }, async () => {
    await retryPendingReportPosts(bot.api, ctx);
  });
  return {
    name: "bot",
    healthChecks: {
      telegram: () =>
        startError
          ? { status: "error", reason: `бот не запустился: ${startError}` }
          : { status: "ok", reason: `режим ${mode}${runner && !runner.isRunning() ? " (опрос остановлен)" : ""}` },
    },
    publicRoutes: mode === "webhook" ? [{ path: WEBHOOK_PATH, handler: createWebhookHandler(bot, ctx) }] : [],
    async start() {
      try {
        await bot.init();
        await setupBot(bot, ctx);
        if (mode === "polling") {
          await bot.api.deleteWebhook();
          runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query", "my_chat_member"] } } });
        } else if (mode === "webhook" && ctx.config.telegram.webhookUrl) {
          await bot.api.setWebhook(webhookTarget(ctx.config.telegram.webhookUrl), {
            secret_token: ctx.config.telegram.webhookSecret,
            allowed_updates: ["message", "callback_query", "my_chat_member"],
          });
        }
        await retryPendingReportPosts(bot.api, ctx).catch(() => 0);
      } catch (error) {
        // A bad token or an unreachable Telegram must not take the API down with it.
        startError = (error as Error).message;
        ctx.logger.error({ err: error }, "bot did not start");
      }
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
    },
  };
}

/** WEBHOOK_URL may be the site root or the full webhook address. */
export function webhookTarget(webhookUrl: string): string {
  return webhookUrl.endsWith(WEBHOOK_PATH) ? webhookUrl : `${webhookUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
}

/**
 * The webhook endpoint: 401 without the right X-Telegram-Bot-Api-Secret-Token; an update_id seen before is
 * acknowledged and skipped (Telegram redelivers after timeouts and non-2xx answers).
 */
export function createWebhookHandler(bot: Bot<BotContext>, ctx: ServiceContext): Router {
  const secret = Buffer.from(ctx.config.telegram.webhookSecret ?? "");
  const checkSecret: RequestHandler = (req, res, next) => {
    const given = Buffer.from(String(req.headers["x-telegram-bot-api-secret-token"] ?? ""));
    if (secret.length === 0 || given.length !== secret.length || !timingSafeEqual(given, secret)) {
      return void res.status(401).json({ error: { code: "unauthorized", message: "Неверный секрет вебхука" } });
    }
    next();
  };
  const handle: RequestHandler = async (req, res) => {
    const update = req.body as Update;
    if (typeof update?.update_id !== "number") return void res.status(400).json({ error: { code: "bad_request", message: "Нет update_id" } });
    const fresh = await ctx.db.query(
      `INSERT INTO bot_processed_updates (update_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING update_id`,
      [update.update_id],
    );
    if (fresh.length > 0) await bot.handleUpdate(update);
    res.status(200).json({ ok: true });
  };
  const router = express.Router();
  router.post("/", checkSecret, express.json({ limit: "1mb" }), handle);
  return router;
}

/** The webhook is not a zod-parsed route (grammY reads the update), but it is an endpoint: document it. */
function registerWebhookDocs(registry: OpenAPIRegistry | undefined) {
  registry?.registerPath({
    method: "post",
    path: WEBHOOK_PATH,
    summary: "Обновления Telegram (BOT_MODE=webhook); заголовок X-Telegram-Bot-Api-Secret-Token = WEBHOOK_SECRET",
    tags: ["telegram"],
    security: [],
    request: { body: { content: { "application/json": { schema: { type: "object", description: "Telegram Update" } } } } },
    responses: { 200: { description: "Принято" }, 401: { description: "Неверный секрет" } },
  });
}
