// The in-process worker of the OCR queue: claims one job at a time, recognises its pages over the recogniser's
// pool, reports progress (row + event) after every page, and stops at the next page when the job is cancelled
// or the process shuts down (a running job whose lease runs out is taken up again by any instance).
import { EventEmitter } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "../../../../../prisma/client.ts";
import { AppError } from "../../../lib/errors.ts";
import type { ExtractedSection } from "../extract.ts";
import type { KnowledgeContext } from "../knowledge-context.ts";
import { storePendingDocument } from "../knowledge.service.ts";
import { ocrProblem, OCR_PROBLEMS } from "./ocr-errors.ts";
import { summarizeOcr, type OcrPageResult } from "./ocr-summary.ts";
import { openPdf, planPdfPages, renderPdfPage } from "./pdf-pages.ts";
import { getRecognizer, type Recognizer } from "./recognizer.ts";

/** How long a claimed job stays ours without a page done; renewed after every page. */
const LEASE_MS = 10 * 60_000;

/** The process's recogniser for this configuration; undefined when no Russian model is installed. */
export function recognizerFor(k: KnowledgeContext): Recognizer | undefined {
  const { ocr } = k.config.knowledge;
  // An in-memory database (tests, demos) has no data folder: the cache goes to the system's temporary one.
  const dataDir = k.config.dataDir.startsWith("memory:") ? tmpdir() : k.config.dataDir;
  return getRecognizer({
    langPath: ocr.langPath,
    cachePath: join(dataDir, "ocr-cache"),
    workers: ocr.workers,
    pageTimeoutMs: ocr.pageTimeoutMs,
  });
}

class Stop extends Error {}

export class OcrJobRunner {
  /** Emits "job" with a job id whenever that job changes. */
  readonly events = new EventEmitter();
  private loop: Promise<void> | undefined;
  private isKicked = false;
  private isStopping = false;

  constructor(private readonly k: KnowledgeContext) {
    this.events.setMaxListeners(0);
  }

