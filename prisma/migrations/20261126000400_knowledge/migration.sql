-- CreateEnum
CREATE TYPE "KnowledgeStatus" AS ENUM ('pending', 'confirmed', 'replaced');

-- CreateTable
CREATE TABLE "knowledge_documents" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "status" "KnowledgeStatus" NOT NULL DEFAULT 'pending',
    "summary" JSONB NOT NULL,
    "page_count" INTEGER,
    "chunk_count" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "replaces_id" INTEGER,
    "source" TEXT NOT NULL DEFAULT 'upload',
    "uploaded_by_id" INTEGER,
    "confirmed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "knowledge_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_chunks" (
    "id" SERIAL NOT NULL,
    "document_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "page" INTEGER,
    "section" TEXT,
    "sheet" TEXT,
    "label" TEXT NOT NULL,
    "embedder" TEXT,

    CONSTRAINT "knowledge_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "knowledge_documents_status_idx" ON "knowledge_documents"("status");

-- CreateIndex
CREATE INDEX "knowledge_chunks_embedder_idx" ON "knowledge_chunks"("embedder");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_chunks_document_id_ordinal_key" ON "knowledge_chunks"("document_id", "ordinal");

-- AddForeignKey
ALTER TABLE "knowledge_documents" ADD CONSTRAINT "knowledge_documents_replaces_id_fkey" FOREIGN KEY ("replaces_id") REFERENCES "knowledge_documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_documents" ADD CONSTRAINT "knowledge_documents_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_chunks" ADD CONSTRAINT "knowledge_chunks_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "knowledge_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Raw SQL only (not expressible in schema.prisma; listed in the schema-agreement test's allowlist):
-- one live copy of a file at a time, so two uploads of the same bytes cannot both pass the duplicate check.
CREATE UNIQUE INDEX "knowledge_documents_live_hash_key" ON "knowledge_documents"("content_hash") WHERE "status" IN ('pending', 'confirmed');

-- Russian full-text search over chunk text. The embedded PGlite has no autovacuum to flush GIN's pending list
-- (which every search scans linearly), so the service flushes it after each bulk insert.
ALTER TABLE "knowledge_chunks" ADD COLUMN "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('russian', "content")) STORED;
CREATE INDEX "knowledge_chunks_tsv_idx" ON "knowledge_chunks" USING GIN ("tsv");

-- Vector search only where pgvector is installed; without it the knowledge base searches by full text alone.
-- The service repeats this at start (idempotently) in case pgvector is installed later.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    ALTER TABLE "knowledge_chunks" ADD COLUMN IF NOT EXISTS "embedding" vector(512);
    CREATE INDEX IF NOT EXISTS "knowledge_chunks_embedding_idx" ON "knowledge_chunks" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 12, ef_construction = 40);
  END IF;
END $$;
