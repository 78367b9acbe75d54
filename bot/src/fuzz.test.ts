// Property-based walk of the bot: generated updates from every role and from strangers — random and hostile text,
// commands, captions, albums, stickers, edited messages, channel posts, group messages and callback data of up to
// 64 bytes (valid-looking or not). Whatever arrives, the bot does not crash (handleUpdate resolves), answers every
// callback query (Telegram shows a spinner until it does), sends no text with "undefined"/"NaN"/"[object Object]",
// and logs no unexpected error (the bot's equivalent of a 500).
import { Writable } from "node:stream";
import fc from "fast-check";
import type { Update } from "grammy/types";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as callbackData from "./callback-data/index.ts";
import { ru } from "./i18n/ru.ts";
import { createBotHarness, USERS, type BotHarness } from "./testing/bot-harness.ts";
import type { FakeUser } from "./testing/fake-bot-api.ts";

const SEED = 20261126;
const RUNS = 45;
const MAX_UPDATES_PER_RUN = 6;

const HOSTILE_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u001f\u007f",
  "\ud800",
  "\u202eЛенина 5\u202c",
  "👩‍👩‍👧‍👦🧹",
  "я".repeat(4096),
  "99999999999",
  "2147483648",
  "-1",
  "0000-01-01",
  "дом 99999999999",
  "бригада 2147483648",
  "напомни 99999999999 бригаде завтра в 25:61 взять ключи",
  "напомни всем 0000-01-01 в 8:30",
  "' OR 1=1 --",
  "a & | ! ( <-> :*",
  "<b>жирный</b> <a href='x'>",
  "_*[]()~`>#+-=|{}.!",
];
const COMMANDS = [
  "/start",
  "/start inv_AAAAAAAA",
  "/start inv_\u0000",
  "/start 99999999999",
  "/today",
  "/tomorrow",
  "/houses",
  "/stats",
  "/tasks",
  "/remind",
  "/remind завтра в 8:30 ключи",
  "/new",
  "/invite",
  "/employees",
  "/act",
  "/act 0000-01",
  "/route",
  "/link",
  "/unknown",
  "/start@other_bot",
];

const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT, ...COMMANDS, ...Object.values(ru.buttons)),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.tuple(fc.constantFrom(...COMMANDS), fc.string({ maxLength: 40 })).map(([command, tail]) => `${command} ${tail}`),
);

/** Exported callback-data patterns give presses that parse; random strings give presses that do not. */
const patterns = Object.values(callbackData).flatMap((value) =>
  value && typeof value === "object" && "pattern" in value && value.pattern instanceof RegExp ? [value.pattern] : [],
);
const PREFIXES = [
  "v:open:",
  "v:start:",
  "v:finish:",
  "h:",
  "hl:",
  "day:",
  "inv:",
  "emp:off:",
  "task:",
  "t:",
  "act:",
  "route:",
  "kd:",
  "ocr:",
];
const within64Bytes = (text: string) =>
  (Buffer.byteLength(text) <= 64
    ? text
    : Buffer.from(text)
        .subarray(0, 64)
        .toString("utf8")
        .replace(/\uFFFD+$/, "")) || "x";
const callbackText = fc
  .oneof(
    ...patterns.map((pattern) => fc.stringMatching(pattern)),
    fc
      .tuple(
        fc.constantFrom(...PREFIXES),
        fc.oneof(
          fc.nat({ max: 60 }).map(String),
          fc.constantFrom("999999999", "99999999999", "-1", "0", "x", "\u0000"),
        ),
      )
      .map(([prefix, id]) => prefix + id),
    fc.string({ unit: "binary", minLength: 1, maxLength: 64 }),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  )
  .map(within64Bytes);

const users: FakeUser[] = [USERS.admin, USERS.manager, USERS.lead1, USERS.cleaner1, USERS.cleaner2, USERS.stranger];
const user = fc.constantFrom(...users);

type UpdateSpec =
  | { kind: "text" | "edited" | "group" | "channel" | "edited_channel"; from: FakeUser; text: string }
  | { kind: "photo"; from: FakeUser; caption: string; album: boolean }
  | { kind: "sticker" | "location" | "contact"; from: FakeUser }
  | { kind: "callback"; from: FakeUser; data: string; onLastKeyboard: boolean };

const updateSpec: fc.Arbitrary<UpdateSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("text" as const), from: user, text: hostileText }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("callback" as const),
      from: user,
      data: callbackText,
      onLastKeyboard: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("photo" as const),
      from: user,
      caption: hostileText,
      album: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("edited" as const, "group" as const, "channel" as const, "edited_channel" as const),
      from: user,
      text: hostileText,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("sticker" as const, "location" as const, "contact" as const),
      from: user,
    }),
  },
);

