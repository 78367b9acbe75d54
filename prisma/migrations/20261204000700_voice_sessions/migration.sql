-- CreateTable
CREATE TABLE "voice_sessions" (
    "id" TEXT NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "tools" TEXT[],
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "ticket_hash" TEXT,
    "ticket_expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "voice_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "voice_sessions_employee_id_idx" ON "voice_sessions"("employee_id");
