// The whole HTTP surface for tests that walk it: the demo company on PGlite, every feature of server.ts's
// FEATURES (assistant, voice, reminders, knowledge, CRM, the bot's webhook) mounted as in production, signed
// Telegram logins, and a scheduler that is never started, so no background job races the requests.
import type { Express } from "express";
import type { Database } from "../../../prisma/client.ts";
import { createApp } from "../app.ts";
import type { Feature } from "../features.ts";
import { createScheduler } from "../jobs/scheduler.ts";
import type { ServiceContext } from "../lib/context.ts";
import { today } from "../lib/dates.ts";
import { OpenAPIRegistry } from "../lib/openapi.ts";
import { bootstrapAdmins } from "../modules/auth/auth.service.ts";
import { FEATURES } from "../server.ts";
import { startFakeBitrix24, type FakeBitrix24 } from "../modules/crm/testing/fake-bitrix24.ts";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIBehaviour } from "../testing/fake-openai.ts";
import { signInitData, TEST_BOT_TOKEN } from "../testing/test-app.ts";
import { createDemoTestDatabase, createTestContext, TEST_NOW } from "../testing/test-db.ts";
import type { OpenApiDocument } from "./operations.ts";

/** Demo employees (seed 42) by role, plus the bootstrap admin and someone who is not an employee. */
export const ROLE_USERS = {
  admin: 1_000_001n,
  manager: 7_000_000_000n,
  brigade_lead: 7_000_000_002n,
  cleaner: 7_000_000_003n,
  stranger: 555_000_111n,
} as const;

export type RoleName = keyof typeof ROLE_USERS;

export const FULL_APP_WEBHOOK_SECRET = "fuzz-webhook-secret-0123456789abcdef";
export const FULL_APP_BITRIX_TOKEN = "fuzz-bitrix-application-token-0123456789";

export interface FullTestApp {
  app: Express;
  ctx: ServiceContext;
  db: Database;
  features: Feature[];
  openApi: OpenApiDocument;
  /** The local OpenAI-compatible fake the assistant, voice and knowledge talk to (when asked for). */
  openai?: FakeOpenAI;
  /** The fake Bitrix24 portal the CRM feature syncs with (when asked for). */
  bitrix?: FakeBitrix24;
  /** The Authorization header of a role's Telegram login (or none at all). */
  authorization(role: RoleName): string;
  close(): Promise<void>;
}

export interface FullTestAppOptions {
  env?: Record<string, string>;
  /** Start a fake OpenAI server (with this behaviour) so the LLM, speech and embedding paths run too. */
  openai?: Partial<FakeOpenAIBehaviour> | false;
  /** Turn the CRM on against a fake Bitrix24 portal (events accepted with FULL_APP_BITRIX_TOKEN). */
  isCrmOn?: boolean;
}

export async function createFullTestApp(options: FullTestAppOptions = {}): Promise<FullTestApp> {
  const openai = options.openai ? await startFakeOpenAI({ behaviour: options.openai }) : undefined;
  const bitrix = options.isCrmOn ? await startFakeBitrix24({ seed: 42 }) : undefined;
  const fullEnv = {
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    ADMIN_TELEGRAM_IDS: String(ROLE_USERS.admin),
    BOT_MODE: "webhook",
    WEBHOOK_SECRET: FULL_APP_WEBHOOK_SECRET,
    ...(bitrix ? { BITRIX24_WEBHOOK_URL: bitrix.webhookUrl, BITRIX24_APP_TOKEN: FULL_APP_BITRIX_TOKEN } : {}),
    ...(openai ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl } : {}),
    ...options.env,
  };
  const day = today(createTestContext(null as never, fullEnv).config.timeZone, TEST_NOW);
  const db = await createDemoTestDatabase(day);
  const ctx = createTestContext(db, fullEnv);
  await bootstrapAdmins(ctx);
  const registry = new OpenAPIRegistry();
  const scheduler = createScheduler({ logger: ctx.logger, timeZone: ctx.config.timeZone });
  const features: Feature[] = [];
  for (const factory of FEATURES) features.push(await factory({ ctx, scheduler, hasVector: true, registry }));
  const { app, openApi } = createApp({
    ctx,
    hasVector: true,
    registry,
    miniAppDir: null,
    healthChecks: Object.assign({}, ...features.map((feature) => feature.healthChecks ?? {})),
    publicRoutes: features.flatMap((feature) => feature.publicRoutes ?? []),
    apiRouters: features.flatMap((feature) => feature.apiRouters ?? []),
  });
  const logins = new Map<RoleName, string>();
  return {
    app,
    ctx,
    db,
    features,
    openApi: openApi as unknown as OpenApiDocument,
    openai,
    bitrix,
    authorization(role) {
      let login = logins.get(role);
      if (!login) logins.set(role, (login = `tma ${signInitData(ROLE_USERS[role], { authDate: ctx.clock.now() })}`));
      return login;
    },
    async close() {
      for (const feature of [...features].reverse()) await feature.stop?.();
      await db.close();
      await openai?.close();
      await bitrix?.close();
    },
  };
}
