// createBot(token, deps): plugins, session, features in order, the unhandled-update feature last. Only the
// bot feature (bot/src/feature.ts, wired by the composition root api/src/server.ts) polls or mounts the webhook.
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, Composer, HttpError, session, type BotConfig, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ServiceContext } from "@cleaning/api/lib/context";
import { botUpdates } from "@cleaning/api/lib/metrics";
import type { BotContext, SessionData } from "./context.ts";
import { DEFAULT_FEATURES } from "./features/index.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { answerEveryCallbackQuery } from "./middlewares/callback-answer.ts";
import { handleBotError } from "./middlewares/error-boundary.ts";
import { attachPrincipal } from "./middlewares/principal.ts";
import { createDbStorage } from "@cleaning/api/modules/telegram/bot-storage";

export type { BotContext, SessionData } from "./context.ts";

export interface BotDeps {
  /** Use cases, configuration and logger shared with the API. */
  services: ServiceContext;
  /** Features in order (default DEFAULT_FEATURES); the unhandled-update feature is always added last. */
  features?: BotFeature[];
  /** Bot API server root (default config.telegram.apiRoot). */
  apiRoot?: string;
  /** Skips getMe at init (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Bounds of @grammyjs/auto-retry for 429 and 5xx, and the waits before retrying a network error. */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number; networkRetryDelaysMs?: number[] };
}

/** A bot feature: one Composer, built from the shared dependencies. */
export type BotFeature = (deps: BotDeps) => Composer<BotContext>;

/** Builds the bot with every feature wired; it neither polls nor listens. */
export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const { services } = deps;
  const config: BotConfig<BotContext> = {
    client: { apiRoot: deps.apiRoot ?? services.config.telegram.apiRoot },
    botInfo: deps.botInfo,
  };
  const bot = new Bot<BotContext>(token, config);
  // Bounded: a 429 with a long retry_after fails the call rather than freezing a chat for minutes.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: deps.retry?.maxRetryAttempts ?? 3,
      maxDelaySeconds: deps.retry?.maxDelaySeconds ?? 30,
      // auto-retry would retry a network error without end (backing off to an hour): an unreachable Telegram then
      // freezes whoever awaits the call. Network errors get a few quick retries here instead, then fail.
      rethrowHttpErrors: true,
    }),
  );
  bot.api.config.use(retryNetworkErrors(deps.retry?.networkRetryDelaysMs ?? [500, 2_000]));
  // Under the runner, one chat's updates run in order (an album's photos, a double tap), chats in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(answerEveryCallbackQuery);
  bot.use(async (ctx, next) => {
    const type = Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
    try {
      await next();
      botUpdates.inc({ type, outcome: ctx.updateFailed ? "error" : "ok" });
    } catch (error) {
      botUpdates.inc({ type, outcome: "error" });
      throw error;
    }
  });
  bot.use((ctx, next) => {
    ctx.services = services;
    return next();
  });
  bot.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: createDbStorage<SessionData>(services.db, "session:"),
    }),
  );
  bot.use(attachPrincipal);
  const features = [...(deps.features ?? DEFAULT_FEATURES), unhandledFeature];
  bot.errorBoundary(handleBotError, ...features.map((feature) => feature(deps)));
  bot.catch(handleBotError);
  return bot;
}

/** Retries a Bot API call that failed on the network (no answer from Telegram) after each of `delaysMs`, then throws. */
export function retryNetworkErrors(delaysMs: number[]): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= delaysMs.length || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
      }
    }
  };
}
