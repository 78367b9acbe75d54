import { afterEach, describe, expect, it } from "vitest";
import { computePeriodicity } from "../schedule/periodicity.ts";
import { parseAddress } from "./deal-mapping.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { createBitrixClient } from "./bitrix-client.ts";
import { createCrmSync } from "./crm-sync.ts";
import { DEFAULT_FIELD_MAP } from "./field-map.ts";
import { startFakeBitrix24 } from "./testing/fake-bitrix24.ts";
import { seedFakePortal } from "./testing/fake-portal-data.ts";
import { createCrmHarness, type CrmHarness } from "./testing/crm-harness.ts";

let harness: CrmHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface HouseRow {
  bitrix_id: number;
  title: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  apartments: number | null;
  company: string | null;
  brigade: number | null;
  contact_name: string | null;
  stage_id: string | null;
  is_archived: boolean;
}

async function housesByDeal(h: CrmHarness) {
  const rows = await h.db.query<HouseRow>(
    `SELECT h.bitrix_id, h.title, h.address, h.latitude, h.longitude, h.apartments, mc.title AS company, b.number AS brigade,
            h.contact_name, h.stage_id, h.is_archived
       FROM houses h LEFT JOIN management_companies mc ON mc.id = h.management_company_id LEFT JOIN brigades b ON b.id = h.brigade_id`,
  );
  return new Map(rows.map((row) => [Number(row.bitrix_id), row]));
}

async function visitsByDeal(h: CrmHarness) {
  const rows = await h.db.query<{ bitrix_id: number; date: string; kind: string; status: string }>(
    `SELECT h.bitrix_id, to_char(v.date, 'YYYY-MM-DD') AS date, v.kind::text AS kind, v.status::text AS status
       FROM cleaning_visits v JOIN houses h ON h.id = v.house_id ORDER BY v.date, v.kind`,
  );
  const out = new Map<number, { date: string; kind: string; status: string }[]>();
  for (const row of rows) out.set(Number(row.bitrix_id), [...(out.get(Number(row.bitrix_id)) ?? []), row]);
  return out;
}

const pipeline = (h: CrmHarness) => [...h.fake.deals.values()].filter((deal) => deal.CATEGORY_ID === "34");

