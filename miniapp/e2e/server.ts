// The real server for browser tests: createApp on an in-memory PGlite with the demo company, serving the built
// mini-app from miniapp/dist, listening on a free local port. The assistant, knowledge and reminder routes are
// wired from the same feature factories as api/src/server.ts; the scheduler is never started, so no background
// job (built-in tasks, dispatch) races the tests.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApp } from "../../api/src/app.ts";
import { createScheduler } from "../../api/src/jobs/scheduler.ts";
import { today } from "../../api/src/lib/dates.ts";
import { OpenAPIRegistry } from "../../api/src/lib/openapi.ts";
import { actsFeature } from "../../api/src/modules/acts/acts.feature.ts";
import { createAssistantFeature } from "../../api/src/modules/assistant/assistant.feature.ts";
import { createKnowledgeFeature } from "../../api/src/modules/knowledge/knowledge.feature.ts";
import { photosFeature } from "../../api/src/modules/photos/photos.feature.ts";
import { createLogisticsFeature } from "../../api/src/modules/logistics/logistics.feature.ts";
import { createTasksFeature } from "../../api/src/modules/tasks/tasks.feature.ts";
import { visitsFeature } from "../../api/src/modules/visits/visits.feature.ts";
import type { ServiceContext } from "../../api/src/lib/context.ts";
import {
  createDemoTestDatabase,
  createTestConfig,
  createTestContext,
  TEST_NOW,
} from "../../api/src/testing/test-db.ts";

export const MINIAPP_ROOT = path.resolve(import.meta.dirname, "..");
export const MINIAPP_DIST = path.join(MINIAPP_ROOT, "dist");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds miniapp/dist when it is missing or older than the sources, so tests never run an old bundle. */
export async function ensureMiniAppBuilt(): Promise<void> {
  const indexHtml = path.join(MINIAPP_DIST, "index.html");
  const sources = [
    path.join(MINIAPP_ROOT, "src"),
    path.join(MINIAPP_ROOT, "index.html"),
    path.join(MINIAPP_ROOT, "vite.config.ts"),
  ];
  if (existsSync(indexHtml)) {
    const builtAt = statSync(indexHtml).mtimeMs;
    const changedAt = Math.max(
      ...sources.map((source) => (statSync(source).isDirectory() ? newestMtime(source) : statSync(source).mtimeMs)),
    );
    if (changedAt <= builtAt) return;
  }
  // Build beside dist and swap it in, so a server or another test run never sees a half-written bundle.
  const staging = path.join(MINIAPP_ROOT, "node_modules/.cache", `dist-build-${process.pid}`);
  const { build } = await import("vite");
  // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: React would ship its slow development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: path.join(MINIAPP_ROOT, "vite.config.ts"),
      root: MINIAPP_ROOT,
      mode: "production",
      logLevel: "warn",
      build: { outDir: staging },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  rmSync(MINIAPP_DIST, { recursive: true, force: true });
  renameSync(staging, MINIAPP_DIST);
}

export interface TestServer {
  url: string;
  ctx: ServiceContext;
  /** The day the demo data was seeded as "today" (the company's time zone). */
  today: string;
  close(): Promise<void>;
}

/** Starts the API with the demo company; `env` adds configuration (e.g. a bot token for real initData checks). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const day = today(createTestConfig(env).timeZone, TEST_NOW);
  const db = await createDemoTestDatabase(day);
  const ctx = createTestContext(db, env);
  const hasVector = false;
  const registry = new OpenAPIRegistry();
  const deps = {
    ctx,
    hasVector,
    registry,
    scheduler: createScheduler({ logger: ctx.logger, timeZone: ctx.config.timeZone }),
  };
  // No OpenAI key and no bot token here: the assistant answers offline, speech recognition says it is not set up.
  const features = [
    await createAssistantFeature({ voice: { tts: "offline" } })(deps),
    await createKnowledgeFeature()(deps),
    createTasksFeature(deps, { sender: null }),
    await actsFeature(deps),
    await photosFeature(deps),
    createLogisticsFeature(deps),
    await visitsFeature(deps),
  ];
  const { app } = createApp({
    ctx,
    hasVector,
    registry,
    miniAppDir: MINIAPP_DIST,
    apiRouters: features.flatMap((feature) => feature.apiRouters ?? []),
    // Signed act downloads are mounted before the /api authentication.
    publicRoutes: features.flatMap((feature) => feature.publicRoutes ?? []),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    today: day,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
