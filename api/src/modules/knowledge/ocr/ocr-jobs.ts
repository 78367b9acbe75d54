// Background recognition of scans and photos. An upload only checks the file (a coded 4xx for a bad one) and
// queues a job with the bytes; a runner in the process claims queued jobs (FOR UPDATE SKIP LOCKED, so any number
// of instances can run), reads the pages and files the result as a pending document through the usual
// «что понял ИИ» → confirm flow. The job row and the document are written in one transaction: a failed or
// cancelled job leaves no document and no chunks, and the bytes are dropped when the job ends.
import { notFound } from "../../../lib/errors.ts";
import type { KnowledgeContext } from "../knowledge-context.ts";
import { checkImage, decodeImage } from "./image-input.ts";
import { ocrProblem } from "./ocr-errors.ts";
import { planPdfPages } from "./pdf-pages.ts";
import { ocrRunnerFor, recognizerFor } from "./ocr-runner.ts";

export type OcrJobStatus = "queued" | "running" | "done" | "failed" | "cancelled";

export interface OcrJobView {
  id: number;
  status: OcrJobStatus;
  fileName: string;
  kind: "image" | "pdf";
  pagesDone: number;
  pagesTotal: number;
  /** Mean word confidence of the recognised pages, 0-100; null until done. */
  confidence: number | null;
  documentId: number | null;
  error: { code: string; message: string } | null;
  /** What a person reads: «распознаю 3/12», «готово», the reason it failed. */
  progress: string;
}

export interface OcrPlan {
  kind: "image" | "pdf";
  /** Pages that will be recognised. */
  pages: number;
}

/** Status reads never load the file itself (megabytes of bytea, polled every second or two). */
const WITHOUT_FILE = { data: true } as const;

