-- CreateTable
CREATE TABLE "knowledge_ocr_jobs" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "uploaded_by_id" INTEGER,
    "content_hash" TEXT NOT NULL,
    "data" BYTEA,
    "pages_total" INTEGER NOT NULL DEFAULT 0,
    "pages_done" INTEGER NOT NULL DEFAULT 0,
    "confidence" DOUBLE PRECISION,
    "document_id" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "knowledge_ocr_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "knowledge_ocr_jobs_status_locked_until_idx" ON "knowledge_ocr_jobs"("status", "locked_until");
