// Telegram's error answers as the real Bot API words them ("Bad Request: ...", "Conflict: ...").

export interface FakeError {
  errorCode: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export class TelegramError extends Error {
  constructor(readonly fake: FakeError) {
    super(fake.description);
  }
}

export const errors = {
  badRequest: (text: string) => new TelegramError({ errorCode: 400, description: `Bad Request: ${text}` }),
  conflict: (text: string) => new TelegramError({ errorCode: 409, description: `Conflict: ${text}` }),
  forbidden: (text: string) => new TelegramError({ errorCode: 403, description: `Forbidden: ${text}` }),
};