let harness: BotHarness;
const logLines: { level: number; msg: string; err?: { message?: string } }[] = [];
let updateCount = 0;
let callbackCount = 0;

beforeAll(async () => {
  harness = await createBotHarness();
  // Collect what the bot logs: an "update failed" line is an unexpected exception the error boundary swallowed.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  harness.services.logger = pino({ level: "warn" }, sink);
});

afterAll(async () => {
  await harness?.close();
});

let albumCounter = 0;
let channelMessageId = 1;

/** Builds the Bot API update for a spec, as Telegram would send it. */
function buildUpdate(spec: UpdateSpec): Record<string, unknown> {
  const { fake } = harness;
  switch (spec.kind) {
    case "text":
      return fake.textUpdate(spec.from, spec.text || " ");
    case "edited": {
      const { message } = fake.textUpdate(spec.from, spec.text || " ") as { message: Record<string, unknown> };
      return { edited_message: { ...message, edit_date: Math.floor(Date.now() / 1000) } };
    }
    case "group": {
      const { message } = fake.textUpdate(spec.from, spec.text || " ") as { message: Record<string, unknown> };
      return { message: { ...message, chat: { id: -1_001_234_567_890, type: "supergroup", title: "Бригада" } } };
    }
    case "channel":
    case "edited_channel": {
      const post = {
        message_id: channelMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: -1_009_876_543_210, type: "channel", title: "Канал" },
        text: spec.text || " ",
      };
      return spec.kind === "channel"
        ? { channel_post: post }
        : { edited_channel_post: { ...post, edit_date: post.date } };
    }
    case "photo":
      return fake.photoUpdate(spec.from, {
        caption: spec.caption || undefined,
        mediaGroupId: spec.album ? `album-${albumCounter++ >> 1}` : undefined,
      });
    case "sticker":
    case "location":
    case "contact": {
      const { message } = fake.textUpdate(spec.from, "x") as { message: Record<string, unknown> };
      delete message.text;
      const extra =
        spec.kind === "sticker"
          ? {
              sticker: {
                file_id: "CAACAgIAAxk",
                file_unique_id: "AgAD",
                type: "regular",
                width: 512,
                height: 512,
                is_animated: false,
                is_video: false,
                emoji: "🧹",
              },
            }
          : spec.kind === "location"
            ? { location: { latitude: 54.51, longitude: 36.26 } }
            : { contact: { phone_number: "+79990000000", first_name: "Контакт", user_id: spec.from.id } };
      return { message: { ...message, ...extra } };
    }
    case "callback":
      return fake.callbackUpdate(spec.from, spec.data, spec.onLastKeyboard ? undefined : 1);
  }
}

const BROKEN_TEXT = /undefined|NaN|\[object Object\]/;

describe("the bot survives hostile updates", () => {
  it("answers every callback query, sends no broken text and logs no unexpected error", async () => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(updateSpec, { minLength: 1, maxLength: MAX_UPDATES_PER_RUN }), async (specs) => {
        for (const spec of specs) {
          const since = harness.fake.mark();
          const logsBefore = logLines.length;
          const update = harness.fake.pushUpdate(buildUpdate(spec)) as unknown as Update;
          updateCount += 1;
          const label = `${spec.kind} from ${spec.from.first_name}: ${JSON.stringify("text" in spec ? spec.text : "data" in spec ? spec.data : "caption" in spec ? spec.caption : "").slice(0, 120)}`;
          try {
            await harness.bot.handleUpdate(update);
          } catch (error) {
            problems.push(`${label} -> crashed: ${(error as Error).message}`);
            continue;
          }
          if (update.callback_query) {
            callbackCount += 1;
            const answered = harness.fake
              .callsOf("answerCallbackQuery", since)
              .some((call) => call.callback_query_id === update.callback_query!.id);
            if (!answered) problems.push(`${label} -> callback query left unanswered`);
          }
          for (const method of ["sendMessage", "editMessageText", "sendPhoto", "answerCallbackQuery"]) {
            for (const call of harness.fake.callsOf(method, since)) {
              const text = String(call.text ?? call.caption ?? "");
              if (BROKEN_TEXT.test(text))
                problems.push(`${label} -> ${method} sent broken text: ${text.slice(0, 160)}`);
            }
          }
          for (const line of logLines.slice(logsBefore)) {
            if (line.level >= 50)
              problems.push(`${label} -> logged error "${line.msg}": ${line.err?.message ?? ""}`.slice(0, 400));
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    process.stdout.write(`bot fuzz: ${updateCount} updates (${callbackCount} callback queries) in ${RUNS} runs\n`);
    expect(problems.slice(0, 15)).toEqual([]);
  }, 120_000);
});
