// Hybrid search: Russian full-text search (GIN over a generated tsvector) and pgvector cosine similarity (HNSW)
// fused by reciprocal rank fusion. Without pgvector, full-text search alone.
import type { KnowledgeContext } from "./knowledge-context.ts";
import { toVectorLiteral } from "./embedder.ts";
import { planFtsQueries } from "./fts-query.ts";

export type SearchMode = "hybrid" | "fts" | "vector";

export interface KnowledgeHit {
  chunkId: number;
  documentId: number;
  title: string;
  fileName: string;
  /** Where in the document: "стр. 2", "раздел «Оплата»", "лист «Цены», строки 2–40". */
  label: string;
  page: number | null;
  section: string | null;
  sheet: string | null;
  /** HTML-safe text around the match; matched words are wrapped in <b>…</b>. */
  snippet: string;
  score: number;
}

/** Candidates taken from each half before fusion; 60 is the constant of the original RRF paper. */
const CANDIDATES = 40;
const RRF_K = 60;

/**
 * Ranking every match of a common word is what makes full-text search slow on a large base, so each reading
 * ranks a bounded set of matches: strict matches up to STRICT_CAP (usually far fewer), and loose ones only when
 * the strict reading found fewer than CANDIDATES. Past the cap a very common word is ranked within an arbitrary
 * subset of its matches; the vector half still ranks the whole base.
 */
const STRICT_CAP = 300;
const LOOSE_CAP = 100;

const ESCAPED_CONTENT = `replace(replace(replace(c.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/** Searches confirmed documents; returns the best `limit` chunks with title, position, snippet and score. */
export async function searchKnowledge(
  k: KnowledgeContext,
  options: { query: string; limit?: number; mode?: SearchMode },
): Promise<KnowledgeHit[]> {
  const query = options.query.trim().slice(0, 500);
  const limit = Math.min(Math.max(options.limit ?? 5, 1), 50);
  if (!query) return [];
  const mode: SearchMode = k.hasVector ? (options.mode ?? "hybrid") : "fts";
  const ts = await planFtsQueries(k.db, query);
  const params: unknown[] = [ts.strict, ts.loose, ts.rank, limit];
  const parts: string[] = [];
  if (mode !== "vector") {
    parts.push(`strict_hits AS (
      SELECT c.id, ts_rank_cd(c.tsv, q.rank, 1) AS score FROM "knowledge_chunks" c JOIN confirmed d ON d.id = c.document_id, q
      WHERE c.tsv @@ q.strict LIMIT ${STRICT_CAP}),
    loose_hits AS (
      SELECT c.id, ts_rank_cd(c.tsv, q.rank, 1) AS score FROM "knowledge_chunks" c JOIN confirmed d ON d.id = c.document_id, q
      WHERE (SELECT count(*) FROM strict_hits) < ${CANDIDATES} AND c.tsv @@ q.loose AND NOT coalesce(c.tsv @@ q.strict, false)
      LIMIT ${LOOSE_CAP}),
    fts AS (
      SELECT id, row_number() OVER (ORDER BY tier, score DESC, id) AS r
      FROM (SELECT id, 0 AS tier, score FROM strict_hits UNION ALL SELECT id, 1, score FROM loose_hits) hits
      ORDER BY r LIMIT ${CANDIDATES})`);
  }
  if (mode !== "fts") {
    const [vector] = await k.embedder.embed([query]);
    params.push(toVectorLiteral(vector!), k.embedder.id, 1 - k.embedder.minSimilarity);
    parts.push(`vec AS (
      SELECT id, row_number() OVER (ORDER BY distance, id) AS r FROM (
        SELECT c.id, c.document_id, c.embedding <=> $5::vector AS distance FROM "knowledge_chunks" c
        WHERE c.embedder = $6 ORDER BY distance LIMIT ${CANDIDATES}) nearest
      WHERE distance < $7 AND document_id IN (SELECT id FROM confirmed))`);
  }
  const ranked = [mode !== "vector" ? "SELECT id, r FROM fts" : "", mode !== "fts" ? "SELECT id, r FROM vec" : ""]
    .filter(Boolean)
    .join(" UNION ALL ");
  // The HNSW scan cannot skip pending documents' chunks, so they are filtered after it; pending documents are few.
  const sql = `WITH q AS (SELECT $1::tsquery AS strict, $2::tsquery AS loose, $3::tsquery AS rank),
    confirmed AS (SELECT id FROM "knowledge_documents" WHERE status = 'confirmed'), ${parts.join(", ")},
    fused AS (SELECT id, sum(1.0 / (${RRF_K} + r)) AS score FROM (${ranked}) ranks GROUP BY id ORDER BY score DESC, id LIMIT $4)
    SELECT c.id AS "chunkId", d.id AS "documentId", d.title, d.file_name AS "fileName", c.label, c.page, c.section, c.sheet,
      ts_headline('russian', ${ESCAPED_CONTENT}, coalesce(q.rank, ''::tsquery),
        'StartSel=<b>, StopSel=</b>, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS snippet,
      f.score::float8 AS score
    FROM fused f JOIN "knowledge_chunks" c ON c.id = f.id JOIN "knowledge_documents" d ON d.id = c.document_id, q
    ORDER BY f.score DESC, c.id`;
  const rows = await k.db.query<KnowledgeHit>(sql, params);
  return rows.map((row) => ({ ...row, score: Math.round(Number(row.score) * 1e6) / 1e6 }));
}
