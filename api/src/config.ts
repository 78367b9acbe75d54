import { createHash } from "node:crypto";
import { z } from "zod";
import { weakSecretReason } from "./security/secrets.ts";

/**
 * Telegram's secret_token allows only 1-256 characters A-Z a-z 0-9 _ -. A value like that is used as it is; any
 * other (Render's `generateValue` is base64 with + / =) becomes its SHA-256 in base64url, 43 allowed characters,
 * so every instance and scripts/set-webhook.ts derive the same token from the same setting.
 */
export function toTelegramSecretToken(value: string | undefined): string | undefined {
  if (value === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(value)) return value;
  return createHash("sha256").update(value).digest("base64url");
}

/** Comma-separated list of integers ("1,2, 3") -> bigint[]. */
const idList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return [] as bigint[];
    const parts = value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    const ids: bigint[] = [];
    for (const part of parts) {
      if (!/^-?\d+$/.test(part)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a Telegram id` });
        return z.NEVER;
      }
      ids.push(BigInt(part));
    }
    return ids;
  });

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** "54.51,36.26" -> { lat, lon }, or undefined when it is not a real point. */
function parseLatLon(value: string): { lat: number; lon: number } | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0) ? { lat, lon } : undefined;
}

const isValidTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalString,
  APP_TIMEZONE: z.string().default("Europe/Moscow").refine(isValidTimeZone, "unknown IANA time zone"),
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default("./data"),
  CORS_ORIGINS: optionalString,
  METRICS_TOKEN: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.string().url().default("https://api.telegram.org"),
  BOT_MODE: z.enum(["polling", "webhook", "send-only"]).default("polling"),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // No default here: unset means 30 and 120, but off under NODE_ENV=test so suites are not throttled by accident.
  RATE_LIMIT_COSTLY_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  WEBHOOK_URL: optionalString,
  WEBHOOK_SECRET: optionalString.transform(toTelegramSecretToken),
  MINIAPP_URL: optionalString,
  ADMIN_TELEGRAM_IDS: idList,
  REPORT_CHAT_ID: optionalString,
  INIT_DATA_MAX_AGE: z.coerce.number().int().positive().default(86_400),
  BITRIX24_WEBHOOK_URL: optionalString,
  BITRIX24_FIELD_MAP: optionalString,
  BITRIX24_APP_TOKEN: optionalString,
  BITRIX24_SYNC_INTERVAL: z.coerce.number().int().positive().default(600),
  BITRIX24_RATE: z.coerce.number().positive().default(2),
  BITRIX24_BURST: z.coerce.number().int().min(1).max(250).default(10),
  OPENAI_API_KEY: optionalString,
  OPEN_AI_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  LLM_MODEL: z.string().default("gpt-4o-mini"),
  STT_MODEL: z.string().default("whisper-1"),
  TTS_MODEL: z.string().default("tts-1"),
  TTS_VOICE: z.string().default("alloy"),
  EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  STT_BASE_URL: optionalString,
  STT_API_KEY: optionalString,
  MEETINGS_MAX_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(180),
  MEETINGS_AUDIO_DAYS: z.coerce.number().int().min(1).default(30),
  OPENAI_REALTIME_MODEL: optionalString,
  KNOWLEDGE_MAX_FILE_MB: z.coerce.number().positive().default(20),
  KNOWLEDGE_MAX_UNZIPPED_MB: z.coerce.number().positive().default(200),
  KNOWLEDGE_OCR_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(50),
  KNOWLEDGE_OCR_MAX_MEGAPIXELS: z.coerce.number().positive().max(400).default(50),
  KNOWLEDGE_OCR_PAGE_TIMEOUT: z.coerce.number().positive().default(90),
  KNOWLEDGE_OCR_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  KNOWLEDGE_OCR_LANG_PATH: optionalString,
  GOOGLE_MAPS_API_KEY: optionalString,
  OSRM_URL: optionalString,
  COMPANY_NAME: optionalString,
  COMPANY_INN: optionalString,
  COMPANY_ADDRESS: optionalString,
  COMPANY_DIRECTOR: optionalString,
  PHOTO_CACHE_MB: z.coerce.number().positive().default(200),
  LOGISTICS_DEPOT: optionalString.refine(
    (value) => value === undefined || parseLatLon(value) !== undefined,
    'LOGISTICS_DEPOT must be "lat,lon" in degrees',
  ),
  LOGISTICS_ROAD_FACTOR: z.coerce.number().min(1).max(5).default(1.35),
  LOGISTICS_SPEED_KMH: z.coerce.number().positive().max(150).default(25),
  LOGISTICS_WET_FLOOR_MINUTES: z.coerce.number().nonnegative().default(2.5),
  LOGISTICS_SWEEP_FLOOR_MINUTES: z.coerce.number().nonnegative().default(1.5),
  LOGISTICS_FIRST_FLOOR_MINUTES: z.coerce.number().nonnegative().default(6),
  LOGISTICS_SETUP_MINUTES: z.coerce.number().nonnegative().default(5),
  LOGISTICS_START_TIME: z
    .string()
    .default("09:00")
    .refine((value) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value), "LOGISTICS_START_TIME must be HH:MM"),
  LOGISTICS_MATRIX_TIMEOUT: z.coerce.number().positive().max(120).default(8),
  DEMO_SEED: z.coerce.number().int().default(42),
  DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
  VISIT_PHOTO_REQUIRED: z.enum(["true", "false", "1", "0"]).default("true"),
  TASKS_LATE_WINDOW: z.coerce.number().int().min(0).default(3600),
  DIGEST_TIME: z
    .string()
    .default("07:30")
    .refine((value) => value === "off" || /^([01]?\d|2[0-3]):[0-5]\d$/.test(value), "DIGEST_TIME must be HH:MM or off"),
  PLANERKA_CRON: z
    .string()
    .default("45 8 * * 1-5")
    .refine(
      (value) => value === "off" || value.trim().split(/\s+/).length === 5,
      "PLANERKA_CRON must be a five-field cron or off",
    ),
});

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  env: "development" | "production" | "test";
  isProduction: boolean;
  port: number;
  /** Interface to listen on: 127.0.0.1 for the demo session (an admin without a password), else every interface. */
  host: string;
  timeZone: string;
  databaseUrl?: string;
  dataDir: string;
  corsOrigins: string[] | "*";
  logLevel: string;
  /** HTTP hardening: proxies in front of the app whose X-Forwarded-For is believed, and request budgets (0 = off). */
  security: { trustProxyHops: number; costlyPerMinute: number; publicPerMinute: number };
  /** Bearer token for /metrics; unset = no /metrics. */
  metricsToken?: string;
  telegram: {
    token?: string;
    apiRoot: string;
    mode: "polling" | "webhook" | "send-only";
    webhookUrl?: string;
    webhookSecret?: string;
    miniAppUrl?: string;
    reportChatId?: string;
    adminIds: bigint[];
    initDataMaxAge: number;
  };
  /** True when the API accepts the local demo session (no bot token, not production). */
  isDemoAuthEnabled: boolean;
  bitrix: {
    webhookUrl?: string;
    /** `https://<portal>` derived from the webhook URL, used for deal links. */
    portalUrl?: string;
    fieldMapPath?: string;
    appToken?: string;
    syncIntervalSeconds: number;
    rate: number;
    /** Requests the client may send at once before the bucket makes it wait (the portal blocks at 50). */
    burst: number;
  };
  openai: {
    apiKey?: string;
    baseUrl?: string;
    llmModel: string;
    sttModel: string;
    ttsModel: string;
    ttsVoice: string;
    embeddingModel: string;
    /** Speech recognition's own OpenAI-compatible server (STT_BASE_URL / STT_API_KEY), else the OPENAI_* ones. */
    stt: { apiKey?: string; baseUrl?: string; isOwnServer: boolean };
    /** «Разговор онлайн»: the Realtime model (OPENAI_REALTIME_MODEL); unset = live mode off, hands-free only. */
    realtimeModel?: string;
  };
  /** Планёрка: the longest meeting accepted and the days its audio is kept under DATA_DIR. */
  meetings: { maxMinutes: number; audioDays: number };
  maps: { googleApiKey?: string; osrmUrl?: string };
  /** The cleaning company's details in the header and signature of monthly acts; a missing one is a blank line. */
  company: { name?: string; inn?: string; address?: string; director?: string };
  /** Photo proof fetched from Telegram is cached under DATA_DIR up to this many megabytes (PHOTO_CACHE_MB). */
  photos: { cacheMb: number };
  /** Route planning: the depot (unset = centre of the day's houses), the offline matrix and service times. */
  logistics: {
    depot?: { lat: number; lon: number };
    roadFactor: number;
    speedKmh: number;
    /** Minutes per floor of one entrance by visit kind, and the fixed minutes at every house. */
    wetFloorMinutes: number;
    sweepFloorMinutes: number;
    firstFloorMinutes: number;
    setupMinutes: number;
    /** "HH:MM" in APP_TIMEZONE the day starts when the request names no time. */
    startTime: string;
    /** Seconds a routing provider has for the whole matrix before the offline estimate is used. */
    matrixTimeoutSeconds: number;
  };
  /** Knowledge base uploads: the file size limit and the budget for unpacking DOCX/XLSX (zip bombs). */
  knowledge: {
    maxFileMb: number;
    maxUnzippedMb: number;
    /** OCR of scans and photos: page and pixel limits, seconds per page, worker count (undefined = by cores), model folder ("off" = no OCR). */
    ocr: { maxPages: number; maxPixels: number; pageTimeoutMs: number; workers?: number; langPath?: string };
  };
  demo: { seed: number; isEnabled: boolean };
  /** Whether a cleaning can be marked done only with photo proof (VISIT_PHOTO_REQUIRED). */
  visits: { isPhotoRequired: boolean };
  tasks: {
    /** Seconds a missed task may still be sent late (with a note); older ones are marked failed. */
    lateWindowSeconds: number;
    /** "HH:MM" of the morning brigade digest in APP_TIMEZONE, or null when off. */
    digestTime: string | null;
    /** Cron (APP_TIMEZONE) of the планёрка reminder, or null when off. */
    planerkaCron: string | null;
  };
}

