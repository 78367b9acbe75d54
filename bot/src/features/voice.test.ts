import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOggOpus } from "@cleaning/api/modules/voice/audio-format";
import { createVoiceService } from "@cleaning/api/modules/voice/voice.service";
import { startFakeOpenAI, type FakeChatRequest, type FakeOpenAI } from "@cleaning/api/testing/fake-openai";
import { createLogger } from "@cleaning/api/lib/logger";
import { createPostgresTestDatabase, createTestConfig } from "@cleaning/api/testing/test-db";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";
import type { FakeUser } from "../testing/fake-bot-api.ts";
import { assistantFeature } from "./assistant.ts";
import { startFeature } from "./start.ts";
import { voiceFeature } from "./voice.ts";

const FEATURES = [startFeature, voiceFeature, assistantFeature];

let openai: FakeOpenAI;
let dropDatabase: (() => Promise<void>) | undefined;
let h: BotHarness;
let offline: BotHarness;
let question: Buffer;
let nextMessageId = 50_000;
/** The first day from tomorrow on when cleaner1's brigade has houses to clean (120 demo houses). */
let busyDay: string;
let busyDayShort: string;

/** A voice note from `user`, its bytes served by the fake's getFile and download URL. */
async function sendVoice(harness: BotHarness, user: FakeUser, bytes: Buffer, duration = 2) {
  const file = harness.fake.addFile({ bytes, path: `voice/file_${nextMessageId}.oga` });
  const update = harness.fake.pushUpdate({
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: "private", first_name: user.first_name },
      from: { is_bot: false, language_code: "ru", ...user },
      voice: {
        file_id: file.fileId,
        file_unique_id: file.uniqueId,
        duration,
        mime_type: "audio/ogg",
        file_size: bytes.length,
      },
    },
  });
  await harness.bot.handleUpdate(update as never);
}

async function brigadeHousesOn(day: string, telegramId = USERS.cleaner1.id) {
  const rows = await h.db.query<{ address: string }>(
    `SELECT h.address FROM houses h JOIN employees e ON e.brigade_id = h.brigade_id
      WHERE e.telegram_id = $1 AND NOT h.is_archived
        AND EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND v.date = $2::date)
      ORDER BY h.address`,
    [telegramId, day],
  );
  return rows.map((row) => row.address);
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  // A schema on the local PostgreSQL server starts far faster than a fresh PGlite on a loaded machine.
  const database = await createPostgresTestDatabase();
  dropDatabase = database.drop;
  h = await createBotHarness({
    db: database.db,
    env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl },
    deps: { features: FEATURES },
  });
  const [busy] = await h.db.query<{ day: string }>(
    `SELECT to_char(min(v.date), 'YYYY-MM-DD') AS day FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
       JOIN employees e ON e.brigade_id = h.brigade_id WHERE e.telegram_id = $1 AND v.date > '2026-11-26'`,
    [USERS.cleaner1.id],
  );
  busyDay = busy!.day;
  busyDayShort = `${busyDay.slice(8, 10)}.${busyDay.slice(5, 7)}`;
  // The model looks up the day's houses, then reads them out.
  openai.behaviour.chat = (chat: FakeChatRequest) => {
    const last = chat.messages.at(-1)!;
    if (last.role !== "tool") return { toolCalls: [{ name: "find_houses", arguments: { date: busyDay } }] };
    const data = JSON.parse(last.content!) as { total: number; houses: { address: string }[] };
    return {
      content: `${busyDayShort} у вас ${data.total} дом(а): ${data.houses.map((house) => house.address).join("; ")}.`,
    };
  };
  openai.behaviour.transcribe = () => `какие дома у нас на ${busyDayShort}?`;
  offline = await createBotHarness({ db: h.db, isSeeded: false, deps: { features: FEATURES } });
  const silentCtx = { db: h.db, config: createTestConfig(), logger: createLogger("silent"), clock: h.services.clock };
  question = (await createVoiceService(silentCtx).synthesize("Какие дома у нас завтра?")).audio;
});

afterAll(async () => {
  await offline?.close();
  await h?.close();
  await openai?.close();
  await dropDatabase?.();
});

