import { createHmac } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoTestApp, signInitData, TEST_BOT_TOKEN, type TestApp } from "../../testing/test-app.ts";
import { TEST_NOW } from "../../testing/test-db.ts";

/** initData as older Telegram clients send it: hash only, no third-party `signature` field. */
function signWithoutSignature(userId: string, authDate: Date): string {
  const fields = {
    auth_date: String(Math.floor(authDate.getTime() / 1000)),
    query_id: "AAH-old",
    user: JSON.stringify({ id: Number(userId), first_name: "Старый" }),
  };
  const checkString = Object.entries(fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(TEST_BOT_TOKEN).digest();
  const hash = createHmac("sha256", secret).update(checkString).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

describe("Telegram initData authentication", () => {
  let t: TestApp;
  let cleaner: { telegram_id: string; brigade_id: number };
  let manager: { telegram_id: string };

  beforeAll(async () => {
    t = await createDemoTestApp("PGlite", { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, INIT_DATA_MAX_AGE: "3600" });
    [cleaner] = (await t.db.query(
      `SELECT telegram_id::text, brigade_id FROM employees WHERE role = 'cleaner' ORDER BY id LIMIT 1`,
    )) as [typeof cleaner];
    [manager] = (await t.db.query(
      `SELECT telegram_id::text FROM employees WHERE role = 'manager' ORDER BY id LIMIT 1`,
    )) as [typeof manager];
  });
  afterAll(() => t.close());

  const as = (initData: string) => (url: string) => request(t.app).get(url).set("Authorization", `tma ${initData}`);

  it("accepts a valid initData of a known employee", async () => {
    const res = await as(signInitData(BigInt(manager.telegram_id)))("/api/me");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: "manager", isDemo: false });
  });

  it("rejects a forged signature, an expired auth_date, an unknown user and a missing header", async () => {
    const forged = signInitData(BigInt(manager.telegram_id), { token: "999:another-bot" });
    expect((await as(forged)("/api/me")).body.error.code).toBe("init_data_invalid");
    const tampered = signInitData(BigInt(cleaner.telegram_id)).replace(cleaner.telegram_id, manager.telegram_id);
    expect((await as(tampered)("/api/me")).status).toBe(401);
    const expired = signInitData(BigInt(manager.telegram_id), {
      authDate: new Date(TEST_NOW.getTime() - 2 * 3600_000),
    });
    const expiredRes = await as(expired)("/api/me");
    expect([expiredRes.status, expiredRes.body.error.code]).toEqual([401, "init_data_expired"]);
    const unknown = await as(signInitData(555))("/api/me");
    expect([unknown.status, unknown.body.error.code]).toEqual([403, "unknown_user"]);
    expect(unknown.body.error.message).toContain("555");
    const missing = await request(t.app).get("/api/cleaning/houses");
    expect([missing.status, missing.body.error.code]).toEqual([401, "unauthorized"]);
  });

  it("judges auth_date by the service clock and accepts valid initData without the optional signature field", async () => {
    const fresh = await as(signWithoutSignature(manager.telegram_id, new Date(TEST_NOW.getTime() - 60_000)))("/api/me");
    expect([fresh.status, fresh.body.role]).toEqual([200, "manager"]);
    const old = await as(signWithoutSignature(manager.telegram_id, new Date(TEST_NOW.getTime() - 2 * 3600_000)))(
      "/api/me",
    );
    expect([old.status, old.body.error.code]).toEqual([401, "init_data_expired"]);
    const noUser = await as("auth_date=1&hash=00")("/api/me");
    expect([noUser.status, noUser.body.error.code]).toEqual([401, "init_data_invalid"]);
  });

  it("refuses the demo session once a bot token is configured", async () => {
    expect((await request(t.app).get("/api/me").set("Authorization", "demo")).status).toBe(401);
  });

  it("refuses a deactivated employee", async () => {
    await t.db.query(`UPDATE employees SET is_active = false WHERE telegram_id = $1::bigint`, [manager.telegram_id]);
    const res = await as(signInitData(BigInt(manager.telegram_id)))("/api/me");
    expect(res.status).toBe(403);
    await t.db.query(`UPDATE employees SET is_active = true WHERE telegram_id = $1::bigint`, [manager.telegram_id]);
  });

  it("keeps a cleaner inside their brigade whatever brigade they ask for", async () => {
    const get = as(signInitData(BigInt(cleaner.telegram_id)));
    const [other] = (await t.db.query<{ id: number }>(`SELECT id FROM brigades WHERE id <> $1 ORDER BY id LIMIT 1`, [
      cleaner.brigade_id,
    ])) as [{ id: number }];
    const list = await get(`/api/cleaning/houses?brigade=${other.id}&limit=100`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(list.body.items.every((house: { brigade: { id: number } }) => house.brigade.id === cleaner.brigade_id)).toBe(
      true,
    );

    const [foreign] = (await t.db.query<{ id: number }>(`SELECT id FROM houses WHERE brigade_id = $1 LIMIT 1`, [
      other.id,
    ])) as [{ id: number }];
    expect((await get(`/api/cleaning/house/${foreign.id}/details`)).status).toBe(404);

    const stats = await get(`/api/dashboard/stats?brigade=${other.id}`);
    const [{ houses }] = (await t.db.query<{ houses: number }>(
      `SELECT count(*)::int AS houses FROM houses WHERE brigade_id = $1`,
      [cleaner.brigade_id],
    )) as [{ houses: number }];
    expect(stats.body.totals.houses).toBe(houses);
    expect(stats.body.totals.brigades).toBe(1);

    const filters = await get("/api/cleaning/filters");
    expect(filters.body.brigades.map((b: { id: number }) => b.id)).toEqual([cleaner.brigade_id]);
    expect((await get("/api/employees")).status).toBe(403);
  });
});
