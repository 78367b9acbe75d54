import { sign } from "@telegram-apps/init-data-node";
import type { Express } from "express";
import type { Database } from "../../../prisma/client.ts";
import { createApp } from "../app.ts";
import type { ServiceContext } from "../lib/context.ts";
import { today } from "../lib/dates.ts";
import {
  createDemoTestDatabase,
  createPostgresTestDatabase,
  createTestContext,
  seedDemo,
  TEST_NOW,
} from "./test-db.ts";

export const TEST_BOT_TOKEN = "123456:TEST-token-for-initData";

export type Engine = "PGlite" | "PostgreSQL";
export const ENGINES: Engine[] = ["PGlite", "PostgreSQL"];

export interface TestApp {
  app: Express;
  ctx: ServiceContext;
  db: Database;
  close(): Promise<void>;
}

/** The real Express app over a demo company (seeded as of the test clock's day) on the chosen engine. */
export async function createDemoTestApp(
  engine: Engine,
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  let db: Database;
  let drop: () => Promise<void>;
  const day = today(createTestContext(null as never, env).config.timeZone, TEST_NOW);
  if (engine === "PGlite") {
    db = await createDemoTestDatabase(day);
    drop = () => db.close();
  } else {
    const pg = await createPostgresTestDatabase();
    db = pg.db;
    drop = pg.drop;
    await seedDemo(db, day);
  }
  const ctx = createTestContext(db, env);
  const { app } = createApp({ ctx, hasVector: engine === "PGlite", miniAppDir: null });
  return { app, ctx, db, close: drop };
}

/** A Telegram Mini App initData signed with `token`, as Telegram would send it (at the test clock's time by default). */
export function signInitData(
  userId: number | bigint,
  options: { token?: string; authDate?: Date; firstName?: string } = {},
): string {
  return sign(
    { user: { id: Number(userId), first_name: options.firstName ?? "Тест" }, query_id: "AAH-test" } as never,
    options.token ?? TEST_BOT_TOKEN,
    options.authDate ?? TEST_NOW,
  );
}
