import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPdf } from "../testing/pdf-fixture.ts";
import { createKnowledgeTestApp, type KnowledgeTestApp } from "../testing/knowledge-test-app.ts";
import { resolveLangPath, getRecognizer, closeRecognizers } from "./recognizer.ts";
import { summarizeOcr, withOcrNotes } from "./ocr-summary.ts";
import { extractiveSummary } from "../summary.ts";
import {
  characterErrorRate,
  contractLines,
  createScannedPdf,
  renderTextJpeg,
  renderTextPng,
} from "./testing/ocr-fixtures.ts";

const AUTH = { Authorization: "demo" };
const LINES = contractLines(7);
const EXPECTED = LINES.join("\n");

/** A PNG whose header claims `width`×`height` pixels (image-size reads only the IHDR chunk). */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.from("IHDR"),
    ihdr,
    Buffer.alloc(4),
    Buffer.alloc(64),
  ]);
}

it("finds the Russian model installed (tesseract-ocr-rus), so OCR runs offline", () => {
  expect(resolveLangPath(undefined)).toBeDefined();
  expect(resolveLangPath("off")).toBeUndefined();
});

describe("the recogniser", () => {
  const recognizer = getRecognizer({ cachePath: "/tmp/ocr-test-cache", pageTimeoutMs: 120_000 })!;
  afterAll(() => closeRecognizers());

  it("reads a clean page, a page turned 90°, a faded copy and a phone photo with an EXIF orientation", async () => {
    const clean = await recognizer.recognizePage(renderTextPng(LINES));
    expect(characterErrorRate(EXPECTED, clean.text)).toBeLessThan(0.05);
    expect(clean.confidence).toBeGreaterThan(80);

    const turned = await recognizer.recognizePage(renderTextPng(LINES, { rotation: 90 }));
    expect(characterErrorRate(EXPECTED, turned.text)).toBeLessThan(0.05);
    expect(turned.rotation).toBe(270);

    const faded = await recognizer.recognizePage(renderTextPng(LINES, { isLowContrast: true }));
    expect(characterErrorRate(EXPECTED, faded.text)).toBeLessThan(0.05);

    // The sensor's pixels lie on their side; the EXIF tag (6 = turn 90° clockwise) says how to show them.
    const photo = await recognizer.recognizePage(renderTextJpeg(LINES, { rotation: 270, exifOrientation: 6 }));
    expect(characterErrorRate(EXPECTED, photo.text)).toBeLessThan(0.05);
    expect(photo.rotation).toBe(0);
  });
});

describe("the summary of a recognised document", () => {
  it("says it was recognised and flags pages that read badly («плохо читается, проверьте»)", () => {
    const base = extractiveSummary(
      { kind: "pdf", pageCount: 3, sections: [{ text: EXPECTED, page: 1 }] },
      "Договор",
      1,
    );
    const ocr = summarizeOcr([
      { page: 1, confidence: 93 },
      { page: 2, confidence: 41 },
      { page: 3, confidence: 88 },
    ]);
    expect(ocr).toMatchObject({ confidence: 74, lowConfidencePages: [2], isLowConfidence: true });
    const text = withOcrNotes(base, ocr).text.split("\n");
    expect(text.slice(0, 4)).toEqual([
      "«Договор»",
      expect.stringContaining("3 стр."),
      "Распознано с изображения (OCR), уверенность 74%",
      "⚠️ Стр. 2: плохо читается, проверьте",
    ]);
    expect(withOcrNotes(base, summarizeOcr([{ page: null, confidence: 95 }])).text).not.toContain("плохо читается");
  });
});

