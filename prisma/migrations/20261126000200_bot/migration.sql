-- CreateEnum
CREATE TYPE "ReportPostStatus" AS ENUM ('pending', 'sending', 'posted', 'failed');

-- CreateTable
CREATE TABLE "invites" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "brigade_id" INTEGER,
    "created_by_id" INTEGER,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "used_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_storage" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bot_storage_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "visit_report_posts" (
    "visit_id" INTEGER NOT NULL,
    "chat_id" TEXT NOT NULL,
    "status" "ReportPostStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "message_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "last_error" TEXT,
    "posted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "visit_report_posts_pkey" PRIMARY KEY ("visit_id")
);

-- CreateTable
CREATE TABLE "bot_processed_updates" (
    "update_id" BIGINT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_processed_updates_pkey" PRIMARY KEY ("update_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invites_code_key" ON "invites"("code");

-- CreateIndex
CREATE INDEX "visit_report_posts_status_idx" ON "visit_report_posts"("status");

-- CreateIndex
CREATE INDEX "bot_processed_updates_processed_at_idx" ON "bot_processed_updates"("processed_at");