describe("full sync", () => {
  it("mirrors every deal of the pipeline with its company, brigade, resident, coordinates and visits", async () => {
    harness = await createCrmHarness({ deals: 200 });
    const h = harness;
    const result = await h.sync.runFullSync();
    const deals = pipeline(h);
    expect(result).toMatchObject({
      kind: "full",
      dealsSeen: deals.length,
      dealsChanged: deals.length,
      dealsArchived: 0,
    });
    // 200 deals: a handful of batch requests, not one per page or per deal.
    expect(result.httpCalls).toBeLessThanOrEqual(4);

    const houses = await housesByDeal(h);
    const visits = await visitsByDeal(h);
    expect(houses.size).toBe(deals.length);
    for (const deal of deals) {
      const house = houses.get(Number(deal.ID))!;
      const raw = String(deal.UF_CRM_1669561599956 ?? "");
      const parsed = parseAddress(raw || String(deal.TITLE));
      expect(house.address).toBe(parsed.address);
      expect(house.latitude).toBe(parsed.latitude);
      expect(house.longitude).toBe(parsed.longitude);
      expect(house.apartments).toBe(Number(deal.UF_CRM_1669704529022));
      expect(house.company).toBe(h.fake.companies.get(Number(deal.COMPANY_ID))!.TITLE);
      const user = h.fake.users.get(Number(deal.ASSIGNED_BY_ID))!;
      const number = /(\d{1,2})/.exec(`${String(user.NAME)} ${String(user.LAST_NAME)}`)?.[1];
      const isBrigade = `${String(user.NAME)} ${String(user.LAST_NAME)}`.toLowerCase().includes("бригад");
      expect(house.brigade).toBe(isBrigade && number ? Number(number) : null);
      const contact = h.fake.contacts.get(Number(deal.CONTACT_ID));
      expect(house.contact_name).toBe(contact ? `${String(contact.NAME)} ${String(contact.LAST_NAME)}` : null);
      expect(house.stage_id).toBe(deal.STAGE_ID);
      const expectedDates = [...(deal.UF_CRM_1741592774017 as string[]), ...(deal.UF_CRM_1741592892232 as string[])]
        .map((d) => d.slice(0, 10))
        .sort();
      expect((visits.get(Number(deal.ID)) ?? []).map((v) => v.date).sort()).toEqual(expectedDates);
    }
    // Periodicity follows from the imported kinds: the first period is always wet cleaning of all floors.
    const sample = pipeline(h).find((deal) => deal.UF_CRM_1741592945060 === "102")!;
    const labels = computePeriodicity(
      (visits.get(Number(sample.ID)) ?? []).map((v) => ({ date: v.date, kind: v.kind as never })),
    );
    expect(labels).toBe("2 раза + подметание 2 раза");
    const [brigades] = await h.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM brigades WHERE bitrix_user_id IS NOT NULL`,
    );
    expect(brigades!.count).toBe(8);
  });

  it("is idempotent: a second full sync changes nothing and duplicates nothing", async () => {
    harness = await createCrmHarness({ deals: 120 });
    await harness.sync.runFullSync();
    const [before] = await harness.db.query<{ houses: number; visits: number }>(
      `SELECT (SELECT count(*)::int FROM houses) AS houses, (SELECT count(*)::int FROM cleaning_visits) AS visits`,
    );
    const again = await harness.sync.runFullSync();
    const [after] = await harness.db.query<{ houses: number; visits: number }>(
      `SELECT (SELECT count(*)::int FROM houses) AS houses, (SELECT count(*)::int FROM cleaning_visits) AS visits`,
    );
    expect(after).toEqual(before);
    expect(again.dealsChanged).toBe(0);
  });
});

describe("incremental sync", () => {
  it("picks up a change, a deletion and a move out of the pipeline, and keeps reported visits", async () => {
    harness = await createCrmHarness({ deals: 120 });
    const h = harness;
    await h.sync.runFullSync();
    const [changedDeal, deletedDeal, movedDeal] = pipeline(h);
    const changedId = Number(changedDeal!.ID);
    // The brigade already reported one of the dates the CRM is about to drop, and one it keeps.
    const [dropped, kept] = changedDeal!.UF_CRM_1741592774017 as string[];
    await h.db.query(
      `UPDATE cleaning_visits SET status = 'done' WHERE house_id = (SELECT id FROM houses WHERE bitrix_id = $1) AND date = $2::date`,
      [changedId, dropped!.slice(0, 10)],
    );
    h.fake.updateDeal(changedId, {
      TITLE: "улица Новая, 1",
      UF_CRM_1669561599956: "Калуга, улица Новая, 1|54.5;36.25|9",
      UF_CRM_1741592774017: [kept],
      UF_CRM_1741592892232: [],
    });
    h.fake.deleteDeal(Number(deletedDeal!.ID));
    h.fake.updateDeal(Number(movedDeal!.ID), { CATEGORY_ID: "0", STAGE_ID: "NEW" });
    const added = h.fake.addDeal({
      ...changedDeal,
      ID: undefined,
      CATEGORY_ID: "34",
      TITLE: "улица Свежая, 2",
      UF_CRM_1669561599956: "",
    });

    const result = await h.sync.runIncrementalSync();
    expect(result).toMatchObject({ kind: "incremental", dealsChanged: 2, dealsArchived: 2 });
    expect(result.httpCalls).toBeLessThanOrEqual(3);
    const houses = await housesByDeal(h);
    expect(houses.get(changedId)).toMatchObject({
      address: "Калуга, улица Новая, 1",
      latitude: 54.5,
      longitude: 36.25,
      is_archived: false,
    });
    expect(houses.get(Number(deletedDeal!.ID))!.is_archived).toBe(true);
    expect(houses.get(Number(movedDeal!.ID))!.is_archived).toBe(true);
    expect(houses.get(added)).toMatchObject({ address: "улица Свежая, 2", is_archived: false });
    const visits = await visitsByDeal(h);
    expect(visits.get(changedId)!.map((v) => [v.date, v.status])).toEqual([
      [dropped!.slice(0, 10), "done"],
      [kept!.slice(0, 10), "planned"],
    ]);
    // Archived houses keep their history.
    expect(visits.get(Number(deletedDeal!.ID))!.length).toBeGreaterThan(0);
  });
});

describe("resilience", () => {
  it("completes under 30% 503s, a 429 window and timeouts with nothing lost or duplicated", async () => {
    harness = await createCrmHarness({ deals: 250, client: { maxAttempts: 30, timeoutMs: 150 } });
    const h = harness;
    Object.assign(h.fake.faults, {
      queryLimitRate: 0.3,
      serverErrorRate: 0.05,
      timeoutRate: 0.1,
      timeoutMs: 400,
      operationLimitUntil: Date.now() + 300,
    });
    const result = await h.sync.runFullSync();
    expect(h.client.stats.retries).toBeGreaterThan(0);
    expect(h.fake.stats.rejected).toBeGreaterThan(0);
    const deals = pipeline(h);
    expect(result.dealsSeen).toBe(deals.length);
    const [counts] = await h.db.query<{ houses: number; distinct_deals: number; visits: number }>(
      `SELECT count(*)::int AS houses, count(DISTINCT bitrix_id)::int AS distinct_deals, (SELECT count(*)::int FROM cleaning_visits) AS visits FROM houses`,
    );
    const expectedVisits = deals.reduce(
      (sum, deal) =>
        sum + new Set([...(deal.UF_CRM_1741592774017 as string[]), ...(deal.UF_CRM_1741592892232 as string[])]).size,
      0,
    );
    expect(counts).toEqual({ houses: deals.length, distinct_deals: deals.length, visits: expectedVisits });
  });

  it("resumes a full sync killed half-way and archives what was deleted meanwhile", async () => {
    harness = await createCrmHarness({ deals: 300, dealsPerWrite: 50 });
    const h = harness;
    const prisma = h.db.prisma as unknown as { $transaction: (...args: unknown[]) => Promise<unknown> };
    const original = prisma.$transaction.bind(prisma);
    let writes = 0;
    prisma.$transaction = (...args: unknown[]) => {
      writes += 1;
      if (writes === 3) return Promise.reject(new Error("process killed"));
      return original(...args);
    };
    await expect(h.sync.runFullSync()).rejects.toThrow("process killed");
    prisma.$transaction = original;
    const [partial] = await h.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM houses`);
    expect(partial!.count).toBe(100);

    const early = pipeline(h)[0]!;
    h.fake.deleteDeal(Number(early.ID));
    const resumed = await h.sync.runIncrementalSync();
    expect(resumed.kind).toBe("full");
    const deals = pipeline(h);
    expect(resumed.dealsSeen).toBe(deals.length - 99);
    const houses = await housesByDeal(h);
    expect([...houses.values()].filter((house) => !house.is_archived).length).toBe(deals.length);
    expect(houses.get(Number(early.ID))!.is_archived).toBe(true);
    const status = await h.db.query<{ status: string }>(`SELECT status FROM crm_sync_runs ORDER BY id`);
    expect(status.map((row) => row.status)).toEqual(["failed", "ok"]);
  });
});

describe("several instances on one PostgreSQL", () => {
  it("lets one instance sync at a time: the other skips its scheduled turn", async () => {
    const fake = await startFakeBitrix24({ rate: 200, latencyMs: 30 });
    seedFakePortal(fake, { deals: 100, fieldMap: DEFAULT_FIELD_MAP });
    const pg = await createPostgresTestDatabase();
    try {
      const ctx = createTestContext(pg.db, { BITRIX24_WEBHOOK_URL: fake.webhookUrl });
      const instance = () =>
        createCrmSync({
          ctx,
          client: createBitrixClient({ webhookUrl: fake.webhookUrl, rate: 100, burst: 20 }),
          fieldMap: DEFAULT_FIELD_MAP,
        });
      const [first, second] = await Promise.all([instance().runFullSync(), instance().runFullSync()]);
      expect([first.isSkipped ?? false, second.isSkipped ?? false].sort()).toEqual([false, true]);
      const [row] = await pg.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM houses`);
      expect(row!.count).toBe(pipeline({ fake } as CrmHarness).length);
    } finally {
      await pg.drop();
      await fake.close();
    }
  });
});
