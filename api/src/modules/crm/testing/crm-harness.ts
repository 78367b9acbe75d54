// One place that builds what the CRM tests need: a migrated database, a fake portal filled with deals and a
// client tuned for speed (high rate, short back-offs) so the whole suite stays fast.
import type { Database } from "../../../../../prisma/client.ts";
import type { ServiceContext } from "../../../lib/context.ts";
import { createTestContext, createTestDatabase } from "../../../testing/test-db.ts";
import { createBitrixClient, type BitrixClient, type BitrixClientOptions } from "../bitrix-client.ts";
import { createCrmSync, type CrmSync } from "../crm-sync.ts";
import { DEFAULT_FIELD_MAP, type FieldMap } from "../field-map.ts";
import { startFakeBitrix24, type FakeBitrix24, type FakeBitrix24Options } from "./fake-bitrix24.ts";
import { seedFakePortal } from "./fake-portal-data.ts";

export interface CrmHarness {
  db: Database;
  ctx: ServiceContext;
  fake: FakeBitrix24;
  client: BitrixClient;
  sync: CrmSync;
  fieldMap: FieldMap;
  close(): Promise<void>;
}

export async function createCrmHarness(
  options: {
    deals?: number;
    fake?: FakeBitrix24Options;
    client?: Partial<BitrixClientOptions>;
    env?: Record<string, string>;
    dealsPerWrite?: number;
  } = {},
): Promise<CrmHarness> {
  const fake = await startFakeBitrix24({ rate: 200, capacity: 50, ...options.fake });
  const fieldMap = DEFAULT_FIELD_MAP;
  seedFakePortal(fake, { deals: options.deals ?? 120, fieldMap });
  const db = await createTestDatabase();
  const ctx = createTestContext(db, { BITRIX24_WEBHOOK_URL: fake.webhookUrl, ...options.env });
  const client = createBitrixClient({
    webhookUrl: fake.webhookUrl,
    rate: 100,
    burst: 20,
    timeoutMs: 2_000,
    backoffBaseMs: 10,
    backoffCapMs: 200,
    ...options.client,
  });
  const sync = createCrmSync({ ctx, client, fieldMap, dealsPerWrite: options.dealsPerWrite });
  return {
    db,
    ctx,
    fake,
    client,
    sync,
    fieldMap,
    async close() {
      await fake.close();
      await db.close();
    },
  };
}
