/**
 * Every error code the API and the bot answer with. The bot and the mini-app import `ErrorCode` instead of writing
 * string literals, so a renamed or misspelt code fails the type-check. Add a code here before using it.
 */
export const ERROR_CODES = [
  "act_format_unsupported",
  "act_link_expired",
  "act_link_invalid",
  "act_month_not_started",
  "act_month_out_of_range",
  "action_item_target_unknown",
  "action_item_time_unknown",
  "audio_too_large",
  "audio_too_long",
  "bad_request",
  "brigade_required",
  "chunk_too_large",
  "chunk_too_long",
  "conflict",
  "corrupt_file",
  "corrupt_image",
  "crm_events_off",
  "duplicate",
  "empty_file",
  "empty_text",
  "empty_transcript",
  "encrypted_file",
  "file_required",
  "file_too_large",
  "file_unavailable",
  "forbidden",
  "house_required",
  "image_too_large",
  "in_use",
  "init_data_expired",
  "init_data_invalid",
  "internal",
  "invalid_application_token",
  "invalid_audio",
  "invalid_date",
  "invalid_date_range",
  "invalid_json",
  "invalid_text",
  "invalid_ticket",
  "invalid_upload",
  "invalid_value",
  "invite_admin_kept",
  "invite_expired",
  "invite_not_found",
  "invite_used",
  "knowledge_off",
  "meeting_stopped",
  "meeting_too_long",
  "missing_value",
  "month_out_of_range",
  "no_brigade",
  "no_text",
  "not_found",
  "not_pending",
  "ocr_cancelled",
  "ocr_interrupted",
  "ocr_no_text",
  "ocr_timeout",
  "ocr_unavailable",
  "out_of_range",
  "payload_too_large",
  "photo_not_image",
  "photo_required",
  "plan_forbidden",
  "query_required",
  "rate_limited",
  "realtime_failed",
  "realtime_not_configured",
  "realtime_timeout",
  "reference_not_found",
  "route_brigade_forbidden",
  "route_brigade_required",
  "route_brigade_unknown",
  "route_date_out_of_range",
  "route_house_forbidden",
  "route_house_unknown",
  "route_no_brigade",
  "route_too_many_stops",
  "routing_provider_failed",
  "self_demotion",
  "stt_failed",
  "stt_not_configured",
  "stt_timeout",
  "task_already_sent",
  "task_busy",
  "task_cron_invalid",
  "task_not_scheduled",
  "task_target_many",
  "task_target_unknown",
  "task_text_empty",
  "task_time_ambiguous",
  "task_time_invalid",
  "task_time_past",
  "task_time_unknown",
  "task_update_empty",
  "telegram_not_configured",
  "telegram_unavailable",
  "too_long",
  "too_many_pages",
  "tool_forbidden",
  "unauthorized",
  "unknown_brigade",
  "unknown_management_company",
  "unknown_stage",
  "unknown_user",
  "unsupported_image",
  "unsupported_media_type",
  "unsupported_type",
  "update_failed",
  "validation_error",
  "visit_done",
  "visit_not_started",
  "voice_session_expired",
  "voice_session_not_found",
  "websocket_required",
  "zip_bomb",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error type: `message` is for logs, `userMessage` (Russian) is for people. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, options: { message?: string; userMessage: string; status?: number; details?: unknown }) {
    super(options.message ?? options.userMessage);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? 400;
    this.userMessage = options.userMessage;
    this.details = options.details;
  }
}

export const badRequest = (code: ErrorCode, userMessage: string, details?: unknown) =>
  new AppError(code, { userMessage, status: 400, details });

export const notFound = (userMessage: string) => new AppError("not_found", { userMessage, status: 404 });

export const forbidden = (userMessage = "Недостаточно прав") => new AppError("forbidden", { userMessage, status: 403 });

export const unauthorized = (code: ErrorCode, userMessage: string) => new AppError(code, { userMessage, status: 401 });
