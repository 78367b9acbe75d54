// The real Express app with the knowledge feature wired as server.ts wires it, over a test database.
import type { Express } from "express";
import type { Database } from "../../../../../prisma/client.ts";
import { createApp } from "../../../app.ts";
import type { Scheduler } from "../../../jobs/scheduler.ts";
import { createPostgresTestDatabase, createTestContext, createTestDatabase } from "../../../testing/test-db.ts";
import type { Feature } from "../../../features.ts";
import type { ServiceContext } from "../../../lib/context.ts";
import { createKnowledgeFeature } from "../knowledge.feature.ts";
import type { KnowledgeContext } from "../knowledge-context.ts";

export interface KnowledgeTestApp {
  app: Express;
  ctx: ServiceContext;
  db: Database;
  hasVector: boolean;
  feature: Feature;
  close(): Promise<void>;
}

export async function createKnowledgeTestApp(
  options: {
    engine?: "PGlite" | "PostgreSQL";
    env?: Record<string, string>;
    overrides?: Partial<Pick<KnowledgeContext, "embedder" | "llm">>;
    db?: Database;
  } = {},
): Promise<KnowledgeTestApp> {
  let db = options.db;
  let drop = async () => undefined as void;
  if (!db && options.engine === "PostgreSQL") {
    const pg = await createPostgresTestDatabase();
    db = pg.db;
    drop = pg.drop;
  } else if (!db) {
    const pglite = await createTestDatabase();
    db = pglite;
    drop = () => pglite.close();
  }
  const hasVector = (await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`)).length > 0;
  const ctx = createTestContext(db, options.env);
  const feature = await createKnowledgeFeature(options.overrides)({
    ctx,
    hasVector,
    scheduler: undefined as unknown as Scheduler,
  });
  const { app } = createApp({
    ctx,
    hasVector,
    miniAppDir: null,
    apiRouters: feature.apiRouters,
    healthChecks: feature.healthChecks,
  });
  await feature.start?.();
  return {
    app,
    ctx,
    db,
    hasVector,
    feature,
    async close() {
      await feature.stop?.();
      await drop();
    },
  };
}
