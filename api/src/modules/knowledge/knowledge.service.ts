// Use cases of the knowledge base: ingest a file into a pending document, confirm or reject it, list and
// delete documents. Search lives in knowledge-search.ts.
import { createHash } from "node:crypto";
import { AppError, notFound } from "../../lib/errors.ts";
import { chunkSections } from "./chunking.ts";
import { extractDocument, type ExtractedDocument } from "./extract.ts";
import type { KnowledgeContext } from "./knowledge-context.ts";
import { fileProblem } from "./knowledge-errors.ts";
import { refreshSearchStatistics } from "./fts-query.ts";
import { insertChunks } from "./knowledge-store.ts";
import { summarizeDocument, type DocumentSummary } from "./summary.ts";
import type { Prisma } from "../../../../prisma/generated/client.ts";
import { sniffImage } from "./ocr/image-input.ts";
import { enqueueOcrJob, planOcr, type OcrJobView, type OcrPlan } from "./ocr/ocr-jobs.ts";
import { withOcrNotes, type OcrSummary } from "./ocr/ocr-summary.ts";

export type IngestStage = "extracting" | "chunking" | "summarizing" | "embedding" | "saving";

export interface KnowledgeDocumentView {
  id: number;
  title: string;
  fileName: string;
  kind: string;
  sizeBytes: number;
  status: "pending" | "confirmed" | "replaced";
  version: number;
  replacesId: number | null;
  pageCount: number | null;
  chunkCount: number;
  summary: DocumentSummary;
  createdAt: string;
  confirmedAt: string | null;
}

type DocumentRow = Omit<KnowledgeDocumentView, "summary" | "createdAt" | "confirmedAt"> & {
  summary: unknown;
  createdAt: Date;
  confirmedAt: Date | null;
};

const toView = (row: DocumentRow): KnowledgeDocumentView => ({
  id: row.id,
  title: row.title,
  fileName: row.fileName,
  kind: row.kind,
  sizeBytes: row.sizeBytes,
  status: row.status,
  version: row.version,
  replacesId: row.replacesId,
  pageCount: row.pageCount,
  chunkCount: row.chunkCount,
  summary: row.summary as DocumentSummary,
  createdAt: row.createdAt.toISOString(),
  confirmedAt: row.confirmedAt?.toISOString() ?? null,
});

export function duplicateError(existingId: number, title: string): AppError {
  return new AppError("duplicate", {
    status: 409,
    userMessage: `Этот файл уже есть в базе знаний: «${title}»`,
    details: { existingId },
  });
}

const titleFromName = (fileName: string) =>
  fileName
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .replace(/[_]+/g, " ")
    .trim() || "Документ";

/**
 * Checks, extracts, chunks, summarises and embeds a file into a pending document. Bad files throw a file
 * problem (4xx) before anything is stored; the same bytes twice throw `duplicate` with the existing id.
 */
export async function ingestDocument(
  k: KnowledgeContext,
  options: {
    data: Uint8Array;
    fileName: string;
    source?: "upload" | "telegram";
    uploadedById?: number | null;
    onProgress?: (stage: IngestStage) => void | Promise<void>;
  },
): Promise<KnowledgeDocumentView> {
  const { data, fileName } = options;
  if (data.length > k.maxFileBytes) throw fileProblem("file_too_large", `${data.length} bytes`);
  const contentHash = createHash("sha256").update(data).digest("hex");
  const existing = await k.db.prisma.knowledgeDocument.findFirst({
    where: { contentHash, status: { in: ["pending", "confirmed"] } },
  });
  if (existing) throw duplicateError(existing.id, existing.title);

  await options.onProgress?.("extracting");
  const extracted = await extractDocument(data, { fileName, maxUnzippedBytes: k.maxUnzippedBytes });
  return storePendingDocument(k, { ...options, contentHash, extracted });
}

/**
 * A file into the knowledge base the way people send it: a text document is read at once (`document`); a photo or
 * a PDF with scanned pages is checked now and recognised in the background (`ocrJob`, then the same pending flow).
 */
