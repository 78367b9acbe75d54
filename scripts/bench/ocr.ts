// `npm run bench:ocr`: offline Russian OCR through the real background job (queue → recogniser pool → pending
// document) on the embedded PGlite: a single phone photo, then a 20-page image-only scan of A4 pages at 300 dpi.
// Prints seconds per page (wall clock, and CPU seconds of the whole process — the workers are its threads — which
// a machine shared with other work does not inflate), the character error rate against the drawn text, and the
// peak memory of the process (RSS, workers included).
import { createHash } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { openDatabase } from "../../prisma/client.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { loadConfig } from "../../api/src/config.ts";
import { systemClock } from "../../api/src/lib/clock.ts";
import pino from "pino";
import { offlineEmbedder } from "../../api/src/modules/knowledge/embedder.ts";
import { createKnowledgeContext } from "../../api/src/modules/knowledge/knowledge-context.ts";
import { enqueueOcrJob, waitForOcrJob } from "../../api/src/modules/knowledge/ocr/ocr-jobs.ts";
import { recognizerFor } from "../../api/src/modules/knowledge/ocr/ocr-runner.ts";
import { closeRecognizers } from "../../api/src/modules/knowledge/ocr/recognizer.ts";
import {
  characterErrorRate,
  createScannedPdf,
  renderTextJpeg,
  renderTextPng,
} from "../../api/src/modules/knowledge/ocr/testing/ocr-fixtures.ts";

const PAGES = Number(process.env.BENCH_PAGES ?? 20);

const PHRASES = [
  "Исполнитель выполняет влажную уборку лестничных площадок и маршей",
  "два раза в неделю, сухое подметание ежедневно, кроме воскресенья.",
  "Мытьё окон на лестничных клетках проводится весной и осенью,",
  "дезинфекция мусоропровода и мусорных камер один раз в месяц.",
  "Заказчик обеспечивает доступ в подвал и на чердак по заявке.",
  "Оплата производится ежемесячно до десятого числа по акту.",
  "За пропуск уборки Заказчик вправе удержать десять процентов.",
];
/** A full A4 page of contract text: ~28 lines at 12 pt, 300 dpi. */
const pageLines = (page: number) => [
  `Договор № ${page}/2026. Приложение ${page}`,
  ...Array.from({ length: 27 }, (_, i) => PHRASES[(i + page) % PHRASES.length]!),
];

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

const config = loadConfig({
  LOG_LEVEL: "silent",
  DATA_DIR: "memory://",
  DEMO_DATA: "off",
  KNOWLEDGE_MAX_FILE_MB: "100",
});
const db = await openDatabase({ dataDir: "memory://" });
const { hasVector } = await migrateDatabase(db);
const k = createKnowledgeContext(
  { db, config, logger: pino({ level: process.env.BENCH_LOG ?? "silent" }), clock: systemClock },
  { hasVector, llm: null, embedder: offlineEmbedder },
);
const recognizer = recognizerFor(k);
if (!recognizer) {
  console.error("No Russian model: install tesseract-ocr-rus (Debian) or set KNOWLEDGE_OCR_LANG_PATH");
  process.exit(1);
}

/** Runs one file through the job and answers its seconds and the recognised text. */
async function recognise(data: Buffer, fileName: string, kind: "image" | "pdf", pages: number) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const contentHash = createHash("sha256").update(data).digest("hex");
  const job = await enqueueOcrJob(k, { data, fileName, contentHash, plan: { kind, pages }, source: "upload" });
  const done = await waitForOcrJob(k, { id: job.id, pollMs: 200 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (done.status !== "done") throw new Error(`${fileName}: ${done.status} ${done.progress}`);
  const chunks = await db.prisma.knowledgeChunk.findMany({
    where: { documentId: done.documentId! },
    orderBy: { ordinal: "asc" },
  });
  return { seconds, cpuSeconds, confidence: done.confidence, text: chunks.map((c) => c.content).join("\n") };
}

console.log(
  `bench:ocr — tesseract.js (WASM) with ${recognizer.langPath}/rus.traineddata, ${recognizer.size} worker(s)${recognizer.hasOsd ? ", OSD" : ""}`,
);

// Warm-up: the first page also loads the WASM core and the models into the workers.
const warm = await recognise(renderTextJpeg(["Прогрев распознавания"], { width: 800 }), "warm.jpg", "image", 1);
console.log(`warm-up (workers start, models load): ${warm.seconds.toFixed(1)} s`);

const photoLines = pageLines(0).slice(0, 12);
const photo = await recognise(renderTextJpeg(photoLines, { width: 1600, fontSize: 36 }), "photo.jpg", "image", 1);
console.log(
  `single photo 1600 px, 12 lines: ${photo.seconds.toFixed(1)} s (CPU ${photo.cpuSeconds.toFixed(1)} s), confidence ${photo.confidence}%, CER ${(characterErrorRate(photoLines.join("\n"), photo.text) * 100).toFixed(1)}%`,
);

const pages = Array.from({ length: PAGES }, (_, i) => renderTextPng(pageLines(i + 1), { width: 2480, fontSize: 46 }));
const scan = await createScannedPdf(pages);
const result = await recognise(scan, "scan.pdf", "pdf", PAGES);
const expected = Array.from({ length: PAGES }, (_, i) => pageLines(i + 1).join("\n")).join("\n");
console.log(
  `${PAGES}-page scan (A4, 300 dpi, ${megabytes(scan.length)}): ${result.seconds.toFixed(1)} s, ${(result.seconds / PAGES).toFixed(2)} s/page ` +
    `(CPU ${(result.cpuSeconds / PAGES).toFixed(2)} s/page), ` +
    `confidence ${result.confidence}%, CER ${(characterErrorRate(expected, result.text) * 100).toFixed(1)}%`,
);
clearInterval(sampler);
console.log(
  `peak memory (RSS, workers included): ${megabytes(peakRss)}; load average during the run: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
await closeRecognizers();
await db.close();
