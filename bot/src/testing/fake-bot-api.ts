// A local stand-in for api.telegram.org: the real grammY Bot talks to it through `client.apiRoot`. It answers
// the methods our bot uses with Telegram's own shapes ({ ok, result } / { ok: false, error_code, description,
// parameters }), records every call, keeps the messages it "sent" so edits behave like Telegram's, serves files
// for getFile, delivers updates by long polling or to a webhook, and can inject errors such as 429.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseMultipart, type UploadedFile } from "./multipart.ts";
import { errors, TelegramError, type FakeError } from "./telegram-errors.ts";

/** Telegram refuses getFile for anything larger (a self-hosted Bot API server lifts this). */
export const DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  files: UploadedFile[];
  /** The error the fake answered with, if any. */
  error?: FakeError;
  at: number;
}

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

/** What Telegram knows a file as; a file_id of one kind is refused where another is expected. */
type FileKind = "photo" | "document" | "voice" | "audio";

interface StoredFile {
  fileId: string;
  uniqueId: string;
  size: number;
  path: string;
  bytes?: Buffer;
  kind?: FileKind;
}

interface SentMessage {
  chatId: number;
  messageId: number;
  text?: string;
  replyMarkup?: unknown;
  message: Record<string, unknown>;
}

interface InjectedError extends FakeError {
  method: string;
  times: number;
  match?: (params: Record<string, unknown>) => boolean;
}

type Update = Record<string, unknown> & { update_id: number };
type Waiter = { resolve: () => void };

export interface FakeBotApiOptions {
  token?: string;
  username?: string;
}

const BOT_ID = 7_999_000_001;

/** The kind of file a sending field (or an album item's `type`) takes, and Telegram's names in its refusals. */
const FIELD_KINDS: Record<string, FileKind | undefined> = {
  photo: "photo",
  document: "document",
  voice: "voice",
  audio: "audio",
};
const KIND_NAMES: Record<FileKind, string> = { photo: "Photo", document: "Document", voice: "Voice", audio: "Audio" };

export class FakeBotApi {
  readonly token: string;
  readonly username: string;
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: { updateId: number; status: number }[] = [];
  apiRoot = "";
  private server: Server;
  private updates: Update[] = [];
  private nextUpdateId = 100_000;
  private nextMessageId = new Map<number, number>();
  private sentMessages = new Map<string, SentMessage>();
  private files = new Map<string, StoredFile>();
  private injected: InjectedError[] = [];
  private pollWaiters = new Set<Waiter>();
  private callWaiters = new Set<() => void>();
  private callListeners = new Set<(call: RecordedCall) => void>();
  private lastKeyboardMessage = new Map<number, SentMessage>();
  private callbackQueries = new Set<string>();
  private webhook: { url: string; secret?: string } | null = null;
  private deliveryChain: Promise<void> = Promise.resolve();
  private isClosed = false;

  constructor(options: FakeBotApiOptions = {}) {
    this.token = options.token ?? `${BOT_ID}:TEST-${randomBytes(8).toString("hex")}`;
    this.username = options.username ?? "cleaning_test_bot";
    this.server = createServer((req, res) => void this.route(req, res));
    // Long polls and keep-alive sockets must not hold the test process open.
    this.server.keepAliveTimeout = 1000;
  }

  /** Starts listening on a random local port; `apiRoot` is ready afterwards. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const waiter of this.pollWaiters) waiter.resolve();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get botInfo() {
    return {
      id: BOT_ID,
      is_bot: true as const,
      first_name: "Клининг",
      username: this.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }

  // ---- inspection -------------------------------------------------------------------------------------------

  /** Successful calls of one method (optionally since a `mark()`), their params in order. */
  callsOf(method: string, since = 0): Record<string, unknown>[] {
    return this.calls
      .slice(since)
      .filter((call) => call.method === method && !call.error)
      .map((call) => call.params);
  }

  /** Calls `listener` with every call as it is answered (benchmarks; tests prefer waitForCall). */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** A cursor into the call log: pass it to `callsOf`/`waitForCall` to see only what happens next. */
  mark(): number {
    return this.calls.length;
  }

