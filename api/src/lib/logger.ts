import pino, { type Logger } from "pino";

export type { Logger };

/** One pino logger; secrets that could reach a log line are redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-telegram-bot-api-secret-token"]', "token", "*.token"],
      censor: "[скрыто]",
    },
  });
}
