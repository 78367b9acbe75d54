// The bot as a feature of the server: long polling with @grammyjs/runner (one instance), a webhook route checked
// by secret_token (any number of instances), or send-only. The composition root (api/src/server.ts) wires it.
// Without a token nothing starts and health says why; the rest of the app runs. Telegram being unreachable at
// boot blocks nothing: the bot connects in the background, retrying, and health reports `error` until it is up.
import { timingSafeEqual } from "node:crypto";
import type { Feature, FeatureDeps } from "@cleaning/api/features";
import type { ServiceContext } from "@cleaning/api/lib/context";
import type { ErrorCode } from "@cleaning/api/lib/errors";
import type { OpenAPIRegistry } from "@cleaning/api/lib/openapi";
import {
  isUpdateProcessed,
  markUpdateProcessed,
  pruneProcessedUpdates,
} from "@cleaning/api/modules/telegram/updates.service";
import { run, type RunnerHandle } from "@grammyjs/runner";
import express, { type RequestHandler, type Router } from "express";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { createBot, type BotContext } from "./index.ts";
import { retryPendingReportPosts } from "./lib/report-post.ts";
import { setupBot } from "./setup.ts";

export const WEBHOOK_PATH = "/telegram/webhook";
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
/** Waits between connection attempts while Telegram is unreachable at start (seconds, the last one repeats). */
const CONNECT_BACKOFF_SECONDS = [2, 5, 15, 30, 60];

export interface BotFeatureOptions {
  /** Waits between connection attempts in ms (tests shorten them). */
  connectBackoffMs?: number[];
}

/** Creates the bot feature for the configured mode (polling, webhook or send-only). */
export function createBotFeature(options: BotFeatureOptions = {}) {
  return (deps: FeatureDeps): Feature => botFeature(deps, options);
}

function botFeature(deps: FeatureDeps, options: BotFeatureOptions): Feature {
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
  const backoff = options.connectBackoffMs ?? CONNECT_BACKOFF_SECONDS.map((s) => s * 1000);
  let runner: RunnerHandle | undefined;
  let isConnected = false;
  let lastError: string | undefined;
  let isStopped = false;
  let wakeUp: (() => void) | undefined;
  let connecting: Promise<void> | undefined;

  scheduler.register("bot-report-posts", { interval: 60_000 }, async () => {
    if (isConnected) await retryPendingReportPosts(bot.api, ctx);
  });
  scheduler.register("bot-updates-prune", { interval: 3_600_000 }, async () => {
    await pruneProcessedUpdates(ctx);
  });

  async function connectOnce() {
    await initBot(bot);
    await setupBot(bot, ctx);
    if (mode === "polling") {
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    } else if (mode === "webhook" && ctx.config.telegram.webhookUrl) {
      await bot.api.setWebhook(webhookTarget(ctx.config.telegram.webhookUrl), {
        secret_token: ctx.config.telegram.webhookSecret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
    }
  }

  async function connect() {
    for (let attempt = 0; !isStopped; attempt++) {
      try {
        await connectOnce();
        isConnected = true;
        lastError = undefined;
        ctx.logger.info({ mode }, "bot connected to Telegram");
        await retryPendingReportPosts(bot.api, ctx).catch(() => 0);
        return;
      } catch (error) {
        lastError = (error as Error).message;
        const waitMs = backoff[Math.min(attempt, backoff.length - 1)]!;
        ctx.logger.error(
          { err: error, attempt: attempt + 1, retryInMs: waitMs },
          "bot could not reach Telegram; retrying in the background",
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  return {
    name: "bot",
    healthChecks: {
      telegram: () => {
        if (!isConnected)
          return {
            status: "error",
            reason: `бот не подключился к Telegram${lastError ? `: ${lastError}` : " (подключается)"}`,
          };
        return { status: "ok", reason: `режим ${mode}${runner && !runner.isRunning() ? " (опрос остановлен)" : ""}` };
      },
    },
    publicRoutes: mode === "webhook" ? [{ path: WEBHOOK_PATH, handler: createWebhookHandler(bot, ctx) }] : [],
    async start() {
      // Not awaited: the rest of the server (jobs, API) must not wait for Telegram.
      connecting = connect();
    },
    async stop() {
      isStopped = true;
      wakeUp?.();
      await connecting;
      if (runner?.isRunning()) await runner.stop();
    },
  };
}

/**
 * getMe once, failing when Telegram cannot be reached. grammY's own `bot.init()` retries network errors without
 * end, which is what froze the whole start-up during a Telegram outage.
 */
async function initBot(bot: Bot<BotContext>): Promise<void> {
  if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
}

/** WEBHOOK_URL may be the site root or the full webhook address. */
export function webhookTarget(webhookUrl: string): string {
  return webhookUrl.endsWith(WEBHOOK_PATH) ? webhookUrl : `${webhookUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
}

/**
 * The webhook endpoint: 401 without the right X-Telegram-Bot-Api-Secret-Token. An update is recorded as processed
 * only after it was handled: one that fails (the bot not connected yet, an error escaping grammY) answers 503 and
 * Telegram delivers it again; one seen before is acknowledged and skipped.
 */
export function createWebhookHandler(bot: Bot<BotContext>, ctx: ServiceContext): Router {
  const secret = Buffer.from(ctx.config.telegram.webhookSecret ?? "");
  const checkSecret: RequestHandler = (req, res, next) => {
    const given = Buffer.from(String(req.headers["x-telegram-bot-api-secret-token"] ?? ""));
    if (secret.length === 0 || given.length !== secret.length || !timingSafeEqual(given, secret)) {
      return void res
        .status(401)
        .json({ error: { code: "unauthorized" satisfies ErrorCode, message: "Неверный секрет вебхука" } });
    }
    next();
  };
  const handle: RequestHandler = async (req, res) => {
    const update = req.body as Update;
    if (!Number.isSafeInteger(update?.update_id) || update.update_id < 0) {
      return void res
        .status(400)
        .json({ error: { code: "bad_request" satisfies ErrorCode, message: "Нет update_id" } });
    }
    try {
      if (await isUpdateProcessed(ctx, update.update_id))
        return void res.status(200).json({ ok: true, duplicate: true });
      await initBot(bot);
      await bot.handleUpdate(update);
      await markUpdateProcessed(ctx, update.update_id);
      res.status(200).json({ ok: true });
    } catch (error) {
      ctx.logger.error(
        { err: error, updateId: update.update_id },
        "webhook update failed; Telegram will deliver it again",
      );
      res.status(503).json({
        error: {
          code: "update_failed" satisfies ErrorCode,
          message: "Обновление не обработано, Telegram повторит его",
        },
      });
    }
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
    request: {
      body: { content: { "application/json": { schema: { type: "object", description: "Telegram Update" } } } },
    },
    responses: {
      200: { description: "Принято (или уже обработано)" },
      401: { description: "Неверный секрет" },
      503: { description: "Не обработано: Telegram доставит обновление снова" },
    },
  });
}
