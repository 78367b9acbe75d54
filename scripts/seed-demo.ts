// `npm run seed:demo`: fills an EMPTY database with the demo company. The embedded database is seeded on first
// start anyway; this is the explicit way to put demo data into a DATABASE_URL database (a staging server).
import { openDatabase } from "../prisma/client.ts";
import { hasAnyData, seedDemoCompany } from "../prisma/demo/seed.ts";
import { migrateDatabase } from "../prisma/migrate.ts";
import { loadConfig } from "../api/src/config.ts";
import { today } from "../api/src/lib/dates.ts";
import { systemClock } from "../api/src/lib/clock.ts";

const config = loadConfig();
if (config.isProduction) {
  console.error("Refusing to seed demo data with NODE_ENV=production.");
  process.exit(1);
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateDatabase(db);
  if (await hasAnyData(db)) {
    console.error("The database already has houses or demo data; nothing was changed.");
    process.exitCode = 1;
  } else {
    const result = await seedDemoCompany(db, {
      seed: config.demo.seed,
      today: today(config.timeZone, systemClock.now()),
      at: systemClock.now(),
    });
    console.log(`Seeded ${result.houses} houses and ${result.visits} visits (seed ${config.demo.seed}).`);
  }
} finally {
  await db.close();
}
