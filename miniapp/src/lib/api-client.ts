// The one way the mini-app talks to the API: it sends Telegram's raw initData (or the local demo session in a
// plain browser) and turns `{ error: { code, message } }` into an ApiError with the server's Russian message.
import type { ErrorCode } from "../../../api/src/lib/errors.ts";
import { t } from "../i18n/ru.ts";
import { noteAnswer, noteNetworkFailure } from "./offline.ts";
import { getLaunchInfo } from "./platform.ts";

/** Codes after which the user cannot go on: the app shows its "Нет доступа" screen. */
const ACCESS_CODES = new Set<ApiErrorCode>([
  "unauthorized",
  "init_data_invalid",
  "init_data_expired",
  "unknown_user",
  "forbidden",
  "telegram_not_configured",
]);

/** The server's codes (api/src/lib/errors.ts) and the three the client makes itself. */
export type ApiErrorCode = ErrorCode | "network" | "http_error" | "unknown";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;

  constructor(status: number, code: ApiErrorCode, message: string) {
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

const recent = new Set<string>();

/** The last few paths read with apiGet, newest last (the service worker's cache is filled with them). */
export const recentReads = (): string[] => [...recent];

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  recent.delete(path);
  recent.add(path);
  if (recent.size > 8) recent.delete(recent.values().next().value as string);
  const response = await send(path, {
    headers: { Authorization: authorizationHeader(), Accept: "application/json" },
    signal,
  });
  return (await response.json()) as T;
}

/** POST/PATCH/DELETE with a JSON body (or none); answers the parsed JSON. */
export async function apiSend<T>(
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Authorization: authorizationHeader(), Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await send(
    path,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal },
    ACTION,
  );
  return (await response.json()) as T;
}

/** POSTs one file as the multipart field `file` (the browser sets the boundary); answers the parsed JSON. */
export async function apiUpload<T>(path: string, file: Blob, fileName: string, signal?: AbortSignal): Promise<T> {
  const form = new FormData();
  form.append("file", file, fileName);
  const response = await send(
    path,
    {
      method: "POST",
      headers: { Authorization: authorizationHeader(), Accept: "application/json" },
      body: form,
      signal,
    },
    ACTION,
  );
  return (await response.json()) as T;
}

/** POSTs a JSON body and answers the binary response (e.g. audio/ogg). */
export async function apiPostForBlob(path: string, body: unknown, signal?: AbortSignal): Promise<Blob> {
  const init: RequestInit = {
    method: "POST",
    headers: { Authorization: authorizationHeader(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  };
  const response = await send(path, init, ACTION);
  return response.blob();
}

/**
 * An action's 403 `forbidden` ("reminders for your own brigade only") refuses that one action: the page shows the
 * message, and the session is not treated as lost. Lost sign-in (401, unknown user ...) still is.
 */
const ACTION = { isForbiddenLocal: true };

/** fetch with the API's error contract: a non-2xx answer becomes an ApiError with the server's Russian message. */
async function send(path: string, init: RequestInit, options: { isForbiddenLocal?: boolean } = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    noteNetworkFailure();
    throw new ApiError(0, "network", t.common.networkError);
  }
  if (response.ok) {
    noteAnswer(response);
    return response;
  }
  let code: ApiErrorCode = "http_error";
  let message: string = t.common.unexpectedError;
  try {
    const body = (await response.json()) as { error?: { code?: ErrorCode; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // A proxy's HTML error page: keep the generic message.
  }
  const error = new ApiError(response.status, code, message);
  const isRefusedAction = options.isForbiddenLocal === true && error.status === 403 && error.code === "forbidden";
  if (error.isAccessDenied && !isRefusedAction) for (const listener of accessListeners) listener(error);
  throw error;
}

/** Any thrown value as an ApiError, so pages show one kind of message. */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, "unknown", t.common.unexpectedError);
}