  /** Looks for queued work now (after an upload, at start). */
  kick(): void {
    this.isKicked = true;
    this.isStopping = false;
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
      if (this.isKicked && !this.isStopping) this.kick();
    });
  }

  /** Resolves when no job is being worked on. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Stops after the current page; the job stays claimed until its lease runs out, then is taken up again. */
  async stop(): Promise<void> {
    this.isStopping = true;
    await this.idle();
  }

  private async run(): Promise<void> {
    while (!this.isStopping) {
      this.isKicked = false;
      const id = await this.claim();
      if (id === undefined) return;
      await this.process(id).catch((error: unknown) =>
        this.k.logger.error({ err: error, jobId: id }, "ocr: job crashed"),
      );
    }
  }

  private async claim(): Promise<number | undefined> {
    const now = this.k.clock.now();
    const rows = await this.k.db.prisma.$queryRawUnsafe<{ id: number }[]>(
      `UPDATE "knowledge_ocr_jobs" SET "status" = 'running', "pages_done" = 0, "locked_until" = $1, "updated_at" = $2
       WHERE "id" = (SELECT "id" FROM "knowledge_ocr_jobs"
                     WHERE "status" = 'queued' OR ("status" = 'running' AND "locked_until" < $2)
                     ORDER BY "id" LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING "id"`,
      new Date(now.getTime() + LEASE_MS),
      now,
    );
    return rows[0]?.id;
  }

  private async process(id: number): Promise<void> {
    const k = this.k;
    const job = await k.db.prisma.knowledgeOcrJob.findUnique({ where: { id } });
    if (!job?.data) return;
    const started = performance.now();
    try {
      const recognizer = recognizerFor(k);
      if (!recognizer) throw ocrProblem("ocr_unavailable", "no rus.traineddata found");
      const data = new Uint8Array(job.data);
      const sections: ExtractedSection[] = [];
      const results: OcrPageResult[] = [];
      let pageCount: number | undefined;
      let title: string | undefined;
      if (job.kind === "image") {
        const page = await recognizer.recognizePage(data);
        await this.pageDone(id, 1);
        if (page.text) sections.push({ text: page.text });
        results.push({ page: null, confidence: page.confidence });
      } else {
        const plan = await planPdfPages(data);
        pageCount = plan.pageCount;
        title = plan.title;
        for (const page of plan.textPages) sections.push({ text: page.text, page: page.page });
        // A 20000×20000 picture inside a PDF would need gigabytes to decode: pdf.js leaves such images out.
        const pdf = await openPdf(data, k.config.knowledge.ocr.maxPixels);
        try {
          let done = 0;
          let isFailed = false;
          const queue = [...plan.scannedPages];
          // As many pages in flight as the pool has workers (one lane renders while another reads).
          const lanes = Array.from({ length: Math.min(recognizer.size, queue.length) }, async () => {
            try {
              for (let pageNumber = queue.shift(); pageNumber !== undefined && !isFailed; pageNumber = queue.shift()) {
                if (this.isStopping) throw new Stop();
                const png = await renderPdfPage(pdf, pageNumber, k.config.knowledge.ocr.maxPixels);
                const page = await recognizer.recognizePage(png);
                // A blank page (no text) is neither content nor a page that "reads badly".
                if (page.text) {
                  sections.push({ text: page.text, page: pageNumber });
                  results.push({ page: pageNumber, confidence: page.confidence });
                }
                await this.pageDone(id, ++done);
              }
            } catch (error) {
              isFailed = true;
              throw error;
            }
          });
          // Every lane finishes its page before the PDF is closed; the first failure is the job's.
          const failure = (await Promise.allSettled(lanes)).find((lane) => lane.status === "rejected");
          if (failure) throw failure.reason;
        } finally {
          await pdf.destroy();
        }
        sections.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
        results.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
      }
      const recognised = sections.reduce((sum, s) => sum + (s.text.match(/\p{L}/gu)?.length ?? 0), 0);
      if (recognised < 3) throw ocrProblem("ocr_no_text", `${recognised} letters recognised`);
      const ocr = summarizeOcr(results);
      await storePendingDocument(k, {
        data,
        contentHash: job.contentHash,
        fileName: job.fileName,
        source: job.source === "telegram" ? "telegram" : "upload",
        uploadedById: job.uploadedById,
        // "image" is not a text-extraction kind (DocumentKind); it is stored as the document's kind all the same.
        extracted: { kind: job.kind as "pdf", title, pageCount, sections },
        ocr,
        // In the document's own transaction: a job cancelled meanwhile rolls the document back.
        inTransaction: async (tx, documentId) => {
          const now = k.clock.now();
          const updated = await tx.knowledgeOcrJob.updateMany({
            where: { id, status: "running" },
            data: {
              status: "done",
              documentId,
              confidence: ocr.confidence,
              data: null,
              lockedUntil: null,
              updatedAt: now,
              finishedAt: now,
            },
          });
          if (updated.count === 0) throw new Stop();
        },
      });
      k.logger.info(
        {
          jobId: id,
          pages: results.length,
          confidence: ocr.confidence,
          seconds: Math.round((performance.now() - started) / 100) / 10,
        },
        "ocr: recognised",
      );
    } catch (error) {
      if (error instanceof Stop) return;
      const isKnown = error instanceof AppError && error.status < 500;
      if (!isKnown) k.logger.error({ err: error, jobId: id }, "ocr: job failed");
      const now = k.clock.now();
      await k.db.prisma.knowledgeOcrJob.updateMany({
        where: { id, status: "running" },
        data: {
          status: "failed",
          data: null,
          lockedUntil: null,
          errorCode: isKnown ? error.code : "ocr_failed",
          errorMessage: isKnown ? error.userMessage : OCR_PROBLEMS.ocr_interrupted,
          updatedAt: now,
          finishedAt: now,
        },
      });
    } finally {
      this.events.emit("job", id);
    }
  }

  /** Records progress and renews the lease; a job cancelled meanwhile stops here. */
  private async pageDone(id: number, pagesDone: number): Promise<void> {
    const now = this.k.clock.now();
    const updated = await this.k.db.prisma.knowledgeOcrJob.updateMany({
      where: { id, status: "running" },
      data: { pagesDone, updatedAt: now, lockedUntil: new Date(now.getTime() + LEASE_MS) },
    });
    this.events.emit("job", id);
    if (updated.count === 0) throw new Stop();
  }
}

const runners = new WeakMap<Database, OcrJobRunner>();

/** The one runner per database in this process (the API's upload and the bot's share it). */
export function ocrRunnerFor(k: KnowledgeContext): OcrJobRunner {
  let runner = runners.get(k.db);
  if (!runner) runners.set(k.db, (runner = new OcrJobRunner(k)));
  return runner;
}
