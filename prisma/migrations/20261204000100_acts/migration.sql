-- CreateEnum
CREATE TYPE "ActStatus" AS ENUM ('draft', 'sent');

-- CreateTable
CREATE TABLE "acts" (
    "id" SERIAL NOT NULL,
    "house_id" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "status" "ActStatus" NOT NULL DEFAULT 'draft',
    "sent_at" TIMESTAMPTZ(3),
    "sent_by_id" INTEGER,
    "sent_totals" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "acts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "acts_month_status_idx" ON "acts"("month", "status");

-- CreateIndex
CREATE UNIQUE INDEX "acts_house_id_month_key" ON "acts"("house_id", "month");

-- AddForeignKey
ALTER TABLE "acts" ADD CONSTRAINT "acts_house_id_fkey" FOREIGN KEY ("house_id") REFERENCES "houses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
