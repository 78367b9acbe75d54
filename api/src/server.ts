import type { Server } from "node:http";
import type { Express } from "express";
import type { Database } from "../../prisma/client.ts";
import { openDatabase } from "../../prisma/client.ts";
import { hasAnyData, seedDemoCompany, unbindLegacyDemoTelegramIds } from "../../prisma/demo/seed.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { createApp } from "./app.ts";
import type { AppConfig } from "./config.ts";
import type { Feature, FeatureFactory } from "./features.ts";
import { createScheduler, type Scheduler } from "./jobs/scheduler.ts";
import { systemClock, type Clock } from "./lib/clock.ts";
import type { ServiceContext } from "./lib/context.ts";
import { today } from "./lib/dates.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { secretsOf } from "./security/secrets.ts";
import { OpenAPIRegistry } from "./lib/openapi.ts";
import { actsFeature } from "./modules/acts/acts.feature.ts";
import { createAssistantFeature } from "./modules/assistant/assistant.feature.ts";
import { bootstrapAdmins, ensureDemoAdmin } from "./modules/auth/auth.service.ts";
import { crmFeature } from "./modules/crm/crm.feature.ts";
import { knowledgeFeature } from "./modules/knowledge/knowledge.feature.ts";
import { logisticsFeature } from "./modules/logistics/logistics.feature.ts";
import { meetingsFeature } from "./modules/meetings/meetings.feature.ts";
import { photosFeature } from "./modules/photos/photos.feature.ts";
import { tasksFeature } from "./modules/tasks/tasks.feature.ts";
import { visitsFeature } from "./modules/visits/visits.feature.ts";
import { realtimeRelayFeature } from "./modules/voice/realtime/realtime-relay.feature.ts";
// The composition root may know every package; the domain under modules/ never imports bot/.
import { createBotFeature } from "@cleaning/bot/feature";

/** Every feature the product wires at start, in order. Each later module adds its factory here. */
export const FEATURES: FeatureFactory[] = [
  createAssistantFeature(),
  tasksFeature,
  visitsFeature,
  knowledgeFeature,
  logisticsFeature,
  actsFeature,
  photosFeature,
  crmFeature,
  meetingsFeature,
  realtimeRelayFeature,
  createBotFeature(),
];

export interface StartOptions {
  logger?: Logger;
  /** An already open database (tests); otherwise opened from the config. */
  db?: Database;
  /** Features to wire (default FEATURES). */
  features?: FeatureFactory[];
  /** Serve the mini-app from this directory (default miniapp/dist, null for none). */
  miniAppDir?: string | null;
  /** Whether to listen on config.port (false in tests that use supertest). */
  isListening?: boolean;
  /** The clock (default: the machine's); tests and replays pin it. */
  clock?: Clock;
}

export interface RunningServer {
  ctx: ServiceContext;
  app: Express;
  scheduler: Scheduler;
  features: Feature[];
  hasVector: boolean;
  server?: Server;
  url?: string;
  close(): Promise<void>;
}

/**
 * Seeds the demo company on the embedded database only, only once, never in production and never next to a real
 * CRM. Demo employees of older seeds lose their real-looking Telegram ids on every start, wherever they are.
 */
export async function ensureDemoData(ctx: ServiceContext): Promise<boolean> {
  const unbound = await unbindLegacyDemoTelegramIds(ctx.db);
  if (unbound)
    ctx.logger.warn({ employees: unbound }, "demo employees had Telegram ids a real account may hold: unbound");
  // A production instance on the embedded database is a real company's: made-up houses and people have no place there.
  if (ctx.config.isProduction || ctx.db.kind !== "pglite" || !ctx.config.demo.isEnabled) return false;
  // Demo houses carry made-up deal ids: next to a real portal they would collide with real deals.
  if (ctx.config.bitrix.webhookUrl) return false;
  if (await hasAnyData(ctx.db)) return false;
  const result = await seedDemoCompany(ctx.db, {
    seed: ctx.config.demo.seed,
    today: today(ctx.config.timeZone, ctx.clock.now()),
    at: ctx.clock.now(),
  });
  ctx.logger.info(result, "demo company seeded into the embedded database");
  return true;
}

/** Composition root: config -> db -> services -> http + features + scheduler. */
export async function startServer(config: AppConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, { secrets: secretsOf(config) });
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const { applied, modified, hasVector } = await migrateDatabase(db);
  if (applied.length) logger.info({ applied }, "migrations applied");
  if (modified.length)
    logger.warn({ modified }, "applied migrations were edited afterwards: this database may differ from schema.prisma");
  const ctx: ServiceContext = { db, config, logger, clock: options.clock ?? systemClock };
  await ensureDemoData(ctx);
  await bootstrapAdmins(ctx);
  if (config.isDemoAuthEnabled) await ensureDemoAdmin(ctx);

  const scheduler = createScheduler({ logger, timeZone: config.timeZone });
  const registry = new OpenAPIRegistry();
  const features: Feature[] = [];
  for (const factory of options.features ?? FEATURES)
    features.push(await factory({ ctx, scheduler, hasVector, registry }));

  const { app } = createApp({
    ctx,
    hasVector,
    registry,
    miniAppDir: options.miniAppDir,
    healthChecks: Object.assign({}, ...features.map((f) => f.healthChecks ?? {})),
    publicRoutes: features.flatMap((f) => f.publicRoutes ?? []),
    apiRouters: features.flatMap((f) => f.apiRouters ?? []),
  });

  let server: Server | undefined;
  let url: string | undefined;
  if (options.isListening ?? true) {
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(config.port, config.host, () => resolve(listening));
    });
    const address = server.address();
    url = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : undefined;
    logger.info({ url }, "server listening");
  }
  // Jobs first, then every feature on its own: one that cannot reach its service (Telegram down at boot) logs,
  // reports it in health and retries in the background, and holds up neither the jobs nor the other features.
  await scheduler.start();
  await Promise.all(
    features.map((feature) =>
      Promise.resolve(feature.start?.()).catch((error: unknown) =>
        logger.error({ err: error, feature: feature.name }, "feature did not start"),
      ),
    ),
  );

  return {
    ctx,
    app,
    scheduler,
    features,
    hasVector,
    server,
    url,
    async close() {
      // Stop taking requests at once (in-flight ones finish), while jobs finish their run and features stop.
      const httpClosed = server ? closeServer(server, SHUTDOWN_GRACE_MS) : Promise.resolve();
      await scheduler.stop();
      for (const feature of [...features].reverse()) await feature.stop?.();
      await httpClosed;
      if (!options.db) await db.close();
    },
  };
}

/** How long in-flight requests get to finish on shutdown before their connections are closed. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Stops listening, lets in-flight requests finish within `graceMs`, then closes what is left. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection whose request just finished would otherwise hold the close for its idle timeout.
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweeper);
    clearTimeout(timer);
  }
}
