import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { createTestContext, createTestDatabase } from "../../testing/test-db.ts";
import { adoptTelegramName, bootstrapAdmins, findActivePrincipalByTelegramId } from "./auth.service.ts";

let db: Database;
let ctx: ServiceContext;

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = createTestContext(db, { ADMIN_TELEGRAM_IDS: "555001" });
  await bootstrapAdmins(ctx);
});

afterAll(async () => {
  await db.close();
});

describe("an admin made from ADMIN_TELEGRAM_IDS", () => {
  it("takes their Telegram name when they first write, and keeps it", async () => {
    const before = (await findActivePrincipalByTelegramId(ctx, 555001n))!;
    expect(before.name).toBe("Администратор 555001");
    const named = await adoptTelegramName(ctx, before, { first_name: "Ирина", last_name: "Захарова" });
    expect(named.name).toBe("Ирина Захарова");
    expect((await findActivePrincipalByTelegramId(ctx, 555001n))!.name).toBe("Ирина Захарова");

    // A later Telegram name or a restart with the same ADMIN_TELEGRAM_IDS does not overwrite it.
    await bootstrapAdmins(ctx);
    const again = (await findActivePrincipalByTelegramId(ctx, 555001n))!;
    expect((await adoptTelegramName(ctx, again, { first_name: "Ira" })).name).toBe("Ирина Захарова");
  });
});
