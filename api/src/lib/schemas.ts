// Zod helpers for the values that reach PostgreSQL from outside: ids, Telegram ids and free text. Every
// module's schemas use these, so "an id past 32 bits" or "a NUL byte" is refused once, as a 400, before any SQL.
// Imports zod only: *.schemas.ts files (and so the mini-app) may import this file.
import { z } from "zod";

/** Largest value of PostgreSQL's `integer` (int4): every table id is one. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;
/** Range of PostgreSQL's `bigint` (int8): Telegram user and chat ids. */
export const INT8_MAX = 9_223_372_036_854_775_807n;
export const INT8_MIN = -9_223_372_036_854_775_808n;

/** Query and form values arrive as strings; an empty one means "not given". */
const blankToUndefined = (value: unknown) => (value === "" || value === undefined ? undefined : value);

/** Digit strings (as in a path or a query) become numbers; anything else is left for zod to refuse. */
const digitsToNumber = (value: unknown) =>
  typeof value === "string" && /^\s*-?\d{1,20}\s*$/.test(value) ? Number(value) : value;

/** An integer within PostgreSQL's int4, given as a number or (path, query) as a string of digits. */
export function int4Schema(name: string, range: { min?: number; max?: number } = {}) {
  const min = Math.max(range.min ?? INT4_MIN, INT4_MIN);
  const max = Math.min(range.max ?? INT4_MAX, INT4_MAX);
  const message = `${name}: ожидается целое число от ${min} до ${max}`;
  return z.preprocess(digitsToNumber, z.number({ error: message }).int(message).min(min, message).max(max, message));
}

/** A table id: a positive int4 (1 … 2147483647), as a number or a string of digits (path and query values). */
export function idSchema(name = "id") {
  const message = `${name}: ожидается id — целое число от 1 до ${INT4_MAX}`;
  return z.preprocess(digitsToNumber, z.number({ error: message }).int(message).min(1, message).max(INT4_MAX, message));
}

/** An optional query id: absent or empty is `undefined`. */
export const queryIdSchema = (name: string) => z.preprocess(blankToUndefined, idSchema(name).optional());

/** An optional query integer within int4 (page, limit …): absent or empty is `undefined`. */
export const queryInt4Schema = (name: string, range: { min?: number; max?: number } = {}) =>
  z.preprocess(blankToUndefined, int4Schema(name, range).optional());

function int64Schema(name: string, isSigned: boolean) {
  const pattern = isSigned ? /^-?\d{1,19}$/ : /^\d{1,19}$/;
  const message = isSigned
    ? `${name}: ожидается целое число (id чата)`
    : `${name}: ожидается Telegram id — положительное целое число`;
  return z
    .union([z.string({ error: message }).trim(), z.number({ error: message }).int(message)], { error: message })
    .transform((value, ctx) => {
      // Numbers past 2^53 have already lost digits: such ids must come as strings.
      const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : "") : value;
      if (!pattern.test(text)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      const id = BigInt(text);
      if (id > INT8_MAX || id < INT8_MIN || (!isSigned && id === 0n)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return id;
    });
}

/** A Telegram user id: a positive int64, as a string of digits (or a safe integer); parsed to bigint. */
export const telegramIdSchema = (name = "telegramId") => int64Schema(name, false);

/** A Telegram chat id: a signed int64 (groups are negative), as a string of digits (or a safe integer); bigint. */
export const chatIdSchema = (name = "chatId") => int64Schema(name, true);

/**
 * Control characters PostgreSQL refuses (NUL: 22021) or that no person types (other C0/C1 codes, DEL). Tab, line
 * feed and carriage return stay: pasted text carries them.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Whether `text` is free of the control characters that `safeText` refuses. */
export const isSafeText = (text: string) => !CONTROL_CHARACTERS.test(text);

/**
 * Free text that may reach the database: a string (trimmed unless `trim: false`), at most `max` characters, with
 * no NUL or other control characters except tab and line breaks.
 */
export function safeText(name: string, options: { min?: number; max?: number; trim?: boolean } = {}) {
  const max = options.max ?? 10_000;
  const base =
    options.trim === false
      ? z.string({ error: `${name}: ожидается строка` })
      : z.string({ error: `${name}: ожидается строка` }).trim();
  let schema = base.max(max, `${name}: не длиннее ${max} символов`);
  if (options.min)
    schema = schema.min(
      options.min,
      options.min === 1 ? `${name}: не может быть пустым` : `${name}: не короче ${options.min} символов`,
    );
  return schema.refine(isSafeText, `${name}: недопустимые управляющие символы`);
}

/** An optional query text: absent, empty or only spaces is `undefined`; otherwise `safeText`. */
export const queryTextSchema = (name: string, options: { max?: number } = {}) =>
  z.preprocess(
    (value) => (typeof value === "string" && !value.trim() ? undefined : value),
    safeText(name, { max: options.max ?? 500 }).optional(),
  );

/** Years a date from a person can mean. PostgreSQL refuses year 0000, and far years only make huge ranges. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/** Whether an ISO day, month or date-time text ("2026-11-26", "2026-11", "2026-11-26T08:30:00Z") has such a year. */
export function hasPlausibleYear(text: string): boolean {
  const year = Number(/^(\d{4})(?:-|$)/.exec(text)?.[1] ?? Number.NaN);
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** An ISO date-time with an offset ("2026-11-26T08:30:00+03:00") in a plausible year. */
export const isoDateTimeSchema = (
  name: string,
  message = `${name}: ожидается ISO-время, например 2026-11-26T08:30:00+03:00`,
) => z.iso.datetime({ offset: true, message }).refine(hasPlausibleYear, `${name}: год от ${MIN_YEAR} до ${MAX_YEAR}`);
