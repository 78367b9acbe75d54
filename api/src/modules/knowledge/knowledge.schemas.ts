import { z } from "../../lib/openapi.ts";
import { queryInt4Schema } from "../../lib/schemas.ts";
import { idSchema, queryTextSchema } from "../../lib/schemas.ts";

export const documentSummary = z.object({
  title: z.string(),
  text: z.string(),
  keySentences: z.array(z.string()),
  topics: z.array(z.string()),
  pages: z.number().int().nullable(),
  chunks: z.number().int(),
  characters: z.number().int(),
  source: z.enum(["llm", "offline"]),
});

export const knowledgeDocument = z
  .object({
    id: z.number().int(),
    title: z.string(),
    fileName: z.string(),
    kind: z.string(),
    sizeBytes: z.number().int(),
    status: z.enum(["pending", "confirmed", "replaced"]),
    version: z.number().int(),
    replacesId: z.number().int().nullable(),
    pageCount: z.number().int().nullable(),
    chunkCount: z.number().int(),
    summary: documentSummary,
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
  })
  .openapi("KnowledgeDocument");

export const knowledgeDocumentList = z.object({ items: z.array(knowledgeDocument) });

export const documentIdBody = z.object({ id: idSchema("id") });
export const documentIdParams = z.object({ id: idSchema("id") });
export const documentIdResponse = z.object({ id: z.number().int() });

export const searchQuery = z.object({
  q: queryTextSchema("q", { max: 500 }),
  limit: queryInt4Schema("limit").pipe(z.number().int().min(1).max(50).optional()),
});

export const knowledgeHit = z
  .object({
    chunkId: z.number().int(),
    documentId: z.number().int(),
    title: z.string(),
    fileName: z.string(),
    label: z
      .string()
      .openapi({ description: "Позиция для цитаты: «стр. 2», «раздел «Оплата»», «лист «Цены», строки 2–40»" }),
    page: z.number().int().nullable(),
    section: z.string().nullable(),
    sheet: z.string().nullable(),
    snippet: z.string().openapi({ description: "HTML-безопасный фрагмент; совпадения в <b>…</b>" }),
    score: z.number(),
  })
  .openapi("KnowledgeHit");

export const searchResponse = z.object({ mode: z.enum(["hybrid", "fts"]), items: z.array(knowledgeHit) });