export class ConfigError extends Error {}

/** Parses and checks the environment once, at start. Nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  if (isProduction && !e.TELEGRAM_BOT_TOKEN) {
    throw new ConfigError("TELEGRAM_BOT_TOKEN is required in production (it validates Mini App initData)");
  }
  if (e.BOT_MODE === "webhook" && e.TELEGRAM_BOT_TOKEN && !e.WEBHOOK_SECRET) {
    throw new ConfigError("BOT_MODE=webhook needs WEBHOOK_SECRET (the secret_token Telegram echoes back)");
  }
  // Shared secrets guard public endpoints: in production a missing or guessable one is a start-up error.
  if (isProduction) {
    const guarded: [string, string | undefined, string][] = [];
    if (e.BOT_MODE === "webhook" && e.TELEGRAM_BOT_TOKEN)
      guarded.push(["WEBHOOK_SECRET", env.WEBHOOK_SECRET?.trim(), "BOT_MODE=webhook"]);
    if (e.BITRIX24_WEBHOOK_URL)
      guarded.push([
        "BITRIX24_APP_TOKEN",
        env.BITRIX24_APP_TOKEN?.trim(),
        "BITRIX24_WEBHOOK_URL (the CRM's outbound events)",
      ]);
    for (const [name, value, feature] of guarded) {
      if (!value) throw new ConfigError(`${name} is required in production when ${feature} is on`);
      const reason = weakSecretReason(value);
      if (reason)
        throw new ConfigError(`${name} is too weak (${reason}): use a random value, e.g. openssl rand -hex 32`);
    }
  }
  let portalUrl: string | undefined;
  if (e.BITRIX24_WEBHOOK_URL) {
    try {
      portalUrl = new URL(e.BITRIX24_WEBHOOK_URL).origin;
    } catch {
      throw new ConfigError("BITRIX24_WEBHOOK_URL is not a URL");
    }
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST ?? (!isProduction && !e.TELEGRAM_BOT_TOKEN ? "127.0.0.1" : "0.0.0.0"),
    timeZone: e.APP_TIMEZONE,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(",").map((origin) => origin.trim()) : isProduction ? [] : "*",
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
      mode: e.BOT_MODE,
      webhookUrl: e.WEBHOOK_URL,
      webhookSecret: e.WEBHOOK_SECRET,
      miniAppUrl: e.MINIAPP_URL,
      reportChatId: e.REPORT_CHAT_ID,
      adminIds: e.ADMIN_TELEGRAM_IDS,
      initDataMaxAge: e.INIT_DATA_MAX_AGE,
    },
    isDemoAuthEnabled: !isProduction && !e.TELEGRAM_BOT_TOKEN,
    security: {
      trustProxyHops: e.TRUST_PROXY_HOPS,
      costlyPerMinute: e.RATE_LIMIT_COSTLY_PER_MINUTE ?? (e.NODE_ENV === "test" ? 0 : 30),
      publicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE ?? (e.NODE_ENV === "test" ? 0 : 120),
    },
    bitrix: {
      webhookUrl: e.BITRIX24_WEBHOOK_URL,
      portalUrl,
      fieldMapPath: e.BITRIX24_FIELD_MAP,
      appToken: e.BITRIX24_APP_TOKEN,
      syncIntervalSeconds: e.BITRIX24_SYNC_INTERVAL,
      rate: e.BITRIX24_RATE,
      burst: e.BITRIX24_BURST,
    },
    openai: {
      apiKey: e.OPENAI_API_KEY ?? e.OPEN_AI_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      llmModel: e.LLM_MODEL,
      sttModel: e.STT_MODEL,
      ttsModel: e.TTS_MODEL,
      ttsVoice: e.TTS_VOICE,
      embeddingModel: e.EMBEDDING_MODEL,
      stt: {
        apiKey: e.STT_API_KEY ?? e.OPENAI_API_KEY ?? e.OPEN_AI_KEY,
        baseUrl: e.STT_BASE_URL ?? e.OPENAI_BASE_URL,
        isOwnServer: e.STT_BASE_URL !== undefined,
      },
      realtimeModel: e.OPENAI_REALTIME_MODEL,
    },
    meetings: { maxMinutes: e.MEETINGS_MAX_MINUTES, audioDays: e.MEETINGS_AUDIO_DAYS },
    maps: { googleApiKey: e.GOOGLE_MAPS_API_KEY, osrmUrl: e.OSRM_URL },
    company: { name: e.COMPANY_NAME, inn: e.COMPANY_INN, address: e.COMPANY_ADDRESS, director: e.COMPANY_DIRECTOR },
    photos: { cacheMb: e.PHOTO_CACHE_MB },
    logistics: {
      depot: e.LOGISTICS_DEPOT === undefined ? undefined : parseLatLon(e.LOGISTICS_DEPOT),
      roadFactor: e.LOGISTICS_ROAD_FACTOR,
      speedKmh: e.LOGISTICS_SPEED_KMH,
      wetFloorMinutes: e.LOGISTICS_WET_FLOOR_MINUTES,
      sweepFloorMinutes: e.LOGISTICS_SWEEP_FLOOR_MINUTES,
      firstFloorMinutes: e.LOGISTICS_FIRST_FLOOR_MINUTES,
      setupMinutes: e.LOGISTICS_SETUP_MINUTES,
      startTime: e.LOGISTICS_START_TIME,
      matrixTimeoutSeconds: e.LOGISTICS_MATRIX_TIMEOUT,
    },
    knowledge: {
      maxFileMb: e.KNOWLEDGE_MAX_FILE_MB,
      maxUnzippedMb: e.KNOWLEDGE_MAX_UNZIPPED_MB,
      ocr: {
        maxPages: e.KNOWLEDGE_OCR_MAX_PAGES,
        maxPixels: Math.round(e.KNOWLEDGE_OCR_MAX_MEGAPIXELS * 1_000_000),
        pageTimeoutMs: Math.round(e.KNOWLEDGE_OCR_PAGE_TIMEOUT * 1000),
        workers: e.KNOWLEDGE_OCR_WORKERS,
        langPath: e.KNOWLEDGE_OCR_LANG_PATH,
      },
    },
    demo: { seed: e.DEMO_SEED, isEnabled: e.DEMO_DATA === "auto" },
    visits: { isPhotoRequired: e.VISIT_PHOTO_REQUIRED === "true" || e.VISIT_PHOTO_REQUIRED === "1" },
    tasks: {
      lateWindowSeconds: e.TASKS_LATE_WINDOW,
      digestTime: e.DIGEST_TIME === "off" ? null : e.DIGEST_TIME,
      planerkaCron: e.PLANERKA_CRON === "off" ? null : e.PLANERKA_CRON.trim(),
    },
  };
}