  /** Waits until a successful call of `method` (matching `match`) appears after `since`. */
  async waitForCall(
    method: string,
    options: {
      since?: number;
      match?: (params: Record<string, unknown>) => boolean;
      count?: number;
      timeoutMs?: number;
    } = {},
  ): Promise<Record<string, unknown>> {
    const { since = 0, match = () => true, count = 1, timeoutMs = 5000 } = options;
    const found = () => this.callsOf(method, since).filter(match);
    const deadline = Date.now() + timeoutMs;
    while (found().length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no ${method} call within ${timeoutMs} ms (saw ${found().length}/${count})`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.callWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.callWaiters.add(wake);
      });
    }
    return found()[count - 1]!;
  }

  /** The text and keyboard of a message the bot sent, as it is now (after edits). */
  message(chatId: number, messageId: number): SentMessage | undefined {
    return this.sentMessages.get(`${chatId}:${messageId}`);
  }

  // ---- behaviour control ------------------------------------------------------------------------------------

  /** The next `times` calls of `method` (matching `match`) fail with this error, e.g. 429 with retry_after. */
  failNext(
    method: string,
    error: {
      errorCode: number;
      description?: string;
      retryAfter?: number;
      times?: number;
      match?: (params: Record<string, unknown>) => boolean;
    },
  ): void {
    const description =
      error.description ??
      (error.errorCode === 429 ? `Too Many Requests: retry after ${error.retryAfter ?? 1}` : "Internal Server Error");
    this.injected.push({
      method,
      times: error.times ?? 1,
      match: error.match,
      errorCode: error.errorCode,
      description,
      parameters: error.retryAfter === undefined ? undefined : { retry_after: error.retryAfter },
    });
  }

  /** Registers a file a user "sent" so getFile and the download URL serve it. */
  addFile(options: { size?: number; bytes?: Buffer; path?: string; kind?: FileKind } = {}): StoredFile {
    const fileId = `AgAD${randomBytes(12).toString("base64url")}`;
    const size = options.bytes?.length ?? options.size ?? 50_000;
    const file: StoredFile = {
      fileId,
      uniqueId: randomBytes(6).toString("base64url"),
      size,
      path: options.path ?? `files/file_${this.files.size}.bin`,
      bytes: options.bytes,
      kind: options.kind,
    };
    this.files.set(fileId, file);
    return file;
  }

  // ---- updates users send -----------------------------------------------------------------------------------

  /** Queues an update for getUpdates or the webhook and returns it (with its update_id). */
  pushUpdate(update: Record<string, unknown>): Update {
    const full = { ...update, update_id: this.nextUpdateId++ } as Update;
    if (this.webhook) this.deliver(full);
    else {
      this.updates.push(full);
      for (const waiter of this.pollWaiters) waiter.resolve();
    }
    return full;
  }

  /** An update for a private text message; a leading /command gets its bot_command entity like Telegram's. */
  textUpdate(from: FakeUser, text: string): Record<string, unknown> {
    const command = /^\/[a-zA-Z0-9_]+(@\w+)?/.exec(text);
    return {
      message: {
        ...this.incomingMessage(from),
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      },
    };
  }

  /** An update for a photo (optionally part of an album); registers the file for getFile. */
  photoUpdate(
    from: FakeUser,
    options: { mediaGroupId?: string; size?: number; caption?: string } = {},
  ): Record<string, unknown> {
    const file = this.addFile({
      size: options.size ?? 120_000,
      path: `photos/file_${this.files.size}.jpg`,
      kind: "photo",
    });
    const small = this.addFile({ size: 9_000, path: `photos/file_${this.files.size}_s.jpg`, kind: "photo" });
    return {
      message: {
        ...this.incomingMessage(from),
        ...(options.mediaGroupId ? { media_group_id: options.mediaGroupId } : {}),
        ...(options.caption ? { caption: options.caption } : {}),
        photo: [
          { file_id: small.fileId, file_unique_id: small.uniqueId, width: 90, height: 120, file_size: small.size },
          { file_id: file.fileId, file_unique_id: file.uniqueId, width: 960, height: 1280, file_size: file.size },
        ],
      },
    };
  }

  /** An update for a file sent "as file" (a photo without compression is a document too); registers it for getFile. */
  documentUpdate(
    from: FakeUser,
    options: { fileName?: string; mimeType?: string; size?: number; mediaGroupId?: string } = {},
  ): Record<string, unknown> {
    const fileName = options.fileName ?? "IMG_0001.jpg";
    const file = this.addFile({
      size: options.size ?? 2_400_000,
      path: `documents/file_${this.files.size}_${fileName}`,
      kind: "document",
    });
    return {
      message: {
        ...this.incomingMessage(from),
        ...(options.mediaGroupId ? { media_group_id: options.mediaGroupId } : {}),
        document: {
          file_id: file.fileId,
          file_unique_id: file.uniqueId,
          file_name: fileName,
          mime_type: options.mimeType ?? "image/jpeg",
          file_size: file.size,
        },
      },
    };
  }

  /** An update for a press on an inline button of a message the bot sent. */
  callbackUpdate(from: FakeUser, data: string, messageId?: number): Record<string, unknown> {
    const id = randomBytes(8).toString("hex");
    this.callbackQueries.add(id);
    // Without an explicit message, the press lands on the newest message with an inline keyboard in that chat.
    const sent = messageId === undefined ? this.lastKeyboardMessage.get(from.id) : this.message(from.id, messageId);
    return {
      callback_query: {
        id,
        from: this.user(from),
        chat_instance: String(from.id),
        data,
        message: sent?.message ?? {
          message_id: messageId ?? 1,
          date: now(),
          chat: { id: from.id, type: "private", first_name: from.first_name },
          from: this.botInfo,
          text: "…",
        },
      },
    };
  }

  private incomingMessage(from: FakeUser) {
    return {
      message_id: this.takeMessageId(from.id),
      date: now(),
      chat: {
        id: from.id,
        type: "private",
        first_name: from.first_name,
        ...(from.username ? { username: from.username } : {}),
      },
      from: this.user(from),
    };
  }

  private user(from: FakeUser) {
    return { is_bot: false, language_code: "ru", ...from };
  }

  // ---- HTTP -------------------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) return this.download(fileMatch[1]!, fileMatch[2]!, res);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== this.token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2]!;
    let params: Record<string, unknown>;
    let files: UploadedFile[] = [];
    try {
      ({ params, files } = await readParams(req, url));
    } catch {
      return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
    }
    const call: RecordedCall = { method, params, files, at: Date.now() };
    this.calls.push(call);
    try {
      const injected = this.takeInjected(method, params);
      if (injected) throw new TelegramError(injected);
      const result = await this.handle(method, params, files);
      send(res, 200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof TelegramError)) throw error;
      call.error = error.fake;
      send(res, error.fake.errorCode, {
        ok: false,
        error_code: error.fake.errorCode,
        description: error.fake.description,
        ...(error.fake.parameters ? { parameters: error.fake.parameters } : {}),
      });
    } finally {
      for (const listener of this.callListeners) listener(call);
      for (const wake of [...this.callWaiters]) wake();
    }
  }

  private takeInjected(method: string, params: Record<string, unknown>): InjectedError | undefined {
    const index = this.injected.findIndex((e) => e.method === method && (!e.match || e.match(params)));
    if (index === -1) return undefined;
    const injected = this.injected[index]!;
    if (--injected.times <= 0) this.injected.splice(index, 1);
    return injected;
  }

  private async handle(method: string, p: Record<string, unknown>, files: UploadedFile[]): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "getUpdates":
        return this.getUpdates(p);
      case "setWebhook":
        if (typeof p.url !== "string") throw errors.badRequest("url is empty");
        if (p.url && !p.url.startsWith("https://") && !p.url.startsWith("http://127.0.0.1"))
          throw errors.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token)))
          throw errors.badRequest("secret token contains unallowed characters");
        this.webhook = p.url ? { url: p.url, secret: p.secret_token as string | undefined } : null;
        if (p.drop_pending_updates) this.updates = [];
        return true;
      case "deleteWebhook":
        this.webhook = null;
        if (p.drop_pending_updates) this.updates = [];
        return true;
      case "getWebhookInfo":
        return {
          url: this.webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: this.updates.length,
        };
      case "setMyCommands":
        if (!Array.isArray(p.commands)) throw errors.badRequest('parameter "commands" is required');
        for (const command of p.commands as { command: string; description: string }[]) {
          if (!/^[a-z0-9_]{1,32}$/.test(command.command)) throw errors.badRequest("BOT_COMMAND_INVALID");
          if (!command.description || command.description.length > 256)
            throw errors.badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        return true;
      case "deleteMyCommands":
        return true;
      case "setChatMenuButton":
        // Without chat_id it sets the bot's default menu button.
        if (p.chat_id !== undefined) this.requireChat(p);
        return true;
      case "sendChatAction":
        this.requireChat(p);
        return true;
      case "answerCallbackQuery":
        if (!this.callbackQueries.delete(String(p.callback_query_id)))
          throw errors.badRequest("query is too old and response timeout expired or query ID is invalid");
        return true;
      case "sendMessage":
        if (!String(p.text ?? "").trim()) throw errors.badRequest("message text is empty");
        if (String(p.text).length > 4096) throw errors.badRequest("message is too long");
        return this.storeSent(this.requireChat(p), { text: p.text, ...this.entities(p) }, p.reply_markup);
      case "editMessageText":
        return this.editMessage(p, true);
      case "editMessageReplyMarkup":
        return this.editMessage(p, false);
      case "deleteMessage":
        if (!this.sentMessages.delete(`${this.requireChat(p)}:${p.message_id}`))
          throw errors.badRequest("message to delete not found");
        return true;
      case "sendPhoto":
        return this.storeSent(
          this.requireChat(p),
          { photo: this.photoSizes(p.photo, files), ...this.caption(p) },
          p.reply_markup,
        );
      case "sendMediaGroup":
        return this.sendMediaGroup(p, files);
      case "sendVoice":
      case "sendDocument":
      case "sendAudio":
        return this.sendMedia(method, p, files);
      case "getFile":
        return this.getFile(p);
      default:
        throw new TelegramError({ errorCode: 404, description: "Not Found" });
    }
  }

  private async getUpdates(p: Record<string, unknown>): Promise<Update[]> {
    if (this.webhook)
      throw errors.conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    const offset = Number(p.offset ?? 0);
    if (offset) this.updates = this.updates.filter((update) => update.update_id >= offset);
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    const deadline = Date.now() + Math.min(Number(p.timeout ?? 0), 50) * 1000;
    while (this.updates.length === 0 && Date.now() < deadline && !this.isClosed) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { resolve: () => (clearTimeout(timer), this.pollWaiters.delete(waiter), resolve()) };
        const timer = setTimeout(waiter.resolve, deadline - Date.now());
        this.pollWaiters.add(waiter);
      });
    }
    return this.updates.slice(0, limit);
  }

  private deliver(update: Update): void {
    const webhook = this.webhook!;
    this.deliveryChain = this.deliveryChain.then(async () => {
      try {
        const response = await fetch(webhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(webhook.secret ? { "x-telegram-bot-api-secret-token": webhook.secret } : {}),
          },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        this.webhookDeliveries.push({ updateId: update.update_id, status: response.status });
      } catch {
        this.webhookDeliveries.push({ updateId: update.update_id, status: 0 });
      }
      for (const wake of [...this.callWaiters]) wake();
    });
  }

  /** Resolves when every update pushed so far has been delivered to the webhook. */
  webhookIdle(): Promise<void> {
    return this.deliveryChain;
  }

  private requireChat(p: Record<string, unknown>): number {
    const chatId = Number(p.chat_id);
    if (p.chat_id === undefined || p.chat_id === "" || Number.isNaN(chatId)) throw errors.badRequest("chat not found");
    return chatId;
  }

  private takeMessageId(chatId: number): number {
    const id = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, id);
    return id;
  }

  private storeSent(
    chatId: number,
    content: Record<string, unknown>,
    replyMarkup: unknown,
    extra: Record<string, unknown> = {},
  ) {
    const messageId = this.takeMessageId(chatId);
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: this.botInfo,
      chat:
        chatId > 0
          ? { id: chatId, type: "private", first_name: "user" }
          : { id: chatId, type: "supergroup", title: "Отчёты" },
      date: now(),
      ...extra,
      ...content,
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
    };
    const sent: SentMessage = { chatId, messageId, text: content.text as string | undefined, replyMarkup, message };
    this.sentMessages.set(`${chatId}:${messageId}`, sent);
    if (replyMarkup) this.lastKeyboardMessage.set(chatId, sent);
    return message;
  }

  private editMessage(p: Record<string, unknown>, isText: boolean) {
    const chatId = this.requireChat(p);
    const sent = this.sentMessages.get(`${chatId}:${p.message_id}`);
    if (!sent) throw errors.badRequest("message to edit not found");
    if (isText && !String(p.text ?? "").trim()) throw errors.badRequest("message text is empty");
    const text = isText ? (p.text as string) : sent.text;
    if (text === sent.text && JSON.stringify(p.reply_markup ?? null) === JSON.stringify(sent.replyMarkup ?? null)) {
      throw errors.badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    sent.text = text;
    sent.replyMarkup = p.reply_markup;
    sent.message = { ...sent.message, text, edit_date: now(), reply_markup: p.reply_markup };
    if (!p.reply_markup) delete sent.message.reply_markup;
    return sent.message;
  }

  private entities(p: Record<string, unknown>) {
    return p.entities ? { entities: p.entities } : {};
  }

  private caption(p: Record<string, unknown>) {
    return p.caption ? { caption: p.caption } : {};
  }

  /** A photo given as a file_id, a URL or an upload (`attach://` or the field itself). */
  private photoSizes(photo: unknown, files: UploadedFile[]) {
    const file = this.resolveInput(photo, files, "photo");
    return [{ file_id: file.fileId, file_unique_id: file.uniqueId, width: 960, height: 1280, file_size: file.size }];
  }

  private resolveInput(input: unknown, files: UploadedFile[], field: string): StoredFile {
    if (typeof input === "string" && input.startsWith("attach://")) {
      const upload = files.find((f) => f.field === input.slice("attach://".length));
      if (!upload) throw errors.badRequest(`failed to get HTTP URL content`);
      return this.addFile({ bytes: upload.bytes, path: `uploads/${upload.filename}` });
    }
    if (typeof input === "string" && input) {
      if (/^https?:\/\//.test(input)) return this.addFile({ path: `urls/${this.files.size}` });
      const known = this.files.get(input);
      if (!known) throw errors.badRequest("wrong file identifier/HTTP URL specified");
      const expected = FIELD_KINDS[field];
      if (known.kind && expected && known.kind !== expected) {
        throw errors.badRequest(`can't use file of type ${KIND_NAMES[known.kind]} as ${KIND_NAMES[expected]}`);
      }
      return known;
    }
    const upload = files.find((f) => f.field === field);
    if (!upload) throw errors.badRequest(`there is no ${field} in the request`);
    return this.addFile({ bytes: upload.bytes, path: `uploads/${upload.filename}` });
  }

  private sendMediaGroup(p: Record<string, unknown>, files: UploadedFile[]) {
    const chatId = this.requireChat(p);
    const media = p.media as { type: string; media: string; caption?: string }[] | undefined;
    if (!Array.isArray(media) || media.length < 2 || media.length > 10)
      throw errors.badRequest("wrong number of media in the group");
    const groupId = String(Date.now()) + randomBytes(2).toString("hex");
    return media.map((item) => {
      const file = this.resolveInput(item.media, files, item.type);
      const content =
        item.type === "photo"
          ? {
              photo: [
                { file_id: file.fileId, file_unique_id: file.uniqueId, width: 960, height: 1280, file_size: file.size },
              ],
            }
          : { [item.type]: { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size } };
      return this.storeSent(chatId, { ...content, ...(item.caption ? { caption: item.caption } : {}) }, undefined, {
        media_group_id: groupId,
      });
    });
  }

  private sendMedia(method: string, p: Record<string, unknown>, files: UploadedFile[]) {
    const chatId = this.requireChat(p);
    const field = method === "sendVoice" ? "voice" : method === "sendAudio" ? "audio" : "document";
    const file = this.resolveInput(p[field], files, field);
    const upload = files.find((f) => f.field === field || `attach://${f.field}` === p[field]);
    const content = {
      file_id: file.fileId,
      file_unique_id: file.uniqueId,
      file_size: file.size,
      ...(field === "voice" ? { duration: Number(p.duration ?? 1), mime_type: "audio/ogg" } : {}),
      ...(field === "document" && upload ? { file_name: upload.filename, mime_type: upload.contentType } : {}),
      ...(field === "audio" ? { duration: Number(p.duration ?? 1) } : {}),
    };
    return this.storeSent(chatId, { [field]: content, ...this.caption(p) }, p.reply_markup);
  }

  private getFile(p: Record<string, unknown>) {
    const file = this.files.get(String(p.file_id ?? ""));
    if (!file) throw errors.badRequest("wrong file_id or the file is temporarily unavailable");
    if (file.size > DOWNLOAD_LIMIT) throw errors.badRequest("file is too big");
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
  }

  private download(token: string, filePath: string, res: ServerResponse) {
    const file = [...this.files.values()].find((f) => f.path === filePath);
    if (token !== this.token || !file) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(file.bytes ?? Buffer.alloc(file.size, 0xff));
  }
}

/** Starts a fake Bot API server; `apiRoot` and `token` are what the bot under test needs. */
export function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  return new FakeBotApi(options).start();
}

const now = () => Math.floor(Date.now() / 1000);

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readParams(
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, unknown>; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return { params: decodeFields(params), files: [] };
  if (type.startsWith("application/json"))
    return { params: { ...params, ...(JSON.parse(body.toString("utf8")) as object) }, files: [] };
  if (type.startsWith("multipart/form-data")) {
    const { fields, files } = parseMultipart(body, type);
    return { params: decodeFields({ ...params, ...fields }), files };
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return {
      params: decodeFields({ ...params, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) }),
      files: [],
    };
  }
  throw new Error("unsupported body");
}

/** Form fields arrive as strings; Telegram reads JSON-serialised objects and arrays out of them. */
function decodeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && /^[[{]/.test(value)) {
      try {
        decoded[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON: Telegram would take it as text too.
      }
    }
    decoded[key] = value;
  }
  return decoded;
}
