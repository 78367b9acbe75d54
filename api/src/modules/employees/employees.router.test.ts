import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoTestApp, signInitData, TEST_BOT_TOKEN, type TestApp } from "../../testing/test-app.ts";

describe("employees API", () => {
  let t: TestApp;
  const ADMIN_ID = 424242n;
  let managerId: bigint;

  beforeAll(async () => {
    t = await createDemoTestApp("PGlite", { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN });
    await t.db.prisma.employee.create({ data: { telegramId: ADMIN_ID, name: "Админ", role: "admin" } });
    const manager = await t.db.prisma.employee.findFirstOrThrow({ where: { role: "manager" } });
    managerId = manager.telegramId!;
  });
  afterAll(() => t.close());

  const admin = () => `tma ${signInitData(ADMIN_ID)}`;
  const manager = () => `tma ${signInitData(managerId)}`;

  it("lets an admin add an employee and a manager read the list", async () => {
    const [brigade] = await t.db.prisma.brigade.findMany({ take: 1 });
    const created = await request(t.app)
      .post("/api/employees")
      .set("Authorization", admin())
      .send({ telegramId: "9000000001", name: "Новый уборщик", role: "cleaner", brigadeId: brigade!.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      telegramId: "9000000001",
      role: "cleaner",
      brigade: { id: brigade!.id },
      isActive: true,
    });

    const list = await request(t.app).get("/api/employees").set("Authorization", manager());
    expect(list.status).toBe(200);
    expect(list.body.items.some((e: { telegramId: string }) => e.telegramId === "9000000001")).toBe(true);
  });

  it("refuses changes from a manager and duplicate or incomplete employees", async () => {
    const byManager = await request(t.app)
      .post("/api/employees")
      .set("Authorization", manager())
      .send({ telegramId: 1, name: "X", role: "manager" });
    expect([byManager.status, byManager.body.error.code]).toEqual([403, "forbidden"]);
    const duplicate = await request(t.app)
      .post("/api/employees")
      .set("Authorization", admin())
      .send({ telegramId: "9000000001", name: "Дубль", role: "manager" });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, "duplicate"]);
    const noBrigade = await request(t.app)
      .post("/api/employees")
      .set("Authorization", admin())
      .send({ telegramId: 77, name: "Без бригады", role: "cleaner" });
    expect(noBrigade.body.error.code).toBe("brigade_required");
    const badRole = await request(t.app)
      .post("/api/employees")
      .set("Authorization", admin())
      .send({ telegramId: 78, name: "Роль", role: "boss" });
    expect([badRole.status, badRole.body.error.code]).toEqual([400, "validation_error"]);
    const badJson = await request(t.app)
      .post("/api/employees")
      .set("Authorization", admin())
      .set("Content-Type", "application/json")
      .send("{oops");
    expect([badJson.status, badJson.body.error.code]).toEqual([400, "invalid_json"]);
  });

  it("changes role, brigade and activity; a deactivated employee loses access", async () => {
    const target = await t.db.prisma.employee.findFirstOrThrow({ where: { telegramId: 9000000001n } });
    const deactivated = await request(t.app)
      .patch(`/api/employees/${target.id}`)
      .set("Authorization", admin())
      .send({ isActive: false });
    expect(deactivated.body.isActive).toBe(false);
    const denied = await request(t.app)
      .get("/api/me")
      .set("Authorization", `tma ${signInitData(9000000001n)}`);
    expect(denied.status).toBe(403);
    const promoted = await request(t.app)
      .patch(`/api/employees/${target.id}`)
      .set("Authorization", admin())
      .send({ role: "manager", brigadeId: null, isActive: true });
    expect(promoted.body).toMatchObject({ role: "manager", brigade: null, isActive: true });
    expect(
      (await request(t.app).patch("/api/employees/999999").set("Authorization", admin()).send({ isActive: true }))
        .status,
    ).toBe(404);
    expect(
      (await request(t.app).patch(`/api/employees/${target.id}`).set("Authorization", admin()).send({})).status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .patch(`/api/employees/${target.id}`)
          .set("Authorization", admin())
          .send({ brigadeId: 5555 })
      ).body.error.code,
    ).toBe("unknown_brigade");
  });
});
