import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { createPostgresTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { createEmployee } from "./employees.service.ts";

// PostgreSQL: several connections, so concurrent requests really overlap (PGlite has one).
describe("createEmployee", () => {
  let db: Database;
  let drop: () => Promise<void>;
  let ctx: ServiceContext;
  let admin: Principal;

  beforeAll(async () => {
    ({ db, drop } = await createPostgresTestDatabase());
    ctx = createTestContext(db);
    await db.exec(`INSERT INTO brigades (id, number, name, updated_at) VALUES (1, 1, 'Бригада 1', now())`);
    const row = await db.prisma.employee.create({ data: { name: "Админ", role: "admin", telegramId: 880201n } });
    admin = { employeeId: row.id, telegramId: 880201n, name: row.name, role: "admin", brigadeId: null, isDemo: false };
  });
  afterAll(() => drop?.());

  it("adds one employee when the same person is added several times at once; the rest get a clear duplicate", async () => {
    const input = { telegramId: 880202n, name: "Новенькая", role: "cleaner" as const, brigadeId: 1 };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => createEmployee(ctx, { principal: admin, input })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refusals).toHaveLength(5);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        code: "duplicate",
        status: 409,
        userMessage: expect.stringContaining("Сотрудник с Telegram id 880202 уже есть"),
      });
    }
    expect(await db.prisma.employee.count({ where: { telegramId: 880202n } })).toBe(1);
  });

  it("refuses an unknown brigade with a 400 and stores nothing", async () => {
    const input = { telegramId: 880203n, name: "Без бригады", role: "cleaner" as const, brigadeId: 999 };
    await expect(createEmployee(ctx, { principal: admin, input })).rejects.toMatchObject({
      code: "unknown_brigade",
      status: 400,
    });
    expect(await db.prisma.employee.count({ where: { telegramId: 880203n } })).toBe(0);
  });
});
