-- AlterTable
ALTER TABLE "cleaning_visits" ADD COLUMN     "document_file_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "visit_report_posts" ADD COLUMN     "sent_parts" INTEGER NOT NULL DEFAULT 0;
