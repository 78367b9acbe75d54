import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeTestApp, type KnowledgeTestApp } from "./testing/knowledge-test-app.ts";
import { createPdf } from "./testing/pdf-fixture.ts";

// The local PostgreSQL 15 server has no pgvector: the knowledge base must still work, by full text alone.
describe("knowledge base on PostgreSQL without pgvector", () => {
  let t: KnowledgeTestApp;
  beforeAll(async () => {
    t = await createKnowledgeTestApp({ engine: "PostgreSQL" });
  });
  afterAll(() => t.close());

  it("has no vector column, searches by full text and says so in health", async () => {
    expect(t.hasVector).toBe(false);
    const columns = await t.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'knowledge_chunks' AND table_schema = current_schema()`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain("embedding");

    const pdf = createPdf([
      ["Первая страница: общие положения договора."],
      ["Вторая страница: уборка придомовой территории зимой, очистка снега."],
      ["Третья страница: подписи сторон."],
    ]);
    const uploaded = await request(t.app)
      .post("/api/knowledge/upload")
      .set("Authorization", "demo")
      .attach("file", pdf, "dogovor.pdf")
      .expect(201);
    await request(t.app)
      .post("/api/knowledge/confirm")
      .set("Authorization", "demo")
      .send({ id: uploaded.body.id })
      .expect(200);
    const found = await request(t.app)
      .get("/api/knowledge/search")
      .query({ q: "очистка снега" })
      .set("Authorization", "demo")
      .expect(200);
    expect(found.body.mode).toBe("fts");
    expect(found.body.items[0]).toMatchObject({ documentId: uploaded.body.id, page: 2, label: "стр. 2" });
    expect(found.body.items[0].snippet).toContain("<b>очистка</b> <b>снега</b>");

    const health = await request(t.app).get("/api/health").set("Authorization", "demo").expect(200);
    expect(health.body.vector).toBe(false);
    expect(health.body.components.knowledge.reason).toContain("только полнотекстовый");
  });
});
