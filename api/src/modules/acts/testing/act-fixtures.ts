// A small company for act tests: two management companies, three houses, two brigades and November 2026's
// visits with every status (done with and without photos, missed, unreported, still planned).
import type { Database } from "../../../../../prisma/client.ts";
import { fixedClock } from "../../../lib/clock.ts";
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { createTestContext } from "../../../testing/test-db.ts";

/** 3 December 2026, 12:00 in Moscow: November is the "last month". */
export const ACTS_NOW = "2026-12-03T09:00:00Z";

export const MANAGER: Principal = {
  employeeId: 10,
  telegramId: 700100n,
  name: "Светлана",
  role: "manager",
  brigadeId: null,
  isDemo: false,
};
export const LEAD_1: Principal = {
  employeeId: 11,
  telegramId: 700101n,
  name: "Пётр Бригадиров",
  role: "brigade_lead",
  brigadeId: 1,
  isDemo: false,
};
export const CLEANER_2: Principal = {
  employeeId: 12,
  telegramId: 700102n,
  name: "Анна Уборщикова",
  role: "cleaner",
  brigadeId: 2,
  isDemo: false,
};

/** The test context with the clock pinned at `at` (ACTS_NOW by default). */
export function actsContext(db: Database, env: Record<string, string> = {}, at: string = ACTS_NOW): ServiceContext {
  return { ...createTestContext(db, env), clock: fixedClock(at) };
}

/**
 * House 1 «Билибина 6» (УК «Восход», brigade 1, 1 200 ₽ за уборку): 4 visits in November — done 03.11 with
 * photos, done 10.11 without photos, missed 17.11, done 24.11, finished after midnight (25.11 00:20 Moscow).
 * House 2 «Ленина 3» (УК «Восход», brigade 2, 15 000 ₽/мес): done 05.11 only. House 3 «Кирова 1» (УК «Заря»,
 * brigade 1, 2.4 ₽/м²): no November visits.
 */
export async function seedActCompany(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO brigades (id, number, name, updated_at) VALUES (1, 1, 'Бригада 1', now()), (2, 2, 'Бригада 2', now());
    INSERT INTO management_companies (id, title, updated_at) VALUES (1, 'УК «Восход»', now()), (2, 'УК «Заря»', now());
    INSERT INTO employees (id, name, role, brigade_id, telegram_id, updated_at) VALUES
      (10, 'Светлана', 'manager', NULL, 700100, now()),
      (11, 'Пётр Бригадиров', 'brigade_lead', 1, 700101, now()),
      (12, 'Анна Уборщикова', 'cleaner', 2, 700102, now());
    INSERT INTO houses (id, title, address, apartments, entrances, floors, management_company_id, brigade_id, tariff, updated_at) VALUES
      (1, 'Б6', 'ул. Билибина, 6', 120, 4, 9, 1, 1, '1200 ₽ за уборку', now()),
      (2, 'Л3', 'ул. Ленина, 3', 60, 2, 5, 1, 2, '15000', now()),
      (3, 'К1', 'ул. Кирова, 1', 40, 1, 5, 2, 1, '2.4 ₽/м²', now());
    SELECT setval('houses_id_seq', 10);
    INSERT INTO cleaning_visits (id, house_id, date, kind, status, started_at, started_by_id, finished_at, finished_by_id, photos, updated_at) VALUES
      (101, 1, '2026-11-03', 'wet_all_floors', 'done', '2026-11-03T06:10:00Z', 11, '2026-11-03T07:35:00Z', 11, ARRAY['file-a', 'file-b'], now()),
      (102, 1, '2026-11-10', 'sweep_all_floors', 'done', '2026-11-10T06:00:00Z', 11, '2026-11-10T07:00:00Z', 11, '{}', now()),
      (103, 1, '2026-11-17', 'wet_all_floors', 'missed', NULL, NULL, NULL, NULL, '{}', now()),
      (104, 1, '2026-11-24', 'wet_first_floor', 'done', '2026-11-24T19:00:00Z', 11, '2026-11-24T21:20:00Z', 11, ARRAY['file-c'], now()),
      (105, 2, '2026-11-05', 'wet_all_floors', 'done', '2026-11-05T06:00:00Z', 12, '2026-11-05T08:05:00Z', 12, ARRAY['file-d'], now()),
      (106, 2, '2026-12-08', 'wet_all_floors', 'planned', NULL, NULL, NULL, NULL, '{}', now()),
      (107, 2, '2026-12-01', 'wet_all_floors', 'planned', NULL, NULL, NULL, NULL, '{}', now());
    SELECT setval('cleaning_visits_id_seq', 200);`);
}