describe("voice questions in the bot", () => {
  it("answers a voice note with the transcript, a text answer and a spoken OGG/Opus answer", async () => {
    const since = h.fake.mark();
    await sendVoice(h, USERS.cleaner1, question);

    const houses = await brigadeHousesOn(busyDay);
    expect(houses.length).toBeGreaterThan(0);
    const texts = h.textsTo(USERS.cleaner1.id, since);
    expect(texts[0]).toBe(`🗣 какие дома у нас на ${busyDayShort}?`);
    expect(texts[1]).toBe(`${busyDayShort} у вас ${houses.length} дом(а): ${houses.join("; ")}.`);

    const upload = openai.transcriptions.at(-1)!;
    expect(upload.filename).toBe("voice.ogg");
    expect(isOggOpus(upload.buffer)).toBe(true);

    const voiceCall = h.fake.calls.slice(since).find((call) => call.method === "sendVoice" && !call.error);
    expect(voiceCall).toBeDefined();
    expect(Number(voiceCall!.params.chat_id)).toBe(USERS.cleaner1.id);
    const [audio] = voiceCall!.files;
    expect(isOggOpus(audio!.bytes)).toBe(true);
  });

  it("answers a text question through the same assistant, remembering the chat", async () => {
    const since = h.fake.mark();
    await h.send(USERS.cleaner1, "а ещё раз?");
    expect(h.textsTo(USERS.cleaner1.id, since)[0]).toContain(`${busyDayShort} у вас`);
    const lastChat = openai.chatRequests.at(-1)!;
    expect(lastChat.messages.some((message) => message.content === `какие дома у нас на ${busyDayShort}?`)).toBe(true);
  });

  it("says that recognition is not set up when no STT is configured", async () => {
    const since = offline.fake.mark();
    await sendVoice(offline, USERS.cleaner1, question);
    expect(offline.textsTo(USERS.cleaner1.id, since)).toEqual([
      expect.stringContaining("Распознавание речи не настроено"),
    ]);
    expect(offline.fake.callsOf("sendVoice", since)).toHaveLength(0);
  });

  it("tells the user a voice file is corrupt and keeps working", async () => {
    const since = h.fake.mark();
    await sendVoice(h, USERS.cleaner1, Buffer.concat([Buffer.from("OggS"), Buffer.alloc(3000, 1)]));
    expect(h.textsTo(USERS.cleaner1.id, since)).toEqual([
      "Не удалось прочитать аудиофайл: он повреждён или в неизвестном формате",
    ]);
    expect(h.fake.callsOf("sendVoice", since)).toHaveLength(0);

    const after = h.fake.mark();
    await sendVoice(h, USERS.cleaner1, question);
    expect(h.fake.callsOf("sendVoice", after)).toHaveLength(1);
  });

  it("turns a spoken reminder request into the reminder confirmation, not an assistant answer", async () => {
    const previous = openai.behaviour.transcribe;
    openai.behaviour.transcribe = () => "Напомни мне завтра в 9 взять ключи от подвала";
    try {
      const since = h.fake.mark();
      await sendVoice(h, USERS.cleaner1, question);
      const texts = h.textsTo(USERS.cleaner1.id, since);
      expect(texts[0]).toBe("🗣 Напомни мне завтра в 9 взять ключи от подвала");
      expect(texts[1]).toMatch(/^Отправлю .*27\.11 в 09:00: взять ключи от подвала\s+Всё верно\?$/i);
      expect(h.fake.callsOf("sendVoice", since)).toHaveLength(0);
    } finally {
      openai.behaviour.transcribe = previous;
    }
  });

  it("answers text offline with the rule-based assistant", async () => {
    const since = offline.fake.mark();
    await offline.send(USERS.cleaner1, `что у нас на ${busyDayShort}`);
    const houses = await brigadeHousesOn(busyDay);
    const answer = offline.textsTo(USERS.cleaner1.id, since)[0];
    expect(answer).toContain(`у вашей бригады: ${houses.length}`);
    for (const address of houses) expect(answer).toContain(address);
  });
});
