-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'manager', 'brigade_lead', 'cleaner');

-- CreateEnum
CREATE TYPE "VisitKind" AS ENUM ('wet_all_floors', 'sweep_all_floors', 'wet_first_floor', 'other');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('planned', 'in_progress', 'done', 'missed');

-- CreateEnum
CREATE TYPE "StageSemantic" AS ENUM ('open', 'won', 'lost');

-- CreateTable
CREATE TABLE "brigades" (
    "id" SERIAL NOT NULL,
    "number" INTEGER,
    "name" TEXT NOT NULL,
    "bitrix_user_id" INTEGER,
    "chat_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "brigades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "management_companies" (
    "id" SERIAL NOT NULL,
    "bitrix_id" INTEGER,
    "title" TEXT NOT NULL,
    "phones" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "management_companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_stages" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sort" INTEGER NOT NULL DEFAULT 0,
    "semantic" "StageSemantic" NOT NULL DEFAULT 'open',

    CONSTRAINT "crm_stages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "houses" (
    "id" SERIAL NOT NULL,
    "bitrix_id" INTEGER,
    "title" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "search_text" TEXT NOT NULL DEFAULT '',
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "apartments" INTEGER,
    "entrances" INTEGER,
    "floors" INTEGER,
    "management_company_id" INTEGER,
    "brigade_id" INTEGER,
    "contact_name" TEXT,
    "contact_phone" TEXT,
    "tariff" TEXT,
    "stage_id" TEXT,
    "is_archived" BOOLEAN NOT NULL DEFAULT false,
    "crm_modified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "houses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employees" (
    "id" SERIAL NOT NULL,
    "telegram_id" BIGINT,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "brigade_id" INTEGER,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "employees_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cleaning_visits" (
    "id" SERIAL NOT NULL,
    "house_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "kind" "VisitKind" NOT NULL,
    "kind_text" TEXT,
    "status" "VisitStatus" NOT NULL DEFAULT 'planned',
    "started_at" TIMESTAMPTZ(3),
    "started_by_id" INTEGER,
    "finished_at" TIMESTAMPTZ(3),
    "finished_by_id" INTEGER,
    "note" TEXT,
    "photos" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cleaning_visits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_meta" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_meta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "brigades_number_key" ON "brigades"("number");

-- CreateIndex
CREATE UNIQUE INDEX "brigades_bitrix_user_id_key" ON "brigades"("bitrix_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "management_companies_bitrix_id_key" ON "management_companies"("bitrix_id");

-- CreateIndex
CREATE UNIQUE INDEX "houses_bitrix_id_key" ON "houses"("bitrix_id");

-- CreateIndex
CREATE INDEX "houses_brigade_id_idx" ON "houses"("brigade_id");

-- CreateIndex
CREATE INDEX "houses_management_company_id_idx" ON "houses"("management_company_id");

-- CreateIndex
CREATE INDEX "houses_stage_id_idx" ON "houses"("stage_id");

-- CreateIndex
CREATE INDEX "houses_address_id_idx" ON "houses"("address", "id");

-- CreateIndex
CREATE UNIQUE INDEX "employees_telegram_id_key" ON "employees"("telegram_id");

-- CreateIndex
CREATE INDEX "cleaning_visits_date_status_idx" ON "cleaning_visits"("date", "status");

-- CreateIndex
CREATE UNIQUE INDEX "cleaning_visits_house_id_date_kind_key" ON "cleaning_visits"("house_id", "date", "kind");

-- AddForeignKey
ALTER TABLE "houses" ADD CONSTRAINT "houses_management_company_id_fkey" FOREIGN KEY ("management_company_id") REFERENCES "management_companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "houses" ADD CONSTRAINT "houses_brigade_id_fkey" FOREIGN KEY ("brigade_id") REFERENCES "brigades"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "houses" ADD CONSTRAINT "houses_stage_id_fkey" FOREIGN KEY ("stage_id") REFERENCES "crm_stages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employees" ADD CONSTRAINT "employees_brigade_id_fkey" FOREIGN KEY ("brigade_id") REFERENCES "brigades"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cleaning_visits" ADD CONSTRAINT "cleaning_visits_house_id_fkey" FOREIGN KEY ("house_id") REFERENCES "houses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cleaning_visits" ADD CONSTRAINT "cleaning_visits_started_by_id_fkey" FOREIGN KEY ("started_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cleaning_visits" ADD CONSTRAINT "cleaning_visits_finished_by_id_fkey" FOREIGN KEY ("finished_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;
