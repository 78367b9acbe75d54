// Downloading a file a user sent to the bot: getFile, then the file URL with the bot token. The token stays on
// the server; every failure becomes a coded AppError with a Russian message and no URL in it.
import { Api, GrammyError } from "grammy";
import type { AppConfig } from "../../config.ts";
import { AppError } from "../../lib/errors.ts";

/** Telegram lets bots download files up to 20 MB with getFile (a self-hosted Bot API server lifts this). */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 20_000;

const apis = new Map<string, Api>();
function apiFor(token: string, apiRoot: string): Api {
  const key = `${apiRoot} ${token}`;
  let api = apis.get(key);
  if (!api) {
    api = new Api(token, { apiRoot, timeoutSeconds: DOWNLOAD_TIMEOUT_MS / 1000 });
    apis.set(key, api);
  }
  return api;
}

/** The bytes of a Telegram file by its file_id (at most `limit` bytes). */
export async function downloadTelegramFile(
  telegram: AppConfig["telegram"],
  fileId: string,
  options: { limit?: number } = {},
): Promise<Uint8Array> {
  const token = telegram.token;
  if (!token) {
    throw new AppError("telegram_not_configured", {
      status: 503,
      userMessage: "Файлы хранятся в Telegram: задайте TELEGRAM_BOT_TOKEN, чтобы их показывать",
    });
  }
  const limit = Math.min(options.limit ?? TELEGRAM_DOWNLOAD_LIMIT, TELEGRAM_DOWNLOAD_LIMIT);
  let filePath: string | undefined;
  try {
    // The Api carries its own timeout (timeoutSeconds).
    const file = await apiFor(token, telegram.apiRoot).getFile(fileId);
    if ((file.file_size ?? 0) > limit) throw tooLarge(limit);
    filePath = file.file_path;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof GrammyError && error.error_code === 400) {
      if (/too big/i.test(error.description)) throw tooLarge(limit);
      throw new AppError("file_unavailable", {
        status: 404,
        message: error.description,
        userMessage: "Telegram больше не отдаёт этот файл",
      });
    }
    throw unreachable(error);
  }
  if (!filePath)
    throw new AppError("file_unavailable", { status: 404, userMessage: "Telegram больше не отдаёт этот файл" });
  let response: Response;
  try {
    response = await fetch(`${telegram.apiRoot}/file/bot${token}/${filePath}`, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    throw unreachable(error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError("file_unavailable", {
      status: 502,
      message: `file download answered ${response.status}`,
      userMessage: "Не удалось скачать файл из Telegram, попробуйте позже",
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw tooLarge(limit);
  return bytes;
}

const tooLarge = (limit: number) =>
  new AppError("file_too_large", {
    status: 413,
    userMessage: `Файл больше ${Math.floor(limit / 1024 / 1024)} МБ: Telegram не отдаёт такие боту`,
  });

const unreachable = (error: unknown) =>
  new AppError("telegram_unavailable", {
    status: 502,
    // Only the error's class and code: a message could hold a URL, and the URL holds the token.
    message:
      `Telegram unreachable: ${(error as Error)?.name ?? "error"} ${(error as { code?: string })?.code ?? ""}`.trim(),
    userMessage: "Нет связи с Telegram, попробуйте позже",
  });
