import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeContext, type KnowledgeContext } from "../../../api/src/modules/knowledge/knowledge-context.ts";
import { searchKnowledge } from "../../../api/src/modules/knowledge/knowledge-search.ts";
import { createDocx, createXlsx } from "../../../api/src/modules/knowledge/testing/office-fixtures.ts";
import { createPdf } from "../../../api/src/modules/knowledge/testing/pdf-fixture.ts";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";
import type { FakeUser } from "../testing/fake-bot-api.ts";
import { documentsFeature, knowledgeDocumentData } from "./documents.ts";
import { startFeature } from "./start.ts";

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
      ...(forwardedFrom ? { forward_origin: { type: "hidden_user", date: 1_700_000_000, sender_user_name: forwardedFrom } } : {}),
      document: { file_id: file.fileId, file_unique_id: file.uniqueId, file_name: fileName, file_size: bytes.length },
    },
  });
  const mark = h.fake.calls.length;
  await h.bot.handleUpdate(update as never);
  const edits = h.fake.callsOf("editMessageText", mark).filter((p) => Number(p.chat_id) === user.id);
  const last = edits.at(-1);
  const button = (last?.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard?.flat() ?? [];
  const save = button.find((b) => b.text.startsWith("✅"));
  return { edits: edits.map((p) => String(p.text)), last: String(last?.text ?? ""), buttons: button.map((b) => b.text), documentId: save ? knowledgeDocumentData.parse(save.callback_data)!.documentId : undefined };
}

beforeAll(async () => {
  h = await createBotHarness({ deps: { features: [startFeature, documentsFeature] } });
  k = createKnowledgeContext(h.services, { hasVector: true, llm: null });
});
afterAll(() => h.close());

describe("documents sent to the bot", () => {
  it("shows progress, then «что понял ИИ» with save/reject; saving makes the right page searchable", async () => {
    const pdf = createPdf(
      [["Договор на уборку. Общие положения."], ["Мытьё окон выполняется два раза в год: весной и осенью."], ["Подписи сторон."]],
      { title: "Договор с УК «Восход»" },
    );
    const sent = await sendDocument(USERS.manager, pdf, "dogovor.pdf", "Иван из УК");
    expect(sent.edits.some((text) => text.includes("Читаю текст"))).toBe(true);
    expect(sent.last).toContain("🧠 Что понял ИИ");
    expect(sent.last).toContain("«Договор с УК «Восход»»");
    expect(sent.buttons).toEqual(["✅ Сохранить в базу знаний", "❌ Отклонить"]);
    expect(await searchKnowledge(k, { query: "мытьё окон" })).toEqual([]);

    await h.press(USERS.manager, knowledgeDocumentData.build("save", sent.documentId!));
    expect(h.textsTo(USERS.manager.id).at(-1)).toContain("✅ «Договор с УК «Восход»» сохранён в базу знаний");
    const [hit] = await searchKnowledge(k, { query: "мытьё окон" });
    expect(hit).toMatchObject({ documentId: sent.documentId, page: 2, label: "стр. 2" });
  });

  it("takes DOCX and XLSX too, citing the section and the sheet", async () => {
    const docx = await sendDocument(USERS.manager, createDocx(["# Пропуска", "Пропуск на объект оформляет диспетчер за сутки."]), "rules.docx");
    await h.press(USERS.manager, knowledgeDocumentData.build("save", docx.documentId!));
    expect((await searchKnowledge(k, { query: "пропуск на объект" }))[0]).toMatchObject({ documentId: docx.documentId, label: "раздел «Пропуска»" });

    const xlsx = await sendDocument(USERS.manager, createXlsx({ Прайс: [["Услуга", "Цена"], ["Химчистка ковров", 3500]] }), "price.xlsx");
    await h.press(USERS.manager, knowledgeDocumentData.build("save", xlsx.documentId!));
    expect((await searchKnowledge(k, { query: "химчистка ковров" }))[0]).toMatchObject({ documentId: xlsx.documentId, label: "лист «Прайс», строка 2" });
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

  it("explains a scan and refuses documents from cleaners", async () => {
    const scan = await sendDocument(USERS.manager, createPdf([["x"]], { isImageOnly: true }), "scan.pdf");
    expect(scan.last).toBe("⚠️ «scan.pdf»: В файле нет текста — похоже, это скан");
    const mark = h.fake.calls.length;
    await sendDocument(USERS.cleaner1, Buffer.from("Какой-то текст"), "note.txt");
    expect(h.textsTo(USERS.cleaner1.id, mark)).toEqual(["Документы в базу знаний добавляют администратор и менеджеры."]);
  });
});
