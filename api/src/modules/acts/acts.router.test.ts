import { unzipSync } from "fflate";
import request from "supertest";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { createScheduler } from "../../jobs/scheduler.ts";
import type { FixedClock } from "../../lib/clock.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { signInitData, TEST_BOT_TOKEN } from "../../testing/test-app.ts";
import { createTestDatabase } from "../../testing/test-db.ts";
import { actsFeature } from "./acts.feature.ts";
import { actsContext, ACTS_NOW, seedActCompany } from "./testing/act-fixtures.ts";

let db: Database;
let app: ReturnType<typeof createApp>["app"];
let clock: FixedClock;
let openApi: ReturnType<typeof createApp>["openApi"];
const as = (telegramId: number) => `tma ${signInitData(telegramId, { token: TEST_BOT_TOKEN, authDate: clock.now() })}`;
const MANAGER_AUTH = () => as(700100);
const LEAD_AUTH = () => as(700101);

/** Collects a binary body as a Buffer (supertest parses only text and JSON by itself). */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => done(null, Buffer.concat(chunks)));
};

async function pdfText(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedActCompany(db);
  const ctx = actsContext(db, { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, COMPANY_NAME: "ООО «Чистый дом»" });
  clock = ctx.clock as FixedClock;
  const registry = new OpenAPIRegistry();
  const feature = await actsFeature({
    ctx,
    registry,
    hasVector: false,
    scheduler: createScheduler({ logger: ctx.logger, timeZone: ctx.config.timeZone }),
  });
  ({ app, openApi } = createApp({
    ctx,
    hasVector: false,
    registry,
    miniAppDir: null,
    apiRouters: feature.apiRouters,
    publicRoutes: feature.publicRoutes,
  }));
});
afterAll(() => db?.close());

describe("GET /api/acts", () => {
  it("lists the month's houses with counts and status for a manager", async () => {
    const response = await request(app)
      .get("/api/acts?month=2026-11&management_company=1")
      .set("Authorization", MANAGER_AUTH());
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { house: { address: string } }) => item.house.address)).toEqual([
      "ул. Билибина, 6",
      "ул. Ленина, 3",
    ]);
    expect(response.body.items[0]).toMatchObject({ totals: { planned: 4, done: 3, missed: 1 }, status: "draft" });
  });

  it("answers bad input with a coded 400 and brigade members with 403", async () => {
    for (const query of [
      "month=2026-13",
      "month=ноябрь",
      "management_company=2147483648",
      "brigade=-1",
      "month=2030-01",
    ]) {
      const response = await request(app).get(`/api/acts?${query}`).set("Authorization", MANAGER_AUTH());
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toMatch(/validation_error|act_month_out_of_range/);
      expect(response.body.error.message).toMatch(/[а-я]/);
    }
    const lead = await request(app).get("/api/acts").set("Authorization", LEAD_AUTH());
    expect(lead.status).toBe(403);
    expect(lead.body.error).toEqual({
      code: "forbidden",
      message: "Акты доступны только менеджерам и администраторам",
    });
  });
});

