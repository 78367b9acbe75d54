-- CreateTable
CREATE TABLE "crm_sync_runs" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "http_calls" INTEGER NOT NULL DEFAULT 0,
    "deals_seen" INTEGER NOT NULL DEFAULT 0,
    "deals_changed" INTEGER NOT NULL DEFAULT 0,
    "deals_archived" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "crm_sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_outbox" (
    "id" SERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "deal_id" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "crm_sync_runs_kind_started_at_idx" ON "crm_sync_runs"("kind", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "crm_outbox_dedupe_key_key" ON "crm_outbox"("dedupe_key");

-- CreateIndex
CREATE INDEX "crm_outbox_delivered_at_next_attempt_at_idx" ON "crm_outbox"("delivered_at", "next_attempt_at");
