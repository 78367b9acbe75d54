import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../../testing/fake-openai.ts";
import { createTestDatabase } from "../../testing/test-db.ts";
import { offlineEmbedder } from "./embedder.ts";
import { createKnowledgeTestApp } from "./testing/knowledge-test-app.ts";

const AUTH = { Authorization: "demo" };

describe("knowledge base with an OpenAI-compatible server", () => {
  let db: Database;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it("re-embeds the offline vectors in the background when EMBEDDING_MODEL takes over, and summarises with the LLM", async () => {
    const offline = await createKnowledgeTestApp({ db });
    const doc = await request(offline.app).post("/api/knowledge/upload").set(AUTH).attach("file", Buffer.from("Дезинфекция мусоропроводов проводится раз в месяц."), "dez.txt").expect(201);
    await request(offline.app).post("/api/knowledge/confirm").set(AUTH).send({ id: doc.body.id }).expect(200);
    await offline.feature.stop?.();
    const before = await db.query<{ embedder: string }>(`SELECT embedder FROM knowledge_chunks`);
    expect(before.map((row) => row.embedder)).toEqual([offlineEmbedder.id]);

    const online = await createKnowledgeTestApp({ db, env: { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_MODEL: "text-embedding-3-small" } });
    const modelId = "openai:text-embedding-3-small:512";
    for (let i = 0; i < 100; i++) {
      const rows = await db.query<{ embedder: string }>(`SELECT embedder FROM knowledge_chunks`);
      if (rows.every((row) => row.embedder === modelId)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await db.query<{ embedder: string }>(`SELECT embedder FROM knowledge_chunks`)).map((row) => row.embedder)).toEqual([modelId]);
    expect(fake.embeddingRequests[0]).toMatchObject({ model: "text-embedding-3-small", dimensions: 512 });

    const hit = await request(online.app).get("/api/knowledge/search").query({ q: "дезинфекция" }).set(AUTH).expect(200);
    expect(hit.body).toMatchObject({ mode: "hybrid", items: [{ documentId: doc.body.id }] });

    fake.behaviour.chat = () => ({ content: "• Мусоропроводы дезинфицируют ежемесячно." });
    const next = await request(online.app).post("/api/knowledge/upload").set(AUTH).attach("file", Buffer.from("Окна моют весной и осенью."), "okna.txt").expect(201);
    expect(next.body.summary).toMatchObject({ source: "llm" });
    expect(next.body.summary.text).toContain("Мусоропроводы дезинфицируют");
    await online.feature.stop?.();
  });
});
