import type { Database, SqlSession } from "../client.ts";
import { seedDemoDocuments } from "./documents.ts";
import { generateDemoCompany, type DemoCompany, type DemoOptions } from "./generate.ts";

const DEMO_META_KEY = "demo_seeded";
const CHUNK = 20_000;

/**
 * Writes a demo company into an empty database in one transaction (all or nothing). Bulk inserts go through
 * `unnest` arrays: one parameter per column whatever the row count, on PGlite and PostgreSQL alike.
 */
export async function seedDemoCompany(
  db: Database,
  options: DemoOptions & { at?: Date },
): Promise<{ houses: number; visits: number; documents: number }> {
  const company = generateDemoCompany(options);
  await db.withSession(async (session) => {
    await session.exec("BEGIN");
    try {
      await insertCompany(session, company);
      await session.query(
        `INSERT INTO app_meta (key, value, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [
          DEMO_META_KEY,
          JSON.stringify({ seed: options.seed, today: options.today, at: options.at?.toISOString() ?? null }),
        ],
      );
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK");
      throw error;
    }
  });
  const documents = await seedDemoDocuments(db, { at: options.at ?? new Date(`${options.today}T06:00:00Z`) });
  return { houses: company.houses.length, visits: company.visits.length, documents };
}

async function insertCompany(session: SqlSession, company: DemoCompany) {
  const ids = async (sql: string, params: unknown[]) =>
    (await session.query<{ id: number }>(sql, params)).map((row) => row.id);
  await session.query(
    `INSERT INTO crm_stages (id, title, sort, semantic)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]::"StageSemantic"[]) ON CONFLICT (id) DO NOTHING`,
    [
      company.stages.map((s) => s.id),
      company.stages.map((s) => s.title),
      company.stages.map((s) => s.sort),
      company.stages.map((s) => s.semantic),
    ],
  );
  const brigadeIds = await ids(
    `INSERT INTO brigades (number, name, updated_at) SELECT n, name, now() FROM unnest($1::int[], $2::text[]) AS t(n, name)
     ORDER BY n RETURNING id`,
    [company.brigades.map((b) => b.number), company.brigades.map((b) => b.name)],
  );
  const companyIds: number[] = [];
  for (const mc of company.managementCompanies) {
    companyIds.push(
      ...(await ids(
        `INSERT INTO management_companies (title, phones, emails, updated_at) VALUES ($1, $2, $3, now()) RETURNING id`,
        [mc.title, mc.phones, mc.emails],
      )),
    );
  }
  const h = company.houses;
  const houseIds = await ids(
    `INSERT INTO houses (bitrix_id, title, address, search_text, latitude, longitude, apartments, entrances, floors,
                         management_company_id, brigade_id, contact_name, contact_phone, tariff, stage_id, updated_at)
     SELECT *, now() FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::int[],
                                 $9::int[], $10::int[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[])
     WITH ORDINALITY AS t(a, b, c, d, e, f, g, hh, i, j, k, l, m, n, o, ord) ORDER BY ord RETURNING id`.replace(
      "SELECT *, now()",
      "SELECT a, b, c, d, e, f, g, hh, i, j, k, l, m, n, o, now()",
    ),
    [
      h.map((x) => x.bitrixId),
      h.map((x) => x.title),
      h.map((x) => x.address),
      h.map((x) => x.searchText),
      h.map((x) => x.latitude),
      h.map((x) => x.longitude),
      h.map((x) => x.apartments),
      h.map((x) => x.entrances),
      h.map((x) => x.floors),
      h.map((x) => companyIds[x.managementCompanyIndex]),
      h.map((x) => brigadeIds[x.brigadeIndex]),
      h.map((x) => x.contactName),
      h.map((x) => x.contactPhone),
      h.map((x) => x.tariff),
      h.map((x) => x.stageId),
    ],
  );
  const e = company.employees;
  // No telegram_id: demo employees can be opened in the demo session, never by a real Telegram account.
  const employeeIds = await ids(
    `INSERT INTO employees (name, role, brigade_id, updated_at)
     SELECT a, b, c, now() FROM unnest($1::text[], $2::text[]::"Role"[], $3::int[]) WITH ORDINALITY AS t(a, b, c, ord)
     ORDER BY ord RETURNING id`,
    [
      e.map((x) => x.name),
      e.map((x) => x.role),
      e.map((x) => (x.brigadeIndex === null ? null : brigadeIds[x.brigadeIndex])),
    ],
  );
  for (let start = 0; start < company.visits.length; start += CHUNK) {
    const v = company.visits.slice(start, start + CHUNK);
    const reporter = (x: (typeof v)[number]) => (x.reporterIndex === null ? null : employeeIds[x.reporterIndex]);
    await session.query(
      `INSERT INTO cleaning_visits (house_id, date, kind, status, started_at, started_by_id, finished_at, finished_by_id, photos, updated_at)
       SELECT a, b, c, d, e, f, g, h, CASE WHEN i = '' THEN ARRAY[]::text[] ELSE string_to_array(i, ',') END, now()
         FROM unnest($1::int[], $2::date[], $3::text[]::"VisitKind"[], $4::text[]::"VisitStatus"[], $5::timestamptz[], $6::int[], $7::timestamptz[], $8::int[], $9::text[])
           AS t(a, b, c, d, e, f, g, h, i)`,
      [
        v.map((x) => houseIds[x.houseIndex]),
        v.map((x) => x.date),
        v.map((x) => x.kind),
        v.map((x) => x.status),
        v.map((x) => x.startedAt?.toISOString() ?? null),
        v.map(reporter),
        v.map((x) => x.finishedAt?.toISOString() ?? null),
        v.map((x) => (x.finishedAt ? reporter(x) : null)),
        v.map((x) => x.photos.join(",")),
      ],
    );
  }
}

/** Demo seeds before DEMO_VERSION 4 gave the employees Telegram ids from here on, in the generator's order. */
const LEGACY_TELEGRAM_ID_BASE = 7_000_000_000n;

/**
 * Unbinds the Telegram ids older demo seeds gave their employees (7000000000, 7000000001, ...): real accounts may
 * hold them and would log in as a demo manager. Only rows that are exactly the seeded ones (the id at its place in
 * the generator's list, with that name) change. Returns how many.
 */
export async function unbindLegacyDemoTelegramIds(db: Database): Promise<number> {
  const [meta] = await db.query<{ value: { seed?: number; today?: string } }>(
    `SELECT value FROM app_meta WHERE key = $1`,
    [DEMO_META_KEY],
  );
  if (typeof meta?.value?.seed !== "number" || !meta.value.today) return 0;
  const { employees } = generateDemoCompany({ seed: meta.value.seed, today: meta.value.today });
  const rows = await db.query(
    `UPDATE employees e SET telegram_id = NULL, updated_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS legacy(telegram_id, name)
      WHERE e.telegram_id = legacy.telegram_id AND e.name = legacy.name
      RETURNING e.id`,
    [
      employees.map((_, index) => (LEGACY_TELEGRAM_ID_BASE + BigInt(index)).toString()),
      employees.map((employee) => employee.name),
    ],
  );
  return rows.length;
}

/** Whether this database was ever seeded with demo data, or already holds houses of its own. */
export async function hasAnyData(db: Database): Promise<boolean> {
  const [meta] = await db.query(`SELECT 1 FROM app_meta WHERE key = $1`, [DEMO_META_KEY]);
  if (meta) return true;
  const [house] = await db.query(`SELECT 1 FROM houses LIMIT 1`);
  return Boolean(house);
}
