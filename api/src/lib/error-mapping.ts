// The one place that turns errors caused by a request's values into coded 4xx answers: database errors (an id past
// int4, a NUL byte, a year 0000, a duplicate) and broken multipart uploads. Validation at the edge
// (lib/schemas.ts) should refuse such values first; this is the net under it, so they are never a 500.
import { AppError, type ErrorCode } from "./errors.ts";

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  meta?: {
    code?: unknown;
    driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown; kind?: unknown } };
  };
  cause?: unknown;
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The PostgreSQL SQLSTATE behind an error, whichever layer threw it: node-postgres and PGlite (`code` with a
 * `severity`), Prisma's driver adapters (`meta.driverAdapterError.cause.originalCode`), Prisma's raw-query
 * error (`meta.code`), or any of them wrapped as a `cause`.
 */
export function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 4) return undefined;
  const e = error as ErrorLike;
  if (typeof e.code === "string" && SQLSTATE.test(e.code) && (typeof e.severity === "string" || e.name === "error"))
    return e.code;
  const adapter = e.meta?.driverAdapterError?.cause;
  for (const candidate of [adapter?.originalCode, adapter?.code, e.meta?.code]) {
    if (typeof candidate === "string" && SQLSTATE.test(candidate)) return candidate;
  }
  return sqlStateOf(e.cause, depth + 1);
}

const prismaCodeOf = (error: unknown): string | undefined => {
  const code = (error as ErrorLike | null)?.code;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
};

const reply = (code: ErrorCode, status: number, userMessage: string, error: unknown) =>
  new AppError(code, {
    status,
    userMessage,
    message: `request refused: ${String((error as ErrorLike).message ?? error)}`,
  });

/** SQLSTATE → answer. Class 22 (data exception) and 23 (integrity) are the caller's values, never our fault. */
function fromSqlState(state: string, error: unknown): AppError | undefined {
  switch (state) {
    case "22021": // character_not_in_repertoire: NUL or broken UTF-8 in text
      return reply("invalid_text", 400, "Текст содержит недопустимые символы", error);
    case "22003": // numeric_value_out_of_range: an id past int4, a Telegram id past int8
      return reply("out_of_range", 400, "Число вне допустимого диапазона", error);
    case "22007": // invalid_datetime_format
    case "22008": // datetime_field_overflow: year 0000, 30 February …
      return reply("invalid_date", 400, "Неверная дата или время", error);
    case "22001": // string_data_right_truncation
      return reply("too_long", 400, "Слишком длинное значение", error);
    case "23505": // unique_violation
      return reply("conflict", 409, "Такая запись уже есть", error);
    case "23503": // foreign_key_violation: a reference to a missing row, or deleting a row still referenced
      return /still referenced/i.test(String((error as ErrorLike).message ?? ""))
        ? reply("in_use", 409, "Запись используется другими данными и не может быть удалена", error)
        : reply("reference_not_found", 400, "Связанная запись не найдена", error);
    case "23502": // not_null_violation
      return reply("missing_value", 400, "Не указано обязательное значение", error);
    case "54000": // program_limit_exceeded: a text too long for an index or a tsvector
      return reply("too_long", 400, "Слишком длинное значение", error);
  }
  if (state.startsWith("22")) return reply("invalid_value", 400, "Неверное значение параметра", error);
  if (state.startsWith("23")) return reply("conflict", 409, "Данные противоречат уже сохранённым", error);
  return undefined;
}

/** Busboy's own errors for a body that is not the multipart it claims to be (multer passes them on bare). */
const BROKEN_MULTIPART =
  /^(Malformed part header|Unexpected end of form|Multipart: Boundary not found|Malformed urlencoded form|Unsupported content type|Missing Content-Type)/;

/** Multer's limits and busboy's parse errors: the upload itself is wrong. */
function uploadErrorToAppError(error: unknown): AppError | undefined {
  const e = error as ErrorLike;
  if (e.name === "MulterError") {
    return e.code === "LIMIT_FILE_SIZE"
      ? reply("payload_too_large", 413, "Файл слишком большой", error)
      : reply("invalid_upload", 400, "Неверная загрузка: нужен один файл в поле «file»", error);
  }
  if (typeof e.message === "string" && BROKEN_MULTIPART.test(e.message))
    return reply("invalid_upload", 400, "Неверный формат загрузки (multipart/form-data)", error);
  return undefined;
}

/**
 * Maps an error caused by the request's values (a database refusal, a broken upload) to a coded AppError (400,
 * 404, 409, 413); undefined for anything else (a lost connection, a bug), which stays a 500.
 */
export function requestErrorToAppError(error: unknown): AppError | undefined {
  if (!error || typeof error !== "object" || error instanceof AppError) return undefined;
  return databaseErrorToAppError(error) ?? uploadErrorToAppError(error);
}

/** Maps a database error caused by the request's values to a coded AppError (400, 404, 409); else undefined. */
export function databaseErrorToAppError(error: unknown): AppError | undefined {
  if (!error || typeof error !== "object" || error instanceof AppError) return undefined;
  const state = sqlStateOf(error);
  if (state) {
    const mapped = fromSqlState(state, error);
    if (mapped) return mapped;
  }
  switch (prismaCodeOf(error)) {
    case "P2002":
      return reply("conflict", 409, "Такая запись уже есть", error);
    case "P2025":
    case "P2001":
      return reply("not_found", 404, "Запись не найдена", error);
    case "P2003":
      return reply("reference_not_found", 400, "Связанная запись не найдена", error);
    case "P2000":
      return reply("too_long", 400, "Слишком длинное значение", error);
    case "P2020":
      return reply("out_of_range", 400, "Число вне допустимого диапазона", error);
    case "P2006":
    case "P2007":
    case "P2019":
    case "P2023":
      return reply("invalid_value", 400, "Неверное значение параметра", error);
  }
  // Prisma refuses a value before sending it (an Invalid Date, NaN): it came from the request.
  if (
    (error as ErrorLike).name === "PrismaClientValidationError" &&
    /Invalid value for argument/.test(String((error as ErrorLike).message))
  ) {
    return reply("invalid_value", 400, "Неверное значение параметра", error);
  }
  return undefined;
}
