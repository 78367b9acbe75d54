// `npm run sync:crm`: one full Bitrix24 sync by hand (BITRIX24_WEBHOOK_URL, DATABASE_URL or DATA_DIR from the
// environment). Resumes an interrupted full sync; prints what the status endpoint would show.
import { openDatabase } from "../prisma/client.ts";
import { migrateDatabase } from "../prisma/migrate.ts";
import { ConfigError, loadConfig } from "../api/src/config.ts";
import { createLogger } from "../api/src/lib/logger.ts";
import { createBitrixClient } from "../api/src/modules/crm/bitrix-client.ts";
import { createCrmSync } from "../api/src/modules/crm/crm-sync.ts";
import { loadFieldMap } from "../api/src/modules/crm/field-map.ts";
import { systemClock } from "../api/src/lib/clock.ts";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (!config.bitrix.webhookUrl) {
  console.error("BITRIX24_WEBHOOK_URL is not set: there is no CRM to sync from.");
  process.exit(1);
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateDatabase(db);
  const ctx = { db, config, logger: createLogger(config.logLevel), clock: systemClock };
  const client = createBitrixClient({
    webhookUrl: config.bitrix.webhookUrl,
    rate: config.bitrix.rate,
    burst: config.bitrix.burst,
    onRetry: ({ method, attempt, delayMs, reason }) =>
      console.log(`retry ${attempt + 1} of ${method} in ${delayMs} ms: ${reason}`),
  });
  const sync = createCrmSync({ ctx, client, fieldMap: loadFieldMap(config.bitrix.fieldMapPath) });
  const result = await sync.runFullSync();
  console.log(
    `Full sync done in ${(result.durationMs / 1000).toFixed(1)} s: ${result.dealsSeen} deals, ${result.dealsChanged} changed, ` +
      `${result.dealsArchived} archived, ${result.httpCalls} HTTP calls.`,
  );
} catch (error) {
  console.error(`Sync failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