describe("act files", () => {
  it("serves one house's act as a PDF with its Cyrillic name", async () => {
    const response = await request(app)
      .get("/api/acts/house/1.pdf?month=2026-11")
      .set("Authorization", MANAGER_AUTH())
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("Акт 2026-11 ул. Билибина, 6.pdf")}`,
    );
    const text = await pdfText(response.body as Buffer);
    expect(text).toContain("Объект: ул. Билибина, 6");
    expect(text).toContain("Исполнитель: ООО «Чистый дом»");
  });

  it("serves a .docx and a management company's ZIP of per-house PDFs", async () => {
    const docx = await request(app)
      .get("/api/acts/house/2.docx?month=2026-11")
      .set("Authorization", MANAGER_AUTH())
      .buffer(true)
      .parse(binary);
    expect(docx.status).toBe(200);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe("PK");
    const zip = await request(app)
      .get("/api/acts/management-company/1.zip?month=2026-11")
      .set("Authorization", MANAGER_AUTH())
      .buffer(true)
      .parse(binary);
    expect(zip.status).toBe(200);
    const entries = unzipSync(new Uint8Array(zip.body as Buffer));
    expect(Object.keys(entries).sort()).toEqual([
      "Акт 2026-11 ул. Билибина, 6 (1).pdf",
      "Акт 2026-11 ул. Ленина, 3 (2).pdf",
    ]);
    expect(await pdfText(Buffer.from(entries["Акт 2026-11 ул. Ленина, 3 (2).pdf"]!))).toContain("05.11.2026");
  });

  it("is 404 for an unknown house or company, 400 for a bad id or a house ZIP", async () => {
    const get = (path: string) => request(app).get(path).set("Authorization", MANAGER_AUTH());
    expect((await get("/api/acts/house/999.pdf")).status).toBe(404);
    expect((await get("/api/acts/management-company/999.pdf")).status).toBe(404);
    expect((await get("/api/acts/house/2147483648.pdf")).body.error.code).toBe("validation_error");
    expect((await get("/api/acts/house/1.zip")).status).toBe(404);
    expect((await get("/api/acts/management-company/1.docx")).status).toBe(404);
    expect((await get("/api/acts/house/1.pdf")).status).toBe(200);
  });
});

describe("sent / draft", () => {
  it("marks an act sent and back to draft", async () => {
    const sent = await request(app)
      .post("/api/acts/house/1/sent")
      .set("Authorization", MANAGER_AUTH())
      .send({ month: "2026-11" });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      houseId: 1,
      month: "2026-11",
      status: "sent",
      sentAt: ACTS_NOW.replace("Z", ".000Z"),
      sentBy: "Светлана",
    });
    const draft = await request(app)
      .delete("/api/acts/house/1/sent?month=2026-11")
      .set("Authorization", MANAGER_AUTH());
    expect(draft.body).toMatchObject({ status: "draft", sentAt: null });
    const bad = await request(app)
      .post("/api/acts/house/1/sent")
      .set("Authorization", MANAGER_AUTH())
      .send({ month: "2026-11\u0000" });
    expect(bad.status).toBe(400);
    const future = await request(app)
      .post("/api/acts/management-company/1/sent")
      .set("Authorization", MANAGER_AUTH())
      .send({ month: "2027-02" });
    expect(future.status).toBe(409);
  });
});

describe("signed download links", () => {
  it("opens the file without an Authorization header until the link expires", async () => {
    const link = await request(app)
      .post("/api/acts/links")
      .set("Authorization", MANAGER_AUTH())
      .send({ target: "management-company", id: 1, month: "2026-11", format: "pdf" });
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^\/api\/acts\/download\/[\w-]+\.[\w-]+$/);
    expect(link.body.fileName).toBe("Акты 2026-11 УК «Восход».pdf");
    const file = await request(app).get(link.body.url).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(await pdfText(file.body as Buffer)).toContain("Объект: ул. Ленина, 3");

    const forged = await request(app).get(`${link.body.url.slice(0, -3)}abc`);
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe("act_link_invalid");
    clock.advance(11 * 60_000);
    try {
      const expired = await request(app).get(link.body.url);
      expect(expired.status).toBe(410);
      expect(expired.body.error.code).toBe("act_link_expired");
    } finally {
      clock.set(ACTS_NOW);
    }
  });

  it("comes signed in the list too, so a tap opens the file at once", async () => {
    const list = await request(app)
      .get("/api/acts?month=2026-11&management_company=1")
      .set("Authorization", MANAGER_AUTH());
    expect(list.body.linksExpireAt).toBe(new Date(clock.now().getTime() + 10 * 60_000).toISOString());
    const docx = await request(app).get(list.body.items[0].links.docx).buffer(true).parse(binary);
    expect(docx.status).toBe(200);
    expect(docx.headers["content-disposition"]).toMatch(/^attachment;/);
    const zip = await request(app).get(list.body.companyLinks.zip).buffer(true).parse(binary);
    expect(Object.keys(unzipSync(new Uint8Array(zip.body as Buffer)))).toHaveLength(2);
    const all = await request(app).get("/api/acts?month=2026-11").set("Authorization", MANAGER_AUTH());
    expect(all.body.companyLinks).toBeNull();
  });

  it("refuses links to brigade members and to files that do not exist", async () => {
    const lead = await request(app)
      .post("/api/acts/links")
      .set("Authorization", LEAD_AUTH())
      .send({ target: "house", id: 1, month: "2026-11", format: "pdf" });
    expect(lead.status).toBe(403);
    const wholeDocx = await request(app)
      .post("/api/acts/links")
      .set("Authorization", MANAGER_AUTH())
      .send({ target: "management-company", id: 1, month: "2026-11", format: "docx" });
    expect(wholeDocx.body.error.code).toBe("act_format_unsupported");
    const unknown = await request(app)
      .post("/api/acts/links")
      .set("Authorization", MANAGER_AUTH())
      .send({ target: "house", id: 999, month: "2026-11", format: "pdf" });
    expect(unknown.status).toBe(404);
  });

  it("documents every route in OpenAPI, the files as binary", () => {
    const paths = Object.keys(openApi.paths ?? {});
    for (const path of [
      "/api/acts",
      "/api/acts/house/{id}.pdf",
      "/api/acts/house/{id}.docx",
      "/api/acts/management-company/{id}.zip",
      "/api/acts/house/{id}/sent",
      "/api/acts/links",
      "/api/acts/download/{token}",
    ]) {
      expect(paths).toContain(path);
    }
    expect(openApi.paths?.["/api/acts/house/{id}.pdf"]?.get?.responses?.["200"]).toMatchObject({
      content: { "application/pdf": { schema: { format: "binary" } } },
    });
  });
});