type JobRow = {
  id: number;
  status: string;
  fileName: string;
  kind: string;
  pagesDone: number;
  pagesTotal: number;
  confidence: number | null;
  documentId: number | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export function toJobView(row: JobRow): OcrJobView {
  const status = row.status as OcrJobStatus;
  const error = row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null;
  const progress =
    status === "queued"
      ? "в очереди на распознавание"
      : status === "running"
        ? `распознаю ${row.pagesDone}/${row.pagesTotal}`
        : status === "done"
          ? "распознано"
          : (error?.message ?? "распознавание остановлено");
  return {
    id: row.id,
    status,
    fileName: row.fileName,
    kind: row.kind as "image" | "pdf",
    pagesDone: row.pagesDone,
    pagesTotal: row.pagesTotal,
    confidence: row.confidence === null ? null : Math.round(row.confidence),
    documentId: row.documentId,
    error,
    progress,
  };
}

/**
 * Whether a file needs recognition, checked inside the upload request: an image, or a PDF with scanned pages.
 * Undefined = read it as text. Throws a coded 4xx for broken or oversized images and scans past the page limit.
 */
export async function planOcr(
  k: KnowledgeContext,
  data: Uint8Array,
  options: { isPdf: boolean; isImage: boolean },
): Promise<OcrPlan | undefined> {
  const { maxPages, maxPixels } = k.config.knowledge.ocr;
  let plan: OcrPlan | undefined;
  if (options.isImage) {
    checkImage(data, maxPixels);
    await decodeImage(data); // a body that does not decode is refused now, not minutes later in the job
    plan = { kind: "image", pages: 1 };
  } else if (options.isPdf) {
    const pages = await planPdfPages(data);
    if (pages.scannedPages.length === 0) return undefined;
    if (pages.scannedPages.length > maxPages) {
      throw ocrProblem(
        "too_many_pages",
        `${pages.scannedPages.length} scanned pages`,
        `В скане ${pages.scannedPages.length} страниц без текста, распознаю не больше ${maxPages}: разделите файл на части`,
      );
    }
    plan = { kind: "pdf", pages: pages.scannedPages.length };
  }
  if (plan && !recognizerFor(k)) throw ocrProblem("ocr_unavailable", "no rus.traineddata found");
  return plan;
}

/** Queues a recognition job (the same bytes already queued or running: that job) and wakes the runner. */
export async function enqueueOcrJob(
  k: KnowledgeContext,
  options: {
    data: Uint8Array;
    fileName: string;
    contentHash: string;
    plan: OcrPlan;
    source: "upload" | "telegram";
    uploadedById?: number | null;
  },
): Promise<OcrJobView> {
  const now = k.clock.now();
  const active = await k.db.prisma.knowledgeOcrJob.findFirst({
    where: { contentHash: options.contentHash, status: { in: ["queued", "running"] } },
    omit: WITHOUT_FILE,
  });
  const row =
    active ??
    (await k.db.prisma.knowledgeOcrJob.create({
      data: {
        status: "queued",
        fileName: options.fileName,
        kind: options.plan.kind,
        source: options.source,
        uploadedById: options.uploadedById || null,
        contentHash: options.contentHash,
        data: new Uint8Array(options.data),
        pagesTotal: options.plan.pages,
        createdAt: now,
        updatedAt: now,
      },
      omit: WITHOUT_FILE,
    }));
  ocrRunnerFor(k).kick();
  return toJobView(row);
}

/** One job's state, for the mini-app's «распознаю 3/12» and the bot's status message. */
export async function getOcrJob(k: KnowledgeContext, options: { id: number }): Promise<OcrJobView> {
  const row = await k.db.prisma.knowledgeOcrJob.findUnique({ where: { id: options.id }, omit: WITHOUT_FILE });
  if (!row) throw notFound("Задание распознавания не найдено");
  return toJobView(row);
}

/** Jobs still queued or running, oldest first (the knowledge page shows them after a reload). */
export async function listActiveOcrJobs(k: KnowledgeContext): Promise<OcrJobView[]> {
  const rows = await k.db.prisma.knowledgeOcrJob.findMany({
    where: { status: { in: ["queued", "running"] } },
    orderBy: { id: "asc" },
    omit: WITHOUT_FILE,
  });
  return rows.map(toJobView);
}

/** Stops a queued or running job; the runner notices at the next page and nothing is stored. */
export async function cancelOcrJob(k: KnowledgeContext, options: { id: number }): Promise<OcrJobView> {
  const now = k.clock.now();
  await k.db.prisma.knowledgeOcrJob.updateMany({
    where: { id: options.id, status: { in: ["queued", "running"] } },
    data: {
      status: "cancelled",
      data: null,
      errorCode: "ocr_cancelled",
      errorMessage: "Распознавание отменено, ничего не сохранено",
      updatedAt: now,
      finishedAt: now,
    },
  });
  const view = await getOcrJob(k, options);
  ocrRunnerFor(k).events.emit("job", view.id);
  return view;
}

/** Resolves when the job has ended (done, failed or cancelled); wakes on the runner's events, polls as a fallback. */
export async function waitForOcrJob(
  k: KnowledgeContext,
  options: { id: number; onProgress?: (job: OcrJobView) => void | Promise<void>; pollMs?: number },
): Promise<OcrJobView> {
  const events = ocrRunnerFor(k).events;
  let last = "";
  for (;;) {
    const job = await getOcrJob(k, options);
    const key = `${job.status}:${job.pagesDone}`;
    if (key !== last) {
      last = key;
      if (job.status !== "done" && job.status !== "failed" && job.status !== "cancelled")
        await options.onProgress?.(job);
    }
    if (job.status === "done" || job.status === "failed" || job.status === "cancelled") return job;
    await new Promise<void>((resolve) => {
      const wake = (id: number) => id === job.id && done();
      const timer = setTimeout(() => done(), options.pollMs ?? 2000);
      function done() {
        clearTimeout(timer);
        events.off("job", wake);
        resolve();
      }
      events.on("job", wake);
    });
  }
}
