import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { createKnowledgeContext, type KnowledgeContext } from "./knowledge-context.ts";
import { confirmDocument, ingestDocument, rejectDocument } from "./knowledge.service.ts";

/** The same context whose reads of a document run `afterRead` before answering: another request landing in between. */
function withInterleaving(k: KnowledgeContext, afterRead: () => Promise<void>): KnowledgeContext {
  const documents = k.db.prisma.knowledgeDocument;
  const spied = new Proxy(documents, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key !== "findUnique" && key !== "findFirst") return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const row = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await afterRead();
        return row;
      };
    },
  });
  const prisma = new Proxy(k.db.prisma, {
    get: (target, key) => (key === "knowledgeDocument" ? spied : Reflect.get(target, key)),
  });
  const db = new Proxy(k.db, { get: (target, key) => (key === "prisma" ? prisma : Reflect.get(target, key)) });
  return { ...k, db };
}

describe("rejecting a pending document", () => {
  let db: Database;
  let drop: () => Promise<void>;
  let k: KnowledgeContext;

  beforeAll(async () => {
    ({ db, drop } = await createPostgresTestDatabase());
    k = createKnowledgeContext(createTestContext(db), { hasVector: false, llm: null });
  });
  afterAll(() => drop?.());

  it("a confirm landing in the middle of a rejection: exactly one of them wins, and the data says which", async () => {
    const document = await ingestDocument(k, {
      data: Buffer.from("Ключи от подвала хранятся у старшего по дому."),
      fileName: "keys.txt",
    });
    let confirm: Promise<unknown> | undefined;
    const startConfirm = () =>
      (confirm ??= confirmDocument(k, { id: document.id }).then(
        () => "confirmed",
        (error: { code: string }) => error.code,
      ));
    // Between any read the rejection makes and its write, the other request confirms the document.
    const racing = withInterleaving(k, async () => void (await startConfirm()));
    const rejected = await rejectDocument(racing, { id: document.id }).then(
      () => "rejected",
      (error: { code: string }) => error.code,
    );
    const confirmed = await startConfirm();
    const row = await db.prisma.knowledgeDocument.findUnique({ where: { id: document.id } });
    if (rejected === "rejected") {
      expect(confirmed).not.toBe("confirmed");
      expect(row).toBeNull();
    } else {
      expect([rejected, confirmed]).toEqual(["not_pending", "confirmed"]);
      expect(row).toMatchObject({ status: "confirmed" });
    }
  });

  it("deletes a pending document and says 404 for an unknown one", async () => {
    const document = await ingestDocument(k, {
      data: Buffer.from("Мусорные контейнеры вывозят по вторникам."),
      fileName: "trash.txt",
    });
    await expect(rejectDocument(k, { id: document.id })).resolves.toEqual({ id: document.id });
    expect(await db.prisma.knowledgeDocument.findUnique({ where: { id: document.id } })).toBeNull();
    await expect(rejectDocument(k, { id: document.id })).rejects.toMatchObject({ code: "not_found", status: 404 });
  });
});
