// `npm run bench:knowledge`: ingest a generated 200-page PDF (extraction, chunking, summary, offline
// embeddings, storage; pages/s), then hybrid search (Russian FTS + pgvector HNSW, fused by RRF) over 50,000
// chunks on the embedded PGlite (p50/p95). Goal: >= 20 pages/s and p95 <= 50 ms with the offline embedder.
import { openDatabase } from "../../prisma/client.ts";
import { migrateDatabase } from "../../prisma/migrate.ts";
import { loadConfig } from "../../api/src/config.ts";
import { createLogger } from "../../api/src/lib/logger.ts";
import { chunkSections } from "../../api/src/modules/knowledge/chunking.ts";
import { offlineEmbedder } from "../../api/src/modules/knowledge/embedder.ts";
import { createKnowledgeContext } from "../../api/src/modules/knowledge/knowledge-context.ts";
import { searchKnowledge, type SearchMode } from "../../api/src/modules/knowledge/knowledge-search.ts";
import { ensureVectorSchema, insertChunks } from "../../api/src/modules/knowledge/knowledge-store.ts";
import { confirmDocument, ingestDocument } from "../../api/src/modules/knowledge/knowledge.service.ts";
import { createPdf } from "../../api/src/modules/knowledge/testing/pdf-fixture.ts";
import { systemClock } from "../../api/src/lib/clock.ts";

const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 50_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

// A deterministic generator of cleaning-company prose: real domain words plus rarer made-up ones, so the index
// has a realistic mix of very common and rare terms.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
const COMMON =
  "уборка подъезд лестница этаж окна мусоропровод двор снег лифт подвал чердак договор оплата штраф бригада старший график неделя месяц квартал дезинфекция средство вода швабра ведро перчатки спецодежда ключи диспетчер управляющая компания жильцы отчёт фотография дом квартира почтовые ящики перила стены двери полы пыль грязь наледь песок дорожка контейнер площадка газон листва".split(
    " ",
  );
const VERBS =
  "проводится выполняется моется протирается проверяется убирается подметается фиксируется оплачивается согласуется выдаётся".split(
    " ",
  );
// Word frequencies in real text follow Zipf's law: a few words everywhere, a long tail of rare ones.
const VOCABULARY = [...COMMON, ...Array.from({ length: 5_000 }, (_, i) => `термин${(i * 7919) % 100_000}`)];
const ZIPF = VOCABULARY.map((_, rank) => 1 / (rank + 1));
const ZIPF_TOTAL = ZIPF.reduce((a, b) => a + b, 0);
const zipfWord = () => {
  let target = random() * ZIPF_TOTAL;
  for (let i = 0; i < ZIPF.length; i++) if ((target -= ZIPF[i]!) <= 0) return VOCABULARY[i]!;
  return VOCABULARY.at(-1)!;
};
const sentence = () => {
  const words = Array.from({ length: 6 + Math.floor(random() * 8) }, zipfWord);
  words.splice(2, 0, pick(VERBS));
  const text = words.join(" ");
  return (
    text[0]!.toUpperCase() + text.slice(1) + (random() < 0.3 ? ` ${Math.floor(random() * 100)} раз в месяц.` : ".")
  );
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (value: number) => Math.round(value * 10) / 10;

const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: "memory://", DEMO_DATA: "off" });
const db = await openDatabase({ dataDir: "memory://" });
const { hasVector } = await migrateDatabase(db);
await ensureVectorSchema(db, hasVector);
const k = createKnowledgeContext(
  { db, config, logger: createLogger("silent"), clock: systemClock },
  { hasVector, llm: null, embedder: offlineEmbedder },
);

// 1. Ingest a 200-page PDF (about 45 lines of prose per page).
const pages = Array.from({ length: PAGES }, () => Array.from({ length: 45 }, sentence));
const pdf = createPdf(pages, { title: "Регламент работ (бенчмарк)" });
// Warm up (pdf.js, Prisma and the WASM database compile lazily), as in a running server.
await ingestDocument(k, {
  data: createPdf([[sentence(), sentence()]], { title: "Разминка" }),
  fileName: "warm-up.pdf",
});
let t0 = performance.now();
const document = await ingestDocument(k, { data: pdf, fileName: "bench.pdf" });
await confirmDocument(k, { id: document.id });
const ingestSeconds = (performance.now() - t0) / 1000;
console.log(
  `ingest: ${PAGES} pages (${(pdf.length / 1024 / 1024).toFixed(1)} MB PDF, ${document.chunkCount} chunks) in ${ingestSeconds.toFixed(2)} s = ${(PAGES / ingestSeconds).toFixed(1)} pages/s (goal >= 20)`,
);

// 2. Fill the base up to 50,000 chunks of 3-6 sentences each (bulk insert, then one index build).
t0 = performance.now();
await db.exec(`DROP INDEX IF EXISTS "knowledge_chunks_embedding_idx"`);
const filler = await db.prisma.knowledgeDocument.create({
  data: {
    title: "Наполнитель",
    fileName: "filler.txt",
    kind: "txt",
    sizeBytes: 0,
    contentHash: "bench-filler",
    summary: {},
    status: "confirmed",
  },
});
const remaining = Math.max(0, CHUNKS - document.chunkCount);
for (let start = 0; start < remaining; start += 2_000) {
  const sections = Array.from({ length: Math.min(2_000, remaining - start) }, () => ({
    text: Array.from({ length: 3 + Math.floor(random() * 4) }, sentence).join(" "),
  }));
  const chunks = chunkSections(sections).map((chunk, i) => ({ ...chunk, ordinal: start + i }));
  const embeddings = hasVector ? await offlineEmbedder.embed(chunks.map((c) => c.content)) : undefined;
  await insertChunks(db.prisma, { documentId: filler.id, chunks, embeddings, embedderId: offlineEmbedder.id });
}
const fillSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
await ensureVectorSchema(db, hasVector);
await db.exec("ANALYZE knowledge_chunks");
const count = (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM knowledge_chunks`))[0]?.count;
console.log(
  `base: ${count} searchable chunks inserted in ${fillSeconds.toFixed(1)} s, HNSW index built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// 3. Search: two- to four-word questions, sequentially, after a short warm-up.
const queries = Array.from({ length: QUERIES }, () =>
  Array.from({ length: 2 + Math.floor(random() * 3) }, zipfWord).join(" "),
);
const modes: SearchMode[] = hasVector ? ["hybrid", "fts", "vector"] : ["fts"];
const rows = [];
const slowest: string[] = [];
for (const mode of modes) {
  for (const query of queries.slice(0, 10)) await searchKnowledge(k, { query, limit: 5, mode });
  const timed: { query: string; ms: number }[] = [];
  let empty = 0;
  for (const query of queries) {
    const start = performance.now();
    const hits = await searchKnowledge(k, { query, limit: 5, mode });
    timed.push({ query, ms: performance.now() - start });
    if (hits.length === 0) empty++;
  }
  const times = timed.map((t) => t.ms).sort((a, b) => a - b);
  if (mode === "hybrid")
    slowest.push(
      ...timed
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map((t) => `${ms(t.ms)} ms: ${t.query}`),
    );
  rows.push({
    mode,
    queries: times.length,
    "no result": empty,
    "p50 ms": ms(percentile(times, 50)),
    "p95 ms": ms(percentile(times, 95)),
    "max ms": ms(times.at(-1)!),
  });
}
console.table(rows);
console.log(`slowest hybrid queries:\n  ${slowest.join("\n  ")}`);
console.log(`goal: p95 <= 50 ms for hybrid over ${CHUNKS} chunks on PGlite with the offline embedder`);
await db.close();
