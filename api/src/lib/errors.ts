/** The one error type: `message` is for logs, `userMessage` (Russian) is for people. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly userMessage: string;
  readonly details?: unknown;

  constructor(code: string, options: { message?: string; userMessage: string; status?: number; details?: unknown }) {
    super(options.message ?? options.userMessage);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? 400;
    this.userMessage = options.userMessage;
    this.details = options.details;
  }
}

export const badRequest = (code: string, userMessage: string, details?: unknown) =>
  new AppError(code, { userMessage, status: 400, details });

export const notFound = (userMessage: string) => new AppError("not_found", { userMessage, status: 404 });

export const forbidden = (userMessage = "Недостаточно прав") => new AppError("forbidden", { userMessage, status: 403 });

export const unauthorized = (code: string, userMessage: string) => new AppError(code, { userMessage, status: 401 });
