import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeContext, type KnowledgeContext } from "@cleaning/api/modules/knowledge/knowledge-context";
import { searchKnowledge } from "@cleaning/api/modules/knowledge/knowledge-search";
import { createDocx, createXlsx } from "@cleaning/api/modules/knowledge/testing/office-fixtures";
import { createPdf } from "@cleaning/api/modules/knowledge/testing/pdf-fixture";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";
import type { FakeUser } from "../testing/fake-bot-api.ts";
import { documentsFeature, knowledgeDocumentData } from "./documents.ts";
import { startFeature } from "./start.ts";
import { visitReportFeature } from "./visit-report.ts";
import { contractLines, renderTextJpeg } from "@cleaning/api/modules/knowledge/ocr/testing/ocr-fixtures";

let h: BotHarness;
let k: KnowledgeContext;
let nextMessageId = 70_000;

/** A document sent (or forwarded, with `forwardedFrom`) to the bot in a private chat. */
async function sendDocument(user: FakeUser, bytes: Buffer, fileName: string, forwardedFrom?: string) {
  const file = h.fake.addFile({ bytes, path: `documents/file_${nextMessageId}` });
  const update = h.fake.pushUpdate({
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: "private", first_name: user.first_name },
      from: { is_bot: false, language_code: "ru", ...user },
      ...(forwardedFrom
        ? { forward_origin: { type: "hidden_user", date: 1_700_000_000, sender_user_name: forwardedFrom } }
        : {}),
      document: { file_id: file.fileId, file_unique_id: file.uniqueId, file_name: fileName, file_size: bytes.length },
    },
  });
  const mark = h.fake.calls.length;
  await h.bot.handleUpdate(update as never);
  const edits = h.fake.callsOf("editMessageText", mark).filter((p) => Number(p.chat_id) === user.id);
  const last = edits.at(-1);
  const button =
    (
      last?.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined
    )?.inline_keyboard?.flat() ?? [];
  const save = button.find((b) => b.text.startsWith("✅"));
  return {
    edits: edits.map((p) => String(p.text)),
    last: String(last?.text ?? ""),
    buttons: button.map((b) => b.text),
    documentId: save ? knowledgeDocumentData.parse(save.callback_data)!.documentId : undefined,
  };
}

/** The status message's text once recognition has ended (the bot follows the job after the update is handled). */
async function finalText(user: FakeUser): Promise<string> {
  for (;;) {
    const last = String(
      h.fake
        .callsOf("editMessageText")
        .filter((p) => Number(p.chat_id) === user.id)
        .at(-1)?.text ?? "",
    );
    if (!last.startsWith("🔎")) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A photo (the largest size holds `bytes`) with a caption, optionally in reply to an earlier message. */
async function sendPhoto(user: FakeUser, bytes: Buffer, caption?: string) {
  const file = h.fake.addFile({ bytes, path: `photos/file_${nextMessageId}.jpg` });
  const update = h.fake.pushUpdate({
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: "private", first_name: user.first_name },
      from: { is_bot: false, language_code: "ru", ...user },
      ...(caption ? { caption } : {}),
      photo: [
        { file_id: file.fileId, file_unique_id: file.uniqueId, width: 1240, height: 400, file_size: bytes.length },
      ],
    },
  });
  await h.bot.handleUpdate(update as never);
  return update as unknown as { message: Record<string, unknown> };
}

beforeAll(async () => {
  h = await createBotHarness({ deps: { features: [startFeature, documentsFeature, visitReportFeature] } });
  k = createKnowledgeContext(h.services, { hasVector: true, llm: null });
});
afterAll(() => h.close());

