import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { createInvite, redeemInvite } from "./invites.service.ts";

describe("invites", () => {
  let db: Database;
  let drop: () => Promise<void>;
  let ctx: ServiceContext;
  let admin: Principal;

  beforeAll(async () => {
    ({ db, drop } = await createPostgresTestDatabase());
    ctx = createTestContext(db);
    await db.exec(`INSERT INTO brigades (id, number, name, updated_at) VALUES (1, 1, 'Бригада 1', now())`);
    const row = await db.prisma.employee.create({ data: { name: "Админ", role: "admin", telegramId: 880101n } });
    admin = { employeeId: row.id, telegramId: 880101n, name: row.name, role: "admin", brigadeId: null, isDemo: false };
  });
  afterAll(() => drop?.());

  it("binds a newcomer with the invite's role and brigade", async () => {
    const invite = await createInvite(ctx, { principal: admin, role: "cleaner", brigadeId: 1 });
    const employee = await redeemInvite(ctx, { code: invite.code, telegramId: 880102n, name: "Новенькая" });
    expect(employee).toMatchObject({ role: "cleaner", brigadeId: 1, isActive: true });
  });

  it("does not demote an admin who opens a cleaner's link, and leaves the link for its person", async () => {
    const invite = await createInvite(ctx, { principal: admin, role: "cleaner", brigadeId: 1 });
    await expect(redeemInvite(ctx, { code: invite.code, telegramId: 880101n, name: "Админ" })).rejects.toMatchObject({
      code: "invite_admin_kept",
      status: 409,
    });
    expect(await db.prisma.employee.findUniqueOrThrow({ where: { telegramId: 880101n } })).toMatchObject({
      role: "admin",
      brigadeId: null,
    });
    const meant = await redeemInvite(ctx, { code: invite.code, telegramId: 880103n, name: "Уборщица" });
    expect(meant.role).toBe("cleaner");
  });
});
