-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('scheduled', 'sent', 'uncertain', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('message', 'brigade_digest');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('sending', 'sent', 'uncertain', 'failed', 'retry');

-- CreateTable
CREATE TABLE "tasks" (
    "id" SERIAL NOT NULL,
    "kind" "TaskKind" NOT NULL DEFAULT 'message',
    "text" TEXT NOT NULL,
    "target_brigade_id" INTEGER,
    "target_employee_id" INTEGER,
    "target_chat_id" BIGINT,
    "next_run_at" TIMESTAMPTZ(3),
    "cron" TEXT,
    "status" "TaskStatus" NOT NULL DEFAULT 'scheduled',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_run_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER,
    "builtin_key" TEXT,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_deliveries" (
    "id" SERIAL NOT NULL,
    "task_id" INTEGER NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "chat_id" BIGINT,
    "status" "DeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "is_late" BOOLEAN NOT NULL DEFAULT false,
    "message_id" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tasks_builtin_key_key" ON "tasks"("builtin_key");

-- CreateIndex
CREATE INDEX "tasks_status_next_run_at_idx" ON "tasks"("status", "next_run_at");

-- CreateIndex
CREATE INDEX "tasks_created_by_id_idx" ON "tasks"("created_by_id");

-- CreateIndex
CREATE INDEX "tasks_target_brigade_id_idx" ON "tasks"("target_brigade_id");

-- CreateIndex
CREATE INDEX "tasks_target_employee_id_idx" ON "tasks"("target_employee_id");

-- CreateIndex
CREATE UNIQUE INDEX "task_deliveries_task_id_run_at_chat_id_key" ON "task_deliveries"("task_id", "run_at", "chat_id");

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_target_brigade_id_fkey" FOREIGN KEY ("target_brigade_id") REFERENCES "brigades"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_target_employee_id_fkey" FOREIGN KEY ("target_employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_deliveries" ADD CONSTRAINT "task_deliveries_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
