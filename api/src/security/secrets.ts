// Secrets: how strong a shared secret must be before the server accepts it, and every secret of a configuration
// (so the logger can blank them wherever they turn up: an error message, a URL, a header).
import type { AppConfig } from "../config.ts";

/** Shortest shared secret accepted in production: 24 characters of a random alphabet is over 128 bits. */
export const MIN_SECRET_LENGTH = 24;

const PLACEHOLDERS = /changeme|change_me|example|secret|password|passw0rd|qwerty|123456|token|test|default|your/i;

/** Why a shared secret is too weak to guard an endpoint, or undefined when it is fine. */
export function weakSecretReason(value: string): string | undefined {
  if (value.length < MIN_SECRET_LENGTH) return `shorter than ${MIN_SECRET_LENGTH} characters`;
  if (new Set(value).size < 10) return "too few distinct characters";
  if (PLACEHOLDERS.test(value) && value.length < 40) return "looks like a placeholder (contains a common word)";
  return undefined;
}

/** The Bitrix24 inbound webhook's token: the path segment after the user id (`/rest/<user>/<token>/`). */
function bitrixWebhookToken(webhookUrl: string | undefined): string | undefined {
  if (!webhookUrl) return undefined;
  try {
    return /\/rest\/\d+\/([^/]+)/.exec(new URL(webhookUrl).pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** Every secret value in the configuration, longest first (so a token inside a URL is blanked whole). */
export function secretsOf(config: AppConfig): string[] {
  const token = config.telegram.token;
  const values = [
    token,
    // The part after "<bot id>:" is what makes a bot token secret; it also appears alone in some error texts.
    token?.split(":")[1],
    config.telegram.webhookSecret,
    config.bitrix.appToken,
    config.bitrix.webhookUrl,
    bitrixWebhookToken(config.bitrix.webhookUrl),
    config.openai.apiKey,
    config.maps.googleApiKey,
    ...Object.values(config as unknown as Record<string, unknown>).flatMap((section) =>
      section && typeof section === "object"
        ? Object.entries(section as Record<string, unknown>).flatMap(([key, value]) =>
            /apiKey|token|secret/i.test(key) && typeof value === "string" ? [value] : [],
          )
        : [],
    ),
  ];
  // Very short values (a demo "1:a") would blank ordinary words in every line.
  return [...new Set(values.filter((value): value is string => typeof value === "string" && value.length >= 6))].sort(
    (a, b) => b.length - a.length,
  );
}
