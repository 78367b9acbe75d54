import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@cleaning/api/lib/logger";
import { createVoiceService } from "@cleaning/api/modules/voice/voice.service";
import { startFakeOpenAI, type FakeOpenAI } from "@cleaning/api/testing/fake-openai";
import { createTestConfig } from "@cleaning/api/testing/test-db";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";
import type { FakeUser } from "../testing/fake-bot-api.ts";
import { assistantFeature } from "./assistant.ts";
import { meetingsFeature } from "./meetings.ts";
import { startFeature } from "./start.ts";
import { voiceFeature } from "./voice.ts";

const SPEECH = "Доброе утро. Вторая бригада до пятницы моет окна на Ленина 5. Решили закупить новые швабры.";

let openai: FakeOpenAI;
let h: BotHarness;
let recording: Buffer;
let nextMessageId = 70_000;

async function sendVoice(user: FakeUser, caption?: string) {
  const file = h.fake.addFile({ bytes: recording, path: `voice/file_${nextMessageId}.oga` });
  const update = h.fake.pushUpdate({
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: "private", first_name: user.first_name },
      from: { is_bot: false, language_code: "ru", ...user },
      voice: {
        file_id: file.fileId,
        file_unique_id: file.uniqueId,
        duration: 3,
        mime_type: "audio/ogg",
        file_size: recording.length,
      },
      ...(caption ? { caption } : {}),
    },
  });
  await h.bot.handleUpdate(update as never);
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  openai.behaviour.transcribe = () => SPEECH;
  // Speech recognition from its own server and no LLM: the summary is the offline one. The voice assistant
  // (OPENAI_* only) is then not configured, which tells its answer apart from a meeting's.
  h = await createBotHarness({
    env: { STT_BASE_URL: openai.baseUrl, STT_API_KEY: openai.apiKey },
    deps: { features: [startFeature, meetingsFeature, voiceFeature, assistantFeature] },
  });
  const silent = { db: h.db, config: createTestConfig(), logger: createLogger("silent"), clock: h.services.clock };
  recording = (await createVoiceService(silent).synthesize("Доброе утро, начинаем планёрку.")).audio;
});

afterAll(async () => {
  await h?.close();
  await openai?.close();
});

describe("a планёрка sent to the bot", () => {
  let meetingButton: string;

  it("turns a voice note captioned «планёрка» into a meeting: progress, summary with buttons, transcript file", async () => {
    const since = h.fake.mark();
    await sendVoice(USERS.manager, "Планёрка 26.11");
    const edits = h.fake.callsOf("editMessageText", since).map((p) => String(p.text));
    expect(edits).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/распознаю речь, 0 из 1/),
        "⏳ Планёрка: составляю итоги…",
        "✅ Планёрка 26.11: готово",
      ]),
    );
    const messages = h.fake.callsOf("sendMessage", since).filter((p) => Number(p.chat_id) === USERS.manager.id);
    expect(String(messages[0]!.text)).toBe("⏳ Планёрка: скачиваю запись…");
    const summary = messages.at(-1)!;
    expect(String(summary.text)).toContain("Решения:\n• Решили закупить новые швабры.");
    expect(String(summary.text)).toContain(
      "1. Вторая бригада до пятницы моет окна на Ленина 5. (2 бригада, до пятницы)",
    );
    expect(String(summary.text)).toMatch(/без ИИ/);
    const markup = summary.reply_markup;
    const keyboard = (typeof markup === "string" ? JSON.parse(markup) : markup) as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    expect(keyboard.inline_keyboard[0]![0]!.text).toBe("🔔 Создать напоминание №1");
    meetingButton = keyboard.inline_keyboard[0]![0]!.callback_data;

    const [document] = h.fake.calls.slice(since).filter((call) => call.method === "sendDocument" && !call.error);
    expect(document).toBeDefined();
    const text = document!.files[0]!.bytes.toString("utf8");
    expect(text).toContain("Планёрка: Планёрка 26.11");
    expect(text).toContain(`[00:00] ${SPEECH}`);
    expect(openai.transcriptions.at(-1)!.filename).toBe("chunk.ogg");
  });

  it("makes the reminder of an action item with one press, and only once", async () => {
    const since = h.fake.mark();
    await h.press(USERS.manager, meetingButton);
    expect(h.textsTo(USERS.manager.id, since)).toEqual([
      expect.stringMatching(/^🔔 Напоминание создано: 2 бригаде 27\.11 в 09:00: Вторая бригада/),
    ]);
    const again = h.fake.mark();
    await h.press(USERS.manager, meetingButton);
    expect(h.textsTo(USERS.manager.id, again)).toEqual([expect.stringMatching(/^Напоминание уже есть/)]);
    const tasks = await h.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tasks WHERE text LIKE 'Вторая бригада до пятницы%'`,
    );
    expect(tasks[0]!.count).toBe(1);
  });

  it("takes the next voice note after /meeting without a caption", async () => {
    await h.send(USERS.manager, "/meeting");
    const since = h.fake.mark();
    await sendVoice(USERS.manager);
    expect(h.textsTo(USERS.manager.id, since).some((text) => text.includes("Поручения:"))).toBe(true);
    // The command is spent: the next plain voice note is a question again.
    const after = h.fake.mark();
    await sendVoice(USERS.manager);
    expect(h.textsTo(USERS.manager.id, after)).toEqual([expect.stringContaining("Распознавание речи не настроено")]);
  });

  it("leaves other voice notes, and a cleaner's «планёрка», to the voice assistant", async () => {
    const since = h.fake.mark();
    await sendVoice(USERS.cleaner1, "планёрка");
    expect(h.textsTo(USERS.cleaner1.id, since)).toEqual([expect.stringContaining("Распознавание речи не настроено")]);
    await h.send(USERS.cleaner1, "/meeting");
    expect(h.textsTo(USERS.cleaner1.id, since).at(-1)).toBe("Планёрки ведут менеджеры и администраторы.");
  });
});
