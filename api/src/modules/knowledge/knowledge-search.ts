// Hybrid search: Russian full-text search (GIN over a generated tsvector) and pgvector cosine similarity (HNSW)
// fused by reciprocal rank fusion. Without pgvector, full-text search alone.
import type { KnowledgeContext } from "./knowledge-context.ts";
import { toVectorLiteral } from "./embedder.ts";

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
 * Plain questions ("как часто мыть подъезды") match any of their words, ranked by how many and how close; a
 * query that uses web-search syntax ("точная фраза", -исключить, or) is taken strictly as written.
 */
export function tsQuerySql(param: string, query: string): string {
  const isStrict = /["]|(^|\s)-\S|\sor\s/i.test(query);
  return isStrict
    ? `websearch_to_tsquery('russian', ${param})`
    : `NULLIF(replace(websearch_to_tsquery('russian', ${param})::text, ' & ', ' | '), '')::tsquery`;
}

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
  const params: unknown[] = [query, limit];
  const parts: string[] = [];
  if (mode !== "vector") {
    parts.push(`fts AS (
      SELECT c.id, row_number() OVER (ORDER BY ts_rank_cd(c.tsv, q.query, 1) DESC, c.id) AS r
      FROM "knowledge_chunks" c, q WHERE c.is_searchable AND c.tsv @@ q.query
      ORDER BY r LIMIT ${CANDIDATES})`);
  }
  if (mode !== "fts") {
    const [vector] = await k.embedder.embed([query]);
    params.push(toVectorLiteral(vector!), k.embedder.id, 1 - k.embedder.minSimilarity);
    parts.push(`vec AS (
      SELECT id, row_number() OVER (ORDER BY distance, id) AS r FROM (
        SELECT c.id, c.embedding <=> $3::vector AS distance FROM "knowledge_chunks" c
        WHERE c.is_searchable AND c.embedder = $4 ORDER BY distance LIMIT ${CANDIDATES}) nearest WHERE distance < $5)`);
  }
  const ranked = [mode !== "vector" ? "SELECT id, r FROM fts" : "", mode !== "fts" ? "SELECT id, r FROM vec" : ""].filter(Boolean).join(" UNION ALL ");
  const sql = `WITH q AS (SELECT ${tsQuerySql("$1", query)} AS query), ${parts.join(", ")},
    fused AS (SELECT id, sum(1.0 / (${RRF_K} + r)) AS score FROM (${ranked}) ranks GROUP BY id ORDER BY score DESC, id LIMIT $2)
    SELECT c.id AS "chunkId", d.id AS "documentId", d.title, d.file_name AS "fileName", c.label, c.page, c.section, c.sheet,
      ts_headline('russian', ${ESCAPED_CONTENT}, coalesce(q.query, ''::tsquery),
        'StartSel=<b>, StopSel=</b>, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS snippet,
      f.score::float8 AS score
    FROM fused f JOIN "knowledge_chunks" c ON c.id = f.id JOIN "knowledge_documents" d ON d.id = c.document_id, q
    ORDER BY f.score DESC, c.id`;
  const rows = await k.db.query<KnowledgeHit>(sql, params);
  return rows.map((row) => ({ ...row, score: Math.round(Number(row.score) * 1e6) / 1e6 }));
}
