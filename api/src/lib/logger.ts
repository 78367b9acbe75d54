import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export interface LoggerOptions {
  /**
   * Secret values (tokens, keys, webhook URLs) blanked wherever they appear in a line: an error message, a URL, a
   * header. Paths catch the fields we know; values catch what a library puts in a message.
   */
  secrets?: string[];
  /** Where lines go (default stdout); tests capture them. */
  destination?: DestinationStream;
}

const CENSOR = "[скрыто]";

/** One pino logger; secrets that could reach a log line are redacted by path and by value. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6).sort((a, b) => b.length - a.length);
  const pattern = secrets.length
    ? new RegExp(
        secrets
          .map((secret) =>
            JSON.stringify(secret)
              .slice(1, -1)
              .replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
          )
          .join("|"),
        "g",
      )
    : null;
  const settings: pino.LoggerOptions = {
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-telegram-bot-api-secret-token"]',
        "token",
        "*.token",
        "*.apiKey",
        "*.appToken",
        "*.webhookSecret",
        "*.application_token",
        "*.*.application_token",
      ],
      censor: CENSOR,
    },
  };
  if (pattern) settings.hooks = { streamWrite: (line) => line.replace(pattern, CENSOR) };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
