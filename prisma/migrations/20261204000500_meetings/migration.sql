-- CreateTable
CREATE TABLE "meetings" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "stopped_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "transcript" TEXT NOT NULL DEFAULT '',
    "summary" JSONB,
    "summary_engine" TEXT,
    "audio_deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meetings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_segments" (
    "id" SERIAL NOT NULL,
    "meeting_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "start_ms" INTEGER NOT NULL,
    "end_ms" INTEGER NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "audio_path" TEXT,
    "audio_format" TEXT NOT NULL,
    "audio_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_action_items" (
    "id" SERIAL NOT NULL,
    "meeting_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "who_label" TEXT,
    "brigade_id" INTEGER,
    "employee_id" INTEGER,
    "when_label" TEXT,
    "due_day" TEXT,
    "remind_at" TIMESTAMPTZ(3),
    "task_id" INTEGER,

    CONSTRAINT "meeting_action_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meetings_created_at_idx" ON "meetings"("created_at");

-- CreateIndex
CREATE INDEX "meeting_segments_status_idx" ON "meeting_segments"("status");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_segments_meeting_id_seq_key" ON "meeting_segments"("meeting_id", "seq");

-- CreateIndex
CREATE INDEX "meeting_action_items_brigade_id_idx" ON "meeting_action_items"("brigade_id");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_action_items_meeting_id_position_key" ON "meeting_action_items"("meeting_id", "position");

-- AddForeignKey
ALTER TABLE "meeting_segments" ADD CONSTRAINT "meeting_segments_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_action_items" ADD CONSTRAINT "meeting_action_items_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Russian full-text search over titles and transcripts (raw SQL: Prisma cannot declare an expression index).
CREATE INDEX "meetings_search_idx" ON "meetings" USING GIN (to_tsvector('russian', "title" || ' ' || "transcript"));
