// Raw SQL of the knowledge base that Prisma cannot express: bulk chunk inserts with pgvector embeddings, the
// vector column that exists only where pgvector does, and batched re-embedding.
import type { SqlSession } from "../../../../prisma/client.ts";
import type { Chunk } from "./chunking.ts";
import { toVectorLiteral, type Embedder } from "./embedder.ts";

type RawRunner = { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> };

/**
 * Creates the vector column and its HNSW index when pgvector is installed (idempotent; also done by the
 * migration). m = 12 / ef_construction = 40 instead of pgvector's 16 / 64: inserting into the graph is the most
 * expensive step of ingestion on the embedded (WASM) PGlite, this roughly halves it, and recall among the 40
 * candidates the fusion takes stays high at our sizes.
 */
export async function ensureVectorSchema(db: SqlSession, hasVector: boolean): Promise<void> {
  if (!hasVector) return;
  await db.exec(`ALTER TABLE "knowledge_chunks" ADD COLUMN IF NOT EXISTS "embedding" vector(512);
CREATE INDEX IF NOT EXISTS "knowledge_chunks_embedding_idx" ON "knowledge_chunks" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 12, ef_construction = 40);`);
}

/** Inserts chunks (with embeddings when pgvector is there) in a few large statements. */
export async function insertChunks(
  tx: RawRunner,
  options: { documentId: number; chunks: Chunk[]; embeddings?: number[][]; embedderId?: string },
): Promise<void> {
  const { chunks, embeddings } = options;
  const batch = 500;
  for (let start = 0; start < chunks.length; start += batch) {
    const part = chunks.slice(start, start + batch);
    const columns = ["document_id", "ordinal", "content", "page", "section", "sheet", "label"];
    const values: unknown[] = [
      options.documentId,
      part.map((c) => c.ordinal),
      part.map((c) => c.content),
      part.map((c) => c.page ?? null),
      part.map((c) => c.section ?? null),
      part.map((c) => c.sheet ?? null),
      part.map((c) => c.label),
    ];
    let select = `SELECT $1, u.ordinal, u.content, u.page, u.section, u.sheet, u.label FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) AS u(ordinal, content, page, section, sheet, label)`;
    if (embeddings) {
      columns.push("embedder", "embedding");
      values.push(options.embedderId, embeddings.slice(start, start + batch).map(toVectorLiteral));
      select = `SELECT $1, u.ordinal, u.content, u.page, u.section, u.sheet, u.label, $8, u.embedding::vector FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $9::text[]) AS u(ordinal, content, page, section, sheet, label, embedding)`;
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO "knowledge_chunks" (${columns.map((c) => `"${c}"`).join(", ")}) ${select}`,
      ...values,
    );
  }
  // Move the new entries from GIN's pending list into the index in one sorted batch (much faster than with
  // fastupdate off), so searches do not scan a long pending list: PGlite has no autovacuum to do it.
  await tx.$executeRawUnsafe(`SELECT gin_clean_pending_list('knowledge_chunks_tsv_idx'::regclass)`);
}

/**
 * Re-embeds every chunk made by another embedder (or none), in batches, until none is left or `shouldStop`
 * says so. Returns how many chunks were re-embedded. Search meanwhile compares only same-embedder vectors.
 */
export async function reembedChunks(
  db: SqlSession,
  options: { embedder: Embedder; batchSize?: number; shouldStop?: () => boolean },
): Promise<number> {
  let done = 0;
  for (;;) {
    if (options.shouldStop?.()) return done;
    const rows = await db.query<{ id: number; content: string }>(
      `SELECT id, content FROM "knowledge_chunks" WHERE "embedder" IS DISTINCT FROM $1 ORDER BY id LIMIT $2`,
      [options.embedder.id, options.batchSize ?? 200],
    );
    if (rows.length === 0) return done;
    const vectors = await options.embedder.embed(rows.map((r) => r.content));
    await db.query(
      `UPDATE "knowledge_chunks" AS c SET "embedding" = u.embedding::vector, "embedder" = $3
       FROM unnest($1::int[], $2::text[]) AS u(id, embedding) WHERE c.id = u.id`,
      [rows.map((r) => r.id), vectors.map(toVectorLiteral), options.embedder.id],
    );
    done += rows.length;
  }
}
