import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocx, createDocxZipBomb, createXlsx } from "./testing/office-fixtures.ts";
import { createPdf } from "./testing/pdf-fixture.ts";
import { createKnowledgeTestApp, type KnowledgeTestApp } from "./testing/knowledge-test-app.ts";

const AUTH = { Authorization: "demo" };

const REGULATION_PAGES = [
  ["Регламент уборки подъездов", "Влажная уборка лестничных маршей проводится два раза в неделю.", "Сухое подметание выполняется ежедневно."],
  ["Мытьё окон на лестничных клетках выполняется весной и осенью.", "Для стёкол применяется средство без аммиака."],
  ["Контроль качества: старший бригады фотографирует каждый этаж после уборки.", "Фотографии отправляются в чат отчётов."],
];

describe("knowledge base over the API", () => {
  let t: KnowledgeTestApp;
  beforeAll(async () => {
    t = await createKnowledgeTestApp({ env: { KNOWLEDGE_MAX_UNZIPPED_MB: "5", KNOWLEDGE_MAX_FILE_MB: "2" } });
  });
  afterAll(() => t.close());

  const upload = (data: Buffer, name: string) => request(t.app).post("/api/knowledge/upload").set(AUTH).attach("file", data, name);
  const search = (q: string) => request(t.app).get("/api/knowledge/search").query({ q }).set(AUTH);
  const confirm = (id: number) => request(t.app).post("/api/knowledge/confirm").set(AUTH).send({ id });

  it("turns a 3-page PDF into a pending document with a summary, searchable with its page only after confirm", async () => {
    const pdf = createPdf(REGULATION_PAGES, { title: "Регламент уборки подъездов" });
    const uploaded = await upload(pdf, "reglament.pdf").expect(201);
    expect(uploaded.body).toMatchObject({ title: "Регламент уборки подъездов", kind: "pdf", status: "pending", pageCount: 3, version: 1 });
    expect(uploaded.body.summary.text).toContain("«Регламент уборки подъездов»");
    expect(uploaded.body.summary.text).toContain("3 стр.");
    expect(uploaded.body.summary.source).toBe("offline");

    const pending = await request(t.app).get("/api/knowledge/pending").set(AUTH).expect(200);
    expect(pending.body.items.map((d: { id: number }) => d.id)).toContain(uploaded.body.id);
    expect((await search("мытьё окон").expect(200)).body.items).toEqual([]);

    await confirm(uploaded.body.id).expect(200);
    const found = await search("когда мыть окна").expect(200);
    expect(found.body.mode).toBe("hybrid");
    expect(found.body.items[0]).toMatchObject({ documentId: uploaded.body.id, page: 2, label: "стр. 2", title: "Регламент уборки подъездов" });
    expect(found.body.items[0].snippet).toMatch(/^<b>Мытьё<\/b> окон/);
    const photos = await search("фотографии этажей").expect(200);
    expect(photos.body.items[0]).toMatchObject({ page: 3 });
  });

  it("finds a DOCX hit by its section and an XLSX hit by its sheet and rows", async () => {
    const docx = createDocx(["# Оплата", "Оплата услуг производится ежемесячно до пятого числа.", "# Штрафы", "За пропуск уборки управляющая компания вправе удержать 10 процентов стоимости."]);
    const doc = await upload(docx, "dogovor.docx").expect(201);
    expect(doc.body).toMatchObject({ kind: "docx", title: "Оплата" });
    await confirm(doc.body.id).expect(200);
    const hit = (await search("штраф за пропуск уборки").expect(200)).body.items[0];
    expect(hit).toMatchObject({ documentId: doc.body.id, section: "Штрафы", label: "раздел «Штрафы»" });

    const xlsx = createXlsx({ Прайс: [["Услуга", "Цена, руб."], ["Мытьё фасада", 15000], ["Дезинсекция подвала", 7000]], Контакты: [["Отдел", "Телефон"], ["Диспетчерская", "+7 900 000-00-00"]] });
    const sheet = await upload(xlsx, "prices.xlsx").expect(201);
    await confirm(sheet.body.id).expect(200);
    const price = (await search("дезинсекция подвала цена").expect(200)).body.items[0];
    expect(price).toMatchObject({ documentId: sheet.body.id, sheet: "Прайс", label: "лист «Прайс», строки 2–3" });
    expect(price.snippet).toContain("<b>Дезинсекция</b> <b>подвала</b>");
  });

  it("reads TXT, Markdown and CSV by content", async () => {
    const md = await upload(Buffer.from("# Инвентарь\n\nШвабры и вёдра хранятся в подсобке первого подъезда.\n"), "notes.txt").expect(201);
    expect(md.body.kind).toBe("md");
    const csv = await upload(Buffer.from("Дом;Ключи\nЛенина 5;у консьержа\nМира 12;в управляющей компании\n"), "keys").expect(201);
    expect(csv.body.kind).toBe("csv");
    await confirm(csv.body.id).expect(200);
    const hit = (await search("ключи Мира 12").expect(200)).body.items[0];
    expect(hit).toMatchObject({ documentId: csv.body.id, label: "строки 2–3" });
  });

  it("rejects bad files with a code and a Russian message, storing nothing", async () => {
    const before = (await request(t.app).get("/api/knowledge/pending").set(AUTH)).body.items.length;
    const scan = await upload(createPdf([["x"], ["y"]], { isImageOnly: true }), "scan.pdf").expect(422);
    expect(scan.body.error).toEqual({ code: "no_text", message: "В файле нет текста — похоже, это скан" });
    expect((await upload(createPdf([["Секретный договор"]], { isEncrypted: true }), "secret.pdf").expect(422)).body.error.code).toBe("encrypted_file");
    expect((await upload(Buffer.from("%PDF-1.7\n1 0 obj broken"), "broken.pdf").expect(422)).body.error.code).toBe("corrupt_file");
    expect((await upload(createDocxZipBomb(12), "bomb.docx").expect(422)).body.error.code).toBe("zip_bomb");
    expect((await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "photo.pdf").expect(415)).body.error.code).toBe("unsupported_type");
    expect((await upload(Buffer.alloc(0), "empty.txt").expect(422)).body.error.code).toBe("empty_file");
    expect((await upload(Buffer.alloc(3 * 1024 * 1024, 0x41), "big.txt").expect(413)).body.error.code).toBe("file_too_large");
    const after = (await request(t.app).get("/api/knowledge/pending").set(AUTH)).body.items.length;
    expect(after).toBe(before);
  });

  it("answers 409 duplicate with the existing id when the same file comes twice", async () => {
    const file = Buffer.from("Пропуск на объект оформляется у диспетчера за сутки.");
    const first = await upload(file, "propusk.txt").expect(201);
    const second = await upload(file, "other-name.txt").expect(409);
    expect(second.body.error).toMatchObject({ code: "duplicate", existingId: first.body.id });
  });

  it("treats the same name as a new version that replaces the old one on confirm", async () => {
    const v1 = await upload(Buffer.from("Тариф на уборку подъезда: 900 рублей в месяц."), "tarify.txt").expect(201);
    await confirm(v1.body.id).expect(200);
    const v2 = await upload(Buffer.from("Тариф на уборку подъезда: 1100 рублей в месяц с января."), "tarify.txt").expect(201);
    expect(v2.body).toMatchObject({ version: 2, replacesId: v1.body.id });
    expect((await search("тариф уборка подъезда").expect(200)).body.items.map((h: { documentId: number }) => h.documentId)).toContain(v1.body.id);
    await confirm(v2.body.id).expect(200);
    const hits = (await search("тариф уборка подъезда").expect(200)).body.items.map((h: { documentId: number }) => h.documentId);
    expect(hits).toContain(v2.body.id);
    expect(hits).not.toContain(v1.body.id);
    const documents = (await request(t.app).get("/api/knowledge/documents").set(AUTH).expect(200)).body.items;
    expect(documents.find((d: { id: number }) => d.id === v1.body.id)).toBeUndefined();
  });

  it("rejects a pending document completely and deletes a confirmed one", async () => {
    const file = Buffer.from("Черновик инструкции по работе с поломоечной машиной.");
    const pending = await upload(file, "draft.txt").expect(201);
    await request(t.app).post("/api/knowledge/reject").set(AUTH).send({ id: pending.body.id }).expect(200);
    await request(t.app).post("/api/knowledge/confirm").set(AUTH).send({ id: pending.body.id }).expect(404);
    const again = await upload(file, "draft.txt").expect(201);
    await confirm(again.body.id).expect(200);
    const ids = async () => (await search("поломоечной машиной").expect(200)).body.items.map((h: { documentId: number }) => h.documentId);
    expect(await ids()).toEqual([again.body.id]);
    await request(t.app).delete(`/api/knowledge/documents/${again.body.id}`).set(AUTH).expect(200);
    expect(await ids()).toEqual([]);
  });

  it("requires authentication and a query", async () => {
    await request(t.app).get("/api/knowledge/search").query({ q: "окна" }).expect(401);
    expect((await search("").expect(400)).body.error.code).toBe("query_required");
  });
});