export async function submitDocument(
  k: KnowledgeContext,
  options: Parameters<typeof ingestDocument>[1],
): Promise<{ document: KnowledgeDocumentView; ocrJob?: undefined } | { ocrJob: OcrJobView; document?: undefined }> {
  const { data, fileName } = options;
  if (data.length > k.maxFileBytes) throw fileProblem("file_too_large", `${data.length} bytes`);
  if (data.length === 0) throw fileProblem("empty_file");
  const isImage = sniffImage(data) !== undefined;
  const isPdf = !isImage && Buffer.from(data.subarray(0, 1024)).toString("latin1").includes("%PDF-");
  if (!isImage && !isPdf) return { document: await ingestDocument(k, options) };
  const contentHash = createHash("sha256").update(data).digest("hex");
  const existing = await k.db.prisma.knowledgeDocument.findFirst({
    where: { contentHash, status: { in: ["pending", "confirmed"] } },
  });
  if (existing) throw duplicateError(existing.id, existing.title);
  const enqueue = (plan: OcrPlan) =>
    enqueueOcrJob(k, {
      data,
      fileName,
      contentHash,
      plan,
      source: options.source ?? "upload",
      uploadedById: options.uploadedById,
    });
  if (isImage) return { ocrJob: await enqueue((await planOcr(k, data, { isImage, isPdf }))!) };
  await options.onProgress?.("extracting");
  let extracted: ExtractedDocument | undefined;
  try {
    extracted = await extractDocument(data, { fileName, maxUnzippedBytes: k.maxUnzippedBytes });
  } catch (error) {
    if (!(error instanceof AppError && error.code === "no_text")) throw error;
  }
  // Only a PDF with pages lacking a text layer is looked at page by page for scans.
  const textPages = new Set(
    extracted?.sections.filter((s) => (s.text.match(/\p{L}/gu)?.length ?? 0) >= 20).map((s) => s.page),
  );
  if (!extracted || textPages.size < (extracted.pageCount ?? 0)) {
    const plan = await planOcr(k, data, { isImage, isPdf });
    if (plan) return { ocrJob: await enqueue(plan) };
  }
  if (!extracted) throw fileProblem("no_text", "pdf without text layer or scanned pages");
  return { document: await storePendingDocument(k, { ...options, contentHash, extracted }) };
}