describe("documents sent to the bot", () => {
  it("shows progress, then «что понял ИИ» with save/reject; saving makes the right page searchable", async () => {
    const pdf = createPdf(
      [
        ["Договор на уборку. Общие положения."],
        ["Мытьё окон выполняется два раза в год: весной и осенью."],
        ["Подписи сторон."],
      ],
      { title: "Договор с УК «Восход»" },
    );
    const sent = await sendDocument(USERS.manager, pdf, "dogovor.pdf", "Иван из УК");
    expect(sent.edits.some((text) => text.includes("Читаю текст"))).toBe(true);
    expect(sent.last).toContain("🧠 Что понял ИИ");
    expect(sent.last).toContain("«Договор с УК «Восход»»");
    expect(sent.buttons).toEqual(["✅ Сохранить в базу знаний", "❌ Отклонить"]);
    // The demo's own regulation speaks of windows too: only this document's hits count here.
    const hitsOfThis = async (query: string) =>
      (await searchKnowledge(k, { query })).filter((hit) => hit.documentId === sent.documentId);
    expect(await hitsOfThis("мытьё окон")).toEqual([]);

    await h.press(USERS.manager, knowledgeDocumentData.build("save", sent.documentId!));
    expect(h.textsTo(USERS.manager.id).at(-1)).toContain("✅ «Договор с УК «Восход»» сохранён в базу знаний");
    const [hit] = await hitsOfThis("мытьё окон");
    expect(hit).toMatchObject({ documentId: sent.documentId, page: 2, label: "стр. 2" });
  });

  it("takes DOCX and XLSX too, citing the section and the sheet", async () => {
    const docx = await sendDocument(
      USERS.manager,
      createDocx(["# Пропуска", "Пропуск на объект оформляет диспетчер за сутки."]),
      "rules.docx",
    );
    await h.press(USERS.manager, knowledgeDocumentData.build("save", docx.documentId!));
    expect((await searchKnowledge(k, { query: "пропуск на объект" }))[0]).toMatchObject({
      documentId: docx.documentId,
      label: "раздел «Пропуска»",
    });

    const xlsx = await sendDocument(
      USERS.manager,
      createXlsx({
        Прайс: [
          ["Услуга", "Цена"],
          ["Химчистка ковров", 3500],
        ],
      }),
      "price.xlsx",
    );
    await h.press(USERS.manager, knowledgeDocumentData.build("save", xlsx.documentId!));
    expect((await searchKnowledge(k, { query: "химчистка ковров" }))[0]).toMatchObject({
      documentId: xlsx.documentId,
      label: "лист «Прайс», строка 2",
    });
  });

  it("rejects a pending document on «Отклонить», and recognises the same file sent twice", async () => {
    const bytes = Buffer.from("Инструкция по технике безопасности при работе со стремянкой.");
    const first = await sendDocument(USERS.manager, bytes, "tb.txt");
    const again = await sendDocument(USERS.manager, bytes, "tb-copy.txt");
    expect(again.last).toContain("Этот файл уже есть в базе знаний");
    await h.press(USERS.manager, knowledgeDocumentData.build("reject", first.documentId!));
    expect(h.textsTo(USERS.manager.id).at(-1)).toBe("❌ Документ отклонён и не сохранён.");
    expect(await h.db.prisma.knowledgeDocument.count({ where: { id: first.documentId } })).toBe(0);
  });

  it("says plainly when a scan has no readable text, and refuses documents from cleaners", async () => {
    const scan = await sendDocument(USERS.manager, createPdf([["x"]], { isImageOnly: true }), "scan.pdf");
    expect(scan.last).toMatch(/^🔎 «scan\.pdf»: (в очереди на распознавание|распознаю 0\/1)…$/);
    expect(await finalText(USERS.manager)).toBe(
      "⚠️ «scan.pdf»: Не удалось распознать текст: сфотографируйте страницу ровнее и при хорошем свете",
    );
    const mark = h.fake.calls.length;
    await sendDocument(USERS.cleaner1, Buffer.from("Какой-то текст"), "note.txt");
    expect(h.textsTo(USERS.cleaner1.id, mark)).toEqual([
      "Документы в базу знаний добавляют администратор и менеджеры.",
    ]);
  });

  it("reads a photo captioned «в базу»: the status message counts pages, then shows «что понял ИИ» with save/reject", async () => {
    const mark = h.fake.calls.length;
    await sendPhoto(USERS.manager, renderTextJpeg(contractLines(31)), "в базу Договор с УК «Заря»");
    expect(h.textsTo(USERS.manager.id, mark)[0]).toBe("📄 «Договор с УК «Заря».jpg»: скачиваю…");
    const last = await finalText(USERS.manager);
    expect(last).toContain("🧠 Что понял ИИ");
    expect(last).toContain("Распознано с изображения (OCR), уверенность");
    const edits = h.fake.callsOf("editMessageText", mark).map((p) => String(p.text));
    expect(
      edits.some((text) => /^🔎 «Договор с УК «Заря»\.jpg»: (в очереди на распознавание|распознаю \d\/1)…$/.test(text)),
    ).toBe(true);
    const keyboard = h.fake.callsOf("editMessageText", mark).at(-1)!.reply_markup as {
      inline_keyboard: { callback_data: string }[][];
    };
    const documentId = knowledgeDocumentData.parse(keyboard.inline_keyboard[0]![0]!.callback_data)!.documentId;
    await h.press(USERS.manager, knowledgeDocumentData.build("save", documentId));
    expect((await searchKnowledge(k, { query: "мытьё окон весной" })).map((hit) => hit.documentId)).toContain(
      documentId,
    );
  });

  it("never takes a report photo (no caption) for a document, and reads /learn sent in reply to a photo", async () => {
    const mark = h.fake.calls.length;
    const photo = await sendPhoto(USERS.manager, renderTextJpeg(contractLines(32)));
    expect(h.textsTo(USERS.manager.id, mark)).toEqual([
      "Чтобы прикрепить фото к уборке, откройте «📋 Сегодня», выберите дом и нажмите «Начать уборку».",
    ]);
    expect(
      await h.db.prisma.knowledgeOcrJob.count({
        where: { createdAt: { gte: new Date(0) }, fileName: { contains: String(photo.message.message_id) } },
      }),
    ).toBe(0);

    const reply = h.fake.pushUpdate({
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: USERS.manager.id, type: "private", first_name: USERS.manager.first_name },
        from: { is_bot: false, language_code: "ru", ...USERS.manager },
        text: "/learn",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
        reply_to_message: photo.message,
      },
    });
    await h.bot.handleUpdate(reply as never);
    expect(await finalText(USERS.manager)).toContain("🧠 Что понял ИИ");
    expect(
      await h.db.prisma.knowledgeOcrJob.count({
        where: { fileName: `Фото документа ${photo.message.message_id}.jpg`, status: "done" },
      }),
    ).toBe(1);
  });

  it("refuses a broken photo with the reason, and a cleaner's «в базу» photo", async () => {
    await sendPhoto(
      USERS.manager,
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 1)]),
      "в базу",
    );
    expect(h.textsTo(USERS.manager.id).at(-1)).toBe(
      `⚠️ «Фото документа ${nextMessageId - 1}.jpg»: Изображение повреждено: его не удалось открыть`,
    );
    const mark = h.fake.calls.length;
    await sendPhoto(USERS.cleaner1, renderTextJpeg(["Тест"]), "в базу");
    expect(h.textsTo(USERS.cleaner1.id, mark)).toEqual([
      "Документы в базу знаний добавляют администратор и менеджеры.",
    ]);
  });
});
