// The CRM mirror's SQL: set-based upserts of one page of deals per transaction, so a sync killed half-way
// leaves whole pages behind and the next run completes the rest. Visits the brigades already reported on are
// never touched; a date removed in the CRM removes only a still-planned visit.
import type { PrismaClient } from "../../../../prisma/client.ts";
import type { Database } from "../../../../prisma/client.ts";
import type { Brigade, CrmCompany, CrmStage, MappedHouse } from "./deal-mapping.ts";
import { firstValue, stageSemantic } from "./deal-mapping.ts";

type Tx = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface HouseRow extends MappedHouse {
  companyId: number | null;
  brigadeId: number | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface PageWrite {
  houses: MappedHouse[];
  /** Companies and brigades not yet written in this run (the others are looked up). */
  companies: CrmCompany[];
  brigades: Brigade[];
  contacts: Map<number, { name: string | null; phone: string | null }>;
  /** Months whose planned visits the CRM owns for these houses. */
  months: string[];
  /** Meta written in the same transaction (the resume cursor of a full sync). */
  meta?: { key: string; value: unknown };
}

export async function upsertStages(db: Database, stages: CrmStage[]): Promise<void> {
  if (stages.length === 0) return;
  await db.query(
    `INSERT INTO crm_stages (id, title, sort, semantic)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]::"StageSemantic"[])
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, sort = EXCLUDED.sort, semantic = EXCLUDED.semantic`,
    [stages.map((s) => s.STATUS_ID), stages.map((s) => s.NAME), stages.map((s) => s.SORT), stages.map(stageSemantic)],
  );
}

async function upsertCompanies(tx: Tx, companies: CrmCompany[]): Promise<void> {
  if (companies.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO management_companies (bitrix_id, title, phones, emails, updated_at)
     SELECT b, t, CASE WHEN p IS NULL THEN ARRAY[]::text[] ELSE ARRAY[p] END, CASE WHEN e IS NULL THEN ARRAY[]::text[] ELSE ARRAY[e] END, now()
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS x(b, t, p, e)
     ON CONFLICT (bitrix_id) DO UPDATE SET title = EXCLUDED.title, phones = EXCLUDED.phones, emails = EXCLUDED.emails, updated_at = now()`,
    companies.map((c) => c.ID),
    companies.map((c) => c.TITLE?.trim() || `Компания ${c.ID}`),
    companies.map((c) => firstValue(c.PHONE)),
    companies.map((c) => firstValue(c.EMAIL)),
  );
}

/**
 * Brigades by CRM user. A brigade entered by hand with the same number is linked rather than duplicated;
 * a second user claiming a number already taken keeps the brigade but without a number.
 */
async function upsertBrigades(tx: Tx, brigades: Brigade[]): Promise<void> {
  for (const brigade of brigades) {
    await tx.$executeRawUnsafe(
      `UPDATE brigades SET bitrix_user_id = $1, updated_at = now()
        WHERE number = $2 AND bitrix_user_id IS NULL AND NOT EXISTS (SELECT 1 FROM brigades WHERE bitrix_user_id = $1)`,
      brigade.bitrixUserId,
      brigade.number,
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO brigades (number, name, bitrix_user_id, updated_at)
       VALUES (CASE WHEN EXISTS (SELECT 1 FROM brigades WHERE number = $1) THEN NULL ELSE $1 END, $2, $3, now())
       ON CONFLICT (bitrix_user_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
      brigade.number,
      brigade.name,
      brigade.bitrixUserId,
    );
  }
}

/** Writes one page in one transaction; returns how many houses were new or changed in the CRM. */
export async function writeHousePage(db: Database, page: PageWrite): Promise<{ changed: number }> {
  return db.prisma.$transaction(
    async (tx) => {
      await upsertCompanies(tx, page.companies);
      await upsertBrigades(tx, page.brigades);
      const houses = page.houses;
      const companyIds = await idsBy(
        tx,
        "management_companies",
        "bitrix_id",
        houses.map((h) => h.companyBitrixId),
      );
      const brigadeIds = await idsBy(
        tx,
        "brigades",
        "bitrix_user_id",
        houses.map((h) => h.assignedUserId),
      );
      let changed = 0;
      if (houses.length > 0) {
        const before = await tx.$queryRawUnsafe<{ bitrix_id: number; modified: Date | null; is_archived: boolean }[]>(
          `SELECT bitrix_id, crm_modified_at AS modified, is_archived FROM houses WHERE bitrix_id = ANY($1::int[])`,
          houses.map((h) => h.bitrixId),
        );
        const known = new Map(before.map((row) => [Number(row.bitrix_id), row]));
        changed = houses.filter((h) => {
          const row = known.get(h.bitrixId);
          return !row || row.is_archived || row.modified?.getTime() !== h.crmModifiedAt?.getTime();
        }).length;
        const contact = (h: MappedHouse) => (h.contactId ? page.contacts.get(h.contactId) : undefined);
        const rows = await tx.$queryRawUnsafe<{ id: number; bitrix_id: number }[]>(
          `INSERT INTO houses (bitrix_id, title, address, search_text, latitude, longitude, apartments, entrances, floors,
                               management_company_id, brigade_id, contact_name, contact_phone, tariff, stage_id,
                               crm_modified_at, is_archived, updated_at)
           SELECT x.*, false, now()
             FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::int[],
                         $9::int[], $10::int[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::timestamptz[]) AS x
           ON CONFLICT (bitrix_id) DO UPDATE SET
             title = EXCLUDED.title, address = EXCLUDED.address, search_text = EXCLUDED.search_text,
             latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, apartments = EXCLUDED.apartments,
             entrances = EXCLUDED.entrances, floors = EXCLUDED.floors, management_company_id = EXCLUDED.management_company_id,
             brigade_id = EXCLUDED.brigade_id, contact_name = EXCLUDED.contact_name, contact_phone = EXCLUDED.contact_phone,
             tariff = EXCLUDED.tariff, stage_id = EXCLUDED.stage_id, crm_modified_at = EXCLUDED.crm_modified_at,
             is_archived = false, updated_at = now()
           RETURNING id, bitrix_id`,
          houses.map((h) => h.bitrixId),
          houses.map((h) => h.title),
          houses.map((h) => h.address),
          houses.map((h) => h.searchText),
          houses.map((h) => h.latitude),
          houses.map((h) => h.longitude),
          houses.map((h) => h.apartments),
          houses.map((h) => h.entrances),
          houses.map((h) => h.floors),
          houses.map((h) => (h.companyBitrixId ? (companyIds.get(h.companyBitrixId) ?? null) : null)),
          houses.map((h) => (h.assignedUserId ? (brigadeIds.get(h.assignedUserId) ?? null) : null)),
          houses.map((h) => contact(h)?.name ?? null),
          houses.map((h) => contact(h)?.phone ?? null),
          houses.map((h) => h.tariff),
          houses.map((h) => h.stageId),
          houses.map((h) => h.crmModifiedAt?.toISOString() ?? null),
        );
        const houseIds = new Map(rows.map((row) => [Number(row.bitrix_id), Number(row.id)]));
        const existing = [...known.keys()].map((bitrixId) => houseIds.get(bitrixId)!).filter(Boolean);
        await syncVisits(tx, houses, houseIds, existing, page.months);
      }
      if (page.meta) await setMetaIn(tx, page.meta.key, page.meta.value);
      return { changed };
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

async function idsBy(tx: Tx, table: string, column: string, values: (number | null)[]): Promise<Map<number, number>> {
  const wanted = [...new Set(values.filter((value): value is number => value !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ id: number; key: number }[]>(
    `SELECT id, ${column} AS key FROM ${table} WHERE ${column} = ANY($1::int[])`,
    wanted,
  );
  return new Map(rows.map((row) => [Number(row.key), Number(row.id)]));
}

/** Makes the planned visits of these houses match the CRM; only houses that existed before can have stale ones. */
async function syncVisits(
  tx: Tx,
  houses: MappedHouse[],
  houseIds: Map<number, number>,
  existingHouseIds: number[],
  mapMonths: string[],
): Promise<void> {
  const visits = houses.flatMap((h) => h.visits.map((v) => ({ ...v, houseId: houseIds.get(h.bitrixId)! })));
  const months = [...new Set([...mapMonths, ...visits.map((v) => v.date.slice(0, 7))])];
  const args = [
    visits.map((v) => v.houseId),
    visits.map((v) => v.date),
    visits.map((v) => v.kind),
    visits.map((v) => v.kindText),
  ];
  if (existingHouseIds.length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM cleaning_visits v
        WHERE v.house_id = ANY($5::int[]) AND v.status = 'planned' AND to_char(v.date, 'YYYY-MM') = ANY($6::text[])
          AND NOT EXISTS (
            SELECT 1 FROM unnest($1::int[], $2::date[], $3::text[], $4::text[]) AS d(house_id, date, kind, kind_text)
             WHERE d.house_id = v.house_id AND d.date = v.date AND d.kind = v.kind::text)`,
      ...args,
      existingHouseIds,
      months,
    );
  }
  if (visits.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO cleaning_visits (house_id, date, kind, kind_text, updated_at)
     SELECT house_id, date, kind::"VisitKind", kind_text, now()
       FROM unnest($1::int[], $2::date[], $3::text[], $4::text[]) AS d(house_id, date, kind, kind_text)
     ON CONFLICT (house_id, date, kind) DO UPDATE SET kind_text = EXCLUDED.kind_text, updated_at = now()
      WHERE cleaning_visits.kind_text IS DISTINCT FROM EXCLUDED.kind_text`,
    ...args,
  );
}

/** Archives houses of these deals (deleted, or moved out of the pipeline); their visits stay. */
export async function archiveDeals(db: Database, bitrixIds: number[]): Promise<number> {
  if (bitrixIds.length === 0) return 0;
  const rows = await db.query(
    `UPDATE houses SET is_archived = true, updated_at = now() WHERE bitrix_id = ANY($1::int[]) AND NOT is_archived RETURNING id`,
    [bitrixIds],
  );
  return rows.length;
}

/** Archives every CRM house whose deal is not among `liveIds` (the whole pipeline as just read). */
export async function archiveAllExcept(db: Database, liveIds: number[]): Promise<number> {
  const rows = await db.query(
    `UPDATE houses SET is_archived = true, updated_at = now()
      WHERE bitrix_id IS NOT NULL AND NOT is_archived AND NOT (bitrix_id = ANY($1::int[])) RETURNING id`,
    [liveIds],
  );
  return rows.length;
}

/** Deal ids we hold as live houses. */
export async function liveDealIds(db: Database): Promise<Set<number>> {
  const rows = await db.query<{ bitrix_id: number }>(
    `SELECT bitrix_id FROM houses WHERE bitrix_id IS NOT NULL AND NOT is_archived`,
  );
  return new Set(rows.map((row) => Number(row.bitrix_id)));
}

async function setMetaIn(tx: Tx, key: string, value: unknown): Promise<void> {
  if (value === null) {
    await tx.$executeRawUnsafe(`DELETE FROM app_meta WHERE key = $1`, key);
    return;
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO app_meta (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    key,
    JSON.stringify(value),
  );
}

export async function getMeta<T>(db: Database, key: string): Promise<T | null> {
  const [row] = await db.query<{ value: T }>(`SELECT value FROM app_meta WHERE key = $1`, [key]);
  return row?.value ?? null;
}

/** Sets (or with null, removes) one app_meta value. */
export function setMeta(db: Database, key: string, value: unknown): Promise<void> {
  return setMetaIn(db.prisma, key, value);
}
