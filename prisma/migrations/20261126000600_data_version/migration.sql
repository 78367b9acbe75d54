-- CreateTable
CREATE TABLE "data_version" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_version_pkey" PRIMARY KEY ("id")
);

-- One row, bumped in the same transaction as any change to the data the read caches hold (houses, visits,
-- brigades, companies, stages). Readers cache an answer under the version they saw before and after computing
-- it, so a cached answer is never older than the last committed change, on any instance.
INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "houses_bump_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "houses"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "cleaning_visits_bump_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cleaning_visits"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "brigades_bump_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "brigades"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "management_companies_bump_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "management_companies"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "crm_stages_bump_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "crm_stages"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
