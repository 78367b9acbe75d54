// The one way the mini-app talks to the API: it sends Telegram's raw initData (or the local demo session in a
// plain browser) and turns `{ error: { code, message } }` into an ApiError with the server's Russian message.
import { t } from "../i18n/ru.ts";
import { getLaunchInfo } from "./platform.ts";

/** Codes after which the user cannot go on: the app shows its "Нет доступа" screen. */
const ACCESS_CODES = new Set(["unauthorized", "init_data_invalid", "init_data_expired", "unknown_user", "forbidden", "telegram_not_configured"]);

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }

  get isAccessDenied(): boolean {
    return this.status === 401 || (this.status === 403 && ACCESS_CODES.has(this.code));
  }
}

type AccessListener = (error: ApiError) => void;
const accessListeners = new Set<AccessListener>();

/** Subscribes to "this session has no access" (401/403 from any request). */
export function onAccessDenied(listener: AccessListener): () => void {
  accessListeners.add(listener);
  return () => accessListeners.delete(listener);
}

export function authorizationHeader(): string {
  const launch = getLaunchInfo();
  return launch.initDataRaw !== undefined ? `tma ${launch.initDataRaw}` : "demo";
}

/** Query string of the given values, skipping empty ones. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: authorizationHeader(), Accept: "application/json" }, signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network", t.common.networkError);
  }
  if (response.ok) return (await response.json()) as T;
  let code = "http_error";
  let message: string = t.common.unexpectedError;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // A proxy's HTML error page: keep the generic message.
  }
  const error = new ApiError(response.status, code, message);
  if (error.isAccessDenied) for (const listener of accessListeners) listener(error);
  throw error;
}