describe("scans and photos uploaded to the knowledge base", () => {
  let t: KnowledgeTestApp;
  beforeAll(async () => {
    t = await createKnowledgeTestApp({ env: { KNOWLEDGE_OCR_MAX_PAGES: "3", KNOWLEDGE_MAX_FILE_MB: "5" } });
  });
  afterAll(() => t.close());

  const upload = (data: Buffer, name: string) =>
    request(t.app).post("/api/knowledge/upload").set(AUTH).attach("file", data, name);
  const job = (id: number) => request(t.app).get(`/api/knowledge/ocr-jobs/${id}`).set(AUTH).expect(200);
  /** Polls the status endpoint the way the mini-app does, returning every progress text seen. */
  async function follow(id: number) {
    const seen: string[] = [];
    for (;;) {
      const { ocrJob } = (await job(id)).body;
      if (seen.at(-1) !== ocrJob.progress) seen.push(ocrJob.progress);
      if (!["queued", "running"].includes(ocrJob.status)) return { job: ocrJob, seen };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const search = async (q: string) =>
    (await request(t.app).get("/api/knowledge/search").query({ q }).set(AUTH).expect(200)).body.items;

  it("recognises a photo in the background: 202 with a job, «распознаю 0/1», then a pending document that is searchable once saved", async () => {
    const uploaded = await upload(renderTextJpeg(LINES), "photo.jpg").expect(202);
    expect(uploaded.body.ocrJob).toMatchObject({ kind: "image", pagesTotal: 1, fileName: "photo.jpg" });
    expect(["в очереди на распознавание", "распознаю 0/1", "распознаю 1/1"]).toContain(uploaded.body.ocrJob.progress);
    const { job: done } = await follow(uploaded.body.ocrJob.id);
    expect(done).toMatchObject({ status: "done", progress: "распознано", error: null });
    expect(done.confidence).toBeGreaterThan(80);

    const pending = (await request(t.app).get("/api/knowledge/pending").set(AUTH).expect(200)).body.items;
    const document = pending.find((d: { id: number }) => d.id === done.documentId);
    expect(document).toMatchObject({ kind: "image", status: "pending", fileName: "photo.jpg" });
    expect(document.summary.text).toContain("Распознано с изображения (OCR), уверенность");
    expect(document.summary.text).not.toContain("плохо читается");
    expect(await search("мытьё окон весной")).toEqual([]);
    await request(t.app).post("/api/knowledge/confirm").set(AUTH).send({ id: done.documentId }).expect(200);
    expect((await search("мытьё окон весной"))[0]).toMatchObject({ documentId: done.documentId });
    // The same photo again is the document already there.
    expect((await upload(renderTextJpeg(LINES), "again.jpg").expect(409)).body.error.code).toBe("duplicate");
  });

  it("reads the scanned pages of a mixed PDF, keeps its text layer and the page numbers for citations", async () => {
    const textLayer = createPdf([["Приложение 1. Мойка мусоропровода выполняется раз в месяц силами исполнителя."]]);
    const pdf = await createScannedPdf([
      renderTextPng(["Регламент уборки", "Влажная уборка лестниц два раза в неделю."]),
      { textPdf: textLayer, page: 1 },
      renderTextPng(["Дезинсекция подвала проводится ежеквартально.", "Ответственный: старший бригады."], {
        rotation: 90,
      }),
    ]);
    const uploaded = await upload(pdf, "reglament-scan.pdf").expect(202);
    expect(uploaded.body.ocrJob).toMatchObject({ kind: "pdf", pagesTotal: 2 });
    const { job: done, seen } = await follow(uploaded.body.ocrJob.id);
    expect(done.status).toBe("done");
    expect(seen.at(-1)).toBe("распознано");
    await request(t.app).post("/api/knowledge/confirm").set(AUTH).send({ id: done.documentId }).expect(200);
    expect((await search("дезинсекция подвала"))[0]).toMatchObject({
      documentId: done.documentId,
      page: 3,
      label: "стр. 3",
    });
    expect((await search("мойка мусоропровода"))[0]).toMatchObject({ documentId: done.documentId, page: 2 });
    // The photo of the first test also speaks of stairs: find this document's hit among the results.
    const stairs = (await search("регламент влажная уборка лестниц")).find(
      (hit: { documentId: number }) => hit.documentId === done.documentId,
    );
    expect(stairs).toMatchObject({ page: 1, label: "стр. 1" });
  });

  it("refuses bad images at once with a code and a Russian message", async () => {
    const empty = await upload(Buffer.alloc(0), "empty.jpg").expect(422);
    expect(empty.body.error.code).toBe("empty_file");
    const corrupt = await upload(
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]),
      "broken.jpg",
    ).expect(422);
    expect(corrupt.body.error).toMatchObject({
      code: "corrupt_image",
      message: "Изображение повреждено: его не удалось открыть",
    });
    const huge = await upload(pngHeader(20_000, 20_000), "huge.png").expect(413);
    expect(huge.body.error.code).toBe("image_too_large");
    expect(huge.body.error.message).toContain("20000×20000");
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic"), Buffer.alloc(100)]);
    expect((await upload(heic, "IMG_0001.HEIC").expect(415)).body.error.code).toBe("unsupported_image");
    const tooLong = await createScannedPdf([1, 2, 3, 4].map(() => renderTextPng(["стр."], { width: 300 })));
    const pages = await upload(tooLong, "long-scan.pdf").expect(422);
    expect(pages.body.error).toMatchObject({ code: "too_many_pages" });
    expect(pages.body.error.message).toContain("не больше 3");
    expect(
      await t.db.prisma.knowledgeOcrJob.count({
        where: { fileName: { in: ["broken.jpg", "huge.png", "long-scan.pdf"] } },
      }),
    ).toBe(0);
  });

  it("a recognition that finds no text, or is cancelled, stores nothing", async () => {
    const documentsBefore = await t.db.prisma.knowledgeDocument.count();
    const blank = await upload(createPdf([["x"], ["y"]], { isImageOnly: true }), "grey.pdf").expect(202);
    const { job: failed } = await follow(blank.body.ocrJob.id);
    expect(failed).toMatchObject({ status: "failed", error: { code: "ocr_no_text" }, documentId: null });
    expect(failed.progress).toContain("Не удалось распознать текст");

    const scan = await upload(
      await createScannedPdf([renderTextPng(contractLines(21)), renderTextPng(contractLines(22))]),
      "cancel-me.pdf",
    ).expect(202);
    const cancelled = await request(t.app)
      .post(`/api/knowledge/ocr-jobs/${scan.body.ocrJob.id}/cancel`)
      .set(AUTH)
      .expect(200);
    expect(cancelled.body.ocrJob).toMatchObject({
      status: "cancelled",
      progress: "Распознавание отменено, ничего не сохранено",
    });
    const { job: after } = await follow(scan.body.ocrJob.id);
    expect(after.status).toBe("cancelled");
    // Let the runner reach its next page check, then nothing of either job may be stored.
    const { ocrRunnerFor } = await import("./ocr-runner.ts");
    await ocrRunnerFor({ db: t.db } as never).idle();
    expect(await t.db.prisma.knowledgeDocument.count()).toBe(documentsBefore);
    const rows = await t.db.prisma.knowledgeOcrJob.findMany({
      where: { id: { in: [blank.body.ocrJob.id, scan.body.ocrJob.id] } },
    });
    expect(rows.map((r) => r.data)).toEqual([null, null]);
    expect((await request(t.app).get("/api/knowledge/ocr-jobs").set(AUTH).expect(200)).body.items).toEqual([]);
  });

  it("keeps job ids within int4 and the status endpoint to the office", async () => {
    expect(
      (await request(t.app).get("/api/knowledge/ocr-jobs/2147483648").set(AUTH).expect(400)).body.error.code,
    ).toBeDefined();
    expect((await request(t.app).get("/api/knowledge/ocr-jobs/999999").set(AUTH).expect(404)).body.error.code).toBe(
      "not_found",
    );
  });
});

describe("the per-page time limit", () => {
  let t: KnowledgeTestApp;
  beforeAll(async () => {
    t = await createKnowledgeTestApp({ env: { KNOWLEDGE_OCR_PAGE_TIMEOUT: "0.001" } });
  });
  afterAll(() => t.close());

  it("stops a page that takes too long and fails the job with a reason, storing nothing", async () => {
    const uploaded = await request(t.app)
      .post("/api/knowledge/upload")
      .set(AUTH)
      .attach("file", renderTextPng(LINES), "slow.png")
      .expect(202);
    const { ocrRunnerFor } = await import("./ocr-runner.ts");
    await ocrRunnerFor({ db: t.db } as never).idle();
    const { ocrJob } = (
      await request(t.app).get(`/api/knowledge/ocr-jobs/${uploaded.body.ocrJob.id}`).set(AUTH).expect(200)
    ).body;
    expect(ocrJob).toMatchObject({ status: "failed", error: { code: "ocr_timeout" }, documentId: null });
    expect(await t.db.prisma.knowledgeDocument.count()).toBe(0);
  });
});
