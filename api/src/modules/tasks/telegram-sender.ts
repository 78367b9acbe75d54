// Sending goes through grammY's bare `Api` class, not a `Bot`: it needs no update source, so the dispatcher
// works the same in BOT_MODE polling, webhook and send-only, and on every instance.
import { Api, GrammyError, HttpError } from "grammy";
import type { AppConfig } from "../../config.ts";
import { splitTelegramText } from "../../lib/telegram-text.ts";

export interface MessageSender {
  sendMessage(chatId: bigint, text: string): Promise<{ messageId: number }>;
}

export type SendFailure =
  /** Not delivered, safe to try again later (429 with retry_after, Telegram 5xx, connection refused). */
  | { kind: "retry"; retryAfterMs: number; reason: string; isRateLimit: boolean }
  /** Will never be delivered (blocked bot, deleted chat, bad request). */
  | { kind: "failed"; reason: string }
  /** The request may have reached Telegram: resending could duplicate the message. */
  | { kind: "uncertain"; reason: string };

/** Some parts of a long text went out and a later one did not: resending would repeat the first parts. */
export class PartlySentError extends Error {
  constructor(
    readonly sentParts: number,
    readonly totalParts: number,
    override readonly cause: unknown,
  ) {
    super(`sent ${sentParts} of ${totalParts} parts: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * A sender over the Bot API at config.telegram.apiRoot, or null when no bot token is configured. A text past
 * Telegram's 4,096 characters (a big brigade's digest) goes as several messages; the first one's id is returned.
 */
export function createTelegramSender(telegram: AppConfig["telegram"]): MessageSender | null {
  if (!telegram.token) return null;
  const api = new Api(telegram.token, { apiRoot: telegram.apiRoot, timeoutSeconds: 30 });
  return {
    async sendMessage(chatId, text) {
      const parts = splitTelegramText(text);
      let firstId: number | undefined;
      for (const [index, part] of parts.entries()) {
        try {
          const message = await api.sendMessage(Number(chatId), part, { link_preview_options: { is_disabled: true } });
          firstId ??= message.message_id;
        } catch (error) {
          if (index === 0) throw error;
          throw new PartlySentError(index, parts.length, error);
        }
      }
      return { messageId: firstId! };
    },
  };
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET_BEFORE_SEND"]);

/** What a failed send means for delivery, with a reason in Russian for the task's creator. */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof PartlySentError) {
    const rest = classifySendError(error.cause);
    return {
      kind: "uncertain",
      reason: `Отправлено частей: ${error.sentParts} из ${error.totalParts}, остальные — нет (${rest.reason}); повторно не отправлялось`,
    };
  }
  if (error instanceof GrammyError) {
    const description = error.description;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 5;
      return {
        kind: "retry",
        retryAfterMs: seconds * 1000,
        reason: `Telegram просит подождать ${seconds} с (429)`,
        isRateLimit: true,
      };
    }
    if (error.error_code >= 500)
      return { kind: "retry", retryAfterMs: 5_000, reason: `Ошибка Telegram: ${description}`, isRateLimit: false };
    if (/blocked by the user/i.test(description)) return { kind: "failed", reason: "Бот заблокирован получателем" };
    if (/kicked|not a member|bot is not a member/i.test(description))
      return { kind: "failed", reason: "Бота удалили из чата" };
    if (/deactivated/i.test(description)) return { kind: "failed", reason: "Аккаунт получателя удалён" };
    if (/chat not found|PEER_ID_INVALID|chat_id is empty/i.test(description))
      return { kind: "failed", reason: "Чат не найден (удалён, или получатель не писал боту)" };
    if (/upgraded to a supergroup/i.test(description))
      return { kind: "failed", reason: "Группа стала супергруппой: привяжите её заново командой /link" };
    return { kind: "failed", reason: `Telegram отклонил сообщение: ${description}` };
  }
  if (error instanceof HttpError) {
    const code =
      (error.error as { code?: string; cause?: { code?: string } } | undefined)?.cause?.code ??
      (error.error as { code?: string })?.code;
    if (code && NOT_SENT_CODES.has(code))
      return { kind: "retry", retryAfterMs: 10_000, reason: `Нет связи с Telegram (${code})`, isRateLimit: false };
    return { kind: "uncertain", reason: `Связь с Telegram оборвалась во время отправки: ${error.message}` };
  }
  return {
    kind: "uncertain",
    reason: `Неизвестная ошибка при отправке: ${(error as Error)?.message ?? String(error)}`,
  };
}
