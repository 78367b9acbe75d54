// Planning the full-text half. Ranking the matches of a word that is in most chunks ("уборка" in a cleaning
// company's documents) is what makes full-text search slow on a large base, and such a word tells little about
// relevance anyway. PostgreSQL's statistics of the tsvector column (pg_stats.most_common_elems, kept by ANALYZE)
// name those words; the query matches on the rarer words and ranks with all of them.
import type { Database } from "../../../../prisma/client.ts";

/** A lexeme in more than this share of chunks only ranks, it does not select. */
const COMMON_SHARE = 0.05;
const CACHE_MS = 5 * 60_000;
/** Below this many chunks no word is treated as common. */
const MIN_CHUNKS = 2_000;
const cache = new WeakMap<Database, { expires: number; lexemes: Set<string> }>();

export interface FtsQueries {
  /** Every selecting word (or the websearch syntax as written); null when the query has no searchable word. */
  strict: string | null;
  /** Any of the words: fills up when the strict reading finds too little. */
  loose: string | null;
  /** Any of all the words: orders the matches and highlights the snippet. */
  rank: string | null;
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** Lexemes found in more than COMMON_SHARE of the chunks, per the latest ANALYZE (cached for a few minutes). */
async function commonLexemes(db: Database): Promise<Set<string>> {
  const cached = cache.get(db);
  if (cached && cached.expires > Date.now()) return cached.lexemes;
  // In a small base every word is "common" and ranking all matches is cheap anyway.
  const rows = await db.query<{ lexeme: string }>(
    `SELECT e.lexeme FROM pg_stats s, unnest(s.most_common_elems::text::text[]) WITH ORDINALITY AS e(lexeme, i)
     WHERE s.schemaname = current_schema() AND s.tablename = 'knowledge_chunks' AND s.attname = 'tsv' AND s.most_common_elem_freqs[e.i] > $1
       AND (SELECT reltuples FROM pg_class WHERE oid = 'knowledge_chunks'::regclass) >= $2`,
    [COMMON_SHARE, MIN_CHUNKS],
  );
  const lexemes = new Set(rows.map((row) => row.lexeme));
  cache.set(db, { expires: Date.now() + CACHE_MS, lexemes });
  return lexemes;
}

/** Refreshes the column statistics (PGlite has no autovacuum) and forgets the cached common words. */
export async function refreshSearchStatistics(db: Database): Promise<void> {
  await db.exec(`ANALYZE "knowledge_chunks"`);
  cache.delete(db);
}

/**
 * The three tsqueries of a user's query. Plain questions ("как часто мыть окна в подъезде") select on their rarer
 * words; a query in web-search syntax ("точная фраза", -исключить, or) is taken strictly as written.
 */
export async function planFtsQueries(db: Database, query: string): Promise<FtsQueries> {
  const [parsed] = await db.query<{ websearch: string; lexemes: string[] }>(
    `SELECT websearch_to_tsquery('russian', $1)::text AS websearch,
       (SELECT coalesce(array_agg(lexeme), '{}') FROM unnest(to_tsvector('russian', $1))) AS lexemes`,
    [query],
  );
  const websearch = parsed?.websearch?.trim() || null;
  if (/["]|(^|\s)-\S|\sor\s/i.test(query)) return { strict: websearch, loose: websearch, rank: websearch };
  const all = parsed?.lexemes ?? [];
  if (all.length === 0) return { strict: null, loose: null, rank: null };
  const common = await commonLexemes(db);
  const rare = all.filter((lexeme) => !common.has(lexeme)).map(quote);
  // Loose matching keeps every word: dense matches of a common word fill its small LIMIT almost at once. A query
  // of common words only has no strict reading (intersecting their huge posting lists is the slow case).
  const any = all.map(quote).join(" | ");
  return { strict: rare.length > 0 ? rare.join(" & ") : null, loose: any, rank: any };
}