/** Chunks, summarises and embeds extracted text into a pending document (shared by text files and OCR jobs). */
export async function storePendingDocument(
  k: KnowledgeContext,
  options: {
    data: Uint8Array;
    contentHash: string;
    fileName: string;
    extracted: ExtractedDocument;
    source?: "upload" | "telegram";
    uploadedById?: number | null;
    onProgress?: (stage: IngestStage) => void | Promise<void>;
    /** Recognition figures: shown in the summary (low-confidence pages flagged) and stored with it. */
    ocr?: OcrSummary;
    /** Runs inside the document's transaction; throwing rolls the document back. */
    inTransaction?: (tx: Prisma.TransactionClient, documentId: number) => Promise<void>;
  },
): Promise<KnowledgeDocumentView> {
  const { data, fileName, contentHash, extracted } = options;
  await options.onProgress?.("chunking");
  const chunks = chunkSections(extracted.sections);
  const title = extracted.title?.slice(0, 200) || titleFromName(fileName);
  await options.onProgress?.("summarizing");
  const summarized = await summarizeDocument({
    document: extracted,
    title,
    chunkCount: chunks.length,
    client: k.llm,
    model: k.config.openai.llmModel,
    logger: k.logger,
  });
  const summary = options.ocr ? withOcrNotes(summarized, options.ocr) : summarized;
  let embeddings: number[][] | undefined;
  if (k.hasVector) {
    await options.onProgress?.("embedding");
    embeddings = await k.embedder.embed(chunks.map((c) => c.content));
  }
  await options.onProgress?.("saving");
  const previous = await k.db.prisma.knowledgeDocument.findFirst({
    where: {
      status: "confirmed",
      OR: [{ fileName: { equals: fileName, mode: "insensitive" } }, { title: { equals: title, mode: "insensitive" } }],
    },
    orderBy: { version: "desc" },
  });
  try {
    const row = await k.db.prisma.$transaction(
      async (tx) => {
        const document = await tx.knowledgeDocument.create({
          data: {
            title,
            fileName,
            kind: extracted.kind,
            sizeBytes: data.length,
            contentHash,
            summary: summary as object,
            pageCount: extracted.pageCount ?? null,
            chunkCount: chunks.length,
            version: previous ? previous.version + 1 : 1,
            replacesId: previous?.id ?? null,
            source: options.source ?? "upload",
            uploadedById: options.uploadedById || null,
          },
        });
        await insertChunks(tx, { documentId: document.id, chunks, embeddings, embedderId: k.embedder.id });
        await options.inTransaction?.(tx, document.id);
        return document;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    return toView(row);
  } catch (error) {
    // Two uploads of the same bytes at once: the partial unique index lets only one through.
    if ((error as Error).message?.includes("knowledge_documents_live_hash_key")) {
      const winner = await k.db.prisma.knowledgeDocument.findFirst({
        where: { contentHash, status: { in: ["pending", "confirmed"] } },
      });
      if (winner) throw duplicateError(winner.id, winner.title);
    }
    throw error;
  }
}

/** One document of any status (the bot shows the draft an OCR job made). */
export async function getDocument(k: KnowledgeContext, options: { id: number }): Promise<KnowledgeDocumentView> {
  const row = await k.db.prisma.knowledgeDocument.findUnique({ where: { id: options.id } });
  if (!row) throw notFound("Документ не найден");
  return toView(row);
}

/** Documents waiting for "✅ Сохранить" / "❌ Отклонить", newest first. */
export async function listPendingDocuments(k: KnowledgeContext): Promise<KnowledgeDocumentView[]> {
  const rows = await k.db.prisma.knowledgeDocument.findMany({ where: { status: "pending" }, orderBy: { id: "desc" } });
  return rows.map(toView);
}

/** Searchable documents, newest first. */
export async function listDocuments(k: KnowledgeContext): Promise<KnowledgeDocumentView[]> {
  const rows = await k.db.prisma.knowledgeDocument.findMany({
    where: { status: "confirmed" },
    orderBy: { id: "desc" },
  });
  return rows.map(toView);
}

async function findPending(k: KnowledgeContext, id: number) {
  const row = await k.db.prisma.knowledgeDocument.findUnique({ where: { id } });
  if (!row) throw notFound("Документ не найден");
  if (row.status !== "pending") {
    throw new AppError("not_pending", {
      status: 409,
      userMessage:
        row.status === "confirmed" ? "Документ уже сохранён в базе знаний" : "Документ уже заменён новой версией",
    });
  }
  return row;
}

/** Makes a pending document searchable; an older version with the same name or title is replaced by it. */
export async function confirmDocument(k: KnowledgeContext, options: { id: number }): Promise<KnowledgeDocumentView> {
  await findPending(k, options.id);
  const row = await k.db.prisma.$transaction(async (tx) => {
    const document = await tx.knowledgeDocument.update({
      where: { id: options.id },
      data: { status: "confirmed", confirmedAt: k.clock.now() },
    });
    if (document.replacesId) {
      await tx.knowledgeDocument.updateMany({
        where: { id: document.replacesId, status: "confirmed" },
        data: { status: "replaced", chunkCount: 0 },
      });
      // The old text is no longer needed: its row stays as the version history.
      await tx.knowledgeChunk.deleteMany({ where: { documentId: document.replacesId } });
    }
    return document;
  });
  // Word statistics steer full-text search; PGlite has no autovacuum to refresh them.
  refreshSearchStatistics(k.db).catch((error: unknown) => k.logger.warn({ err: error }, "knowledge: ANALYZE failed"));
  return toView(row);
}

/** Drops a pending document entirely (nothing of it stays stored). */
export async function rejectDocument(k: KnowledgeContext, options: { id: number }): Promise<{ id: number }> {
  // The status is checked by the delete itself: a confirm landing between a separate check and the delete would
  // otherwise wipe a document that had just become part of the knowledge base.
  const deleted = await k.db.prisma.knowledgeDocument.deleteMany({ where: { id: options.id, status: "pending" } });
  if (deleted.count === 0) {
    await findPending(k, options.id);
    throw notFound("Документ не найден");
  }
  return { id: options.id };
}

/** Deletes a document of any status with its chunks. */
export async function deleteDocument(k: KnowledgeContext, options: { id: number }): Promise<{ id: number }> {
  const deleted = await k.db.prisma.knowledgeDocument.deleteMany({ where: { id: options.id } });
  if (deleted.count === 0) throw notFound("Документ не найден");
  return { id: options.id };
}
