import { afterEach, describe, expect, it } from "vitest";
import { BitrixError, buildCommand, createBitrixClient } from "./bitrix-client.ts";
import { createLeakyBucket, type Clock } from "./rate-limiter.ts";
import { startFakeBitrix24, type FakeBitrix24 } from "./testing/fake-bitrix24.ts";

let fake: FakeBitrix24 | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const fastClient = (url: string, extra: Partial<Parameters<typeof createBitrixClient>[0]> = {}) =>
  createBitrixClient({
    webhookUrl: url,
    rate: 100,
    burst: 50,
    timeoutMs: 1_000,
    backoffBaseMs: 5,
    backoffCapMs: 50,
    ...extra,
  });

function seedDeals(portal: FakeBitrix24, count: number) {
  for (let id = 1; id <= count; id += 1)
    portal.deals.set(id, {
      ID: String(id),
      TITLE: `Дом ${id}`,
      CATEGORY_ID: "34",
      DATE_MODIFY: "2026-11-01T10:00:00+03:00",
    });
}

describe("leaky bucket", () => {
  it("lets a burst through, then paces requests at the drain rate", async () => {
    let now = 0;
    const waits: number[] = [];
    const clock: Clock = { now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
    const bucket = createLeakyBucket({ rate: 2, burst: 3, clock });
    for (let i = 0; i < 5; i += 1) await bucket.acquire();
    expect(waits).toEqual([500, 500]);
    now += 10_000;
    await bucket.acquire();
    expect(waits).toHaveLength(2);
  });
});

describe("Bitrix24 client against the fake portal", () => {
  it("pages a list by 50 with next/total, and start=-1 skips the count", async () => {
    fake = await startFakeBitrix24();
    seedDeals(fake, 120);
    const client = fastClient(fake.webhookUrl);
    const counted = await client.call<unknown[]>("crm.deal.list", { order: { ID: "ASC" }, start: 50 });
    expect(counted).toMatchObject({ total: 120, next: 100 });
    expect(counted.result).toHaveLength(50);
    const fast = await client.call<{ ID: string }[]>("crm.deal.list", {
      order: { ID: "ASC" },
      filter: { ">ID": 100 },
      start: -1,
    });
    expect(fast.total).toBeUndefined();
    expect(fast.result.map((deal) => deal.ID)).toEqual(Array.from({ length: 20 }, (_, i) => String(101 + i)));
  });

  it("chains pages inside one batch through $result references and surfaces per-command errors", async () => {
    fake = await startFakeBitrix24();
    seedDeals(fake, 80);
    const client = fastClient(fake.webhookUrl);
    const response = await client.batch({
      p0: buildCommand("crm.deal.list", { filter: { ">ID": 0 }, order: { ID: "ASC" }, start: -1 }),
      p1: buildCommand("crm.deal.list", { filter: { ">ID": "$result[p0][49][ID]" }, order: { ID: "ASC" }, start: -1 }),
      bad: "crm.nothing.here",
    });
    expect((response.result.p1 as { ID: string }[])[0]!.ID).toBe("51");
    expect(response.errors.bad).toBeInstanceOf(BitrixError);
    expect(response.errors.bad!.code).toBe("ERROR_METHOD_NOT_FOUND");
    expect(client.stats.calls).toBe(1);
  });

  it("refuses more than 50 commands a batch, locally and at the portal", async () => {
    fake = await startFakeBitrix24();
    const client = fastClient(fake.webhookUrl);
    const commands = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, "crm.deal.fields"]));
    await expect(client.batch(commands)).rejects.toMatchObject({ code: "ERROR_BATCH_LENGTH_EXCEEDED" });
    await expect(client.call("batch", { cmd: commands })).rejects.toMatchObject({
      code: "ERROR_BATCH_LENGTH_EXCEEDED",
      isRetriable: false,
    });
  });

  it("stops at once on OVERLOAD_LIMIT, a manual block", async () => {
    fake = await startFakeBitrix24();
    fake.faults.isBlocked = true;
    const client = fastClient(fake.webhookUrl);
    await expect(client.call("crm.deal.fields")).rejects.toMatchObject({ code: "OVERLOAD_LIMIT", isFatal: true });
    expect(client.stats.calls).toBe(1);
  });

  it("stops at once on an auth error instead of retrying", async () => {
    fake = await startFakeBitrix24();
    const client = fastClient(fake.webhookUrl.replace("fake-token", "stolen"));
    await expect(client.call("crm.deal.fields")).rejects.toMatchObject({ code: "NO_AUTH_FOUND", isFatal: true });
    expect(client.stats.calls).toBe(1);
  });

  it("backs off on QUERY_LIMIT_EXCEEDED when a careless burst overfills the portal's bucket", async () => {
    fake = await startFakeBitrix24({ rate: 2, capacity: 2 });
    const client = fastClient(fake.webhookUrl, { rate: 1_000, burst: 1_000, backoffCapMs: 1_000, maxAttempts: 30 });
    await Promise.all(Array.from({ length: 5 }, () => client.call("crm.deal.fields")));
    expect(fake.stats.rejected).toBeGreaterThan(0);
    expect(client.stats.retries).toBeGreaterThan(0);
  });

  it("never overfills the bucket when told the portal's rate (with one request of margin for network jitter)", async () => {
    fake = await startFakeBitrix24({ rate: 20, capacity: 3 });
    const client = fastClient(fake.webhookUrl, { rate: 20, burst: 2 });
    await Promise.all(Array.from({ length: 8 }, () => client.call("crm.deal.fields")));
    expect(fake.stats.rejected).toBe(0);
  });

  it("waits for operating_reset_at after OPERATION_TIME_LIMIT, and retries timeouts and 5xx", async () => {
    fake = await startFakeBitrix24();
    fake.faults.operationLimitUntil = Date.now() + 200;
    const client = fastClient(fake.webhookUrl, { timeoutMs: 100 });
    const started = Date.now();
    await client.call("crm.deal.fields");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    fake.faults.timeoutRate = 0.5;
    fake.faults.timeoutMs = 300;
    fake.faults.serverErrorRate = 0.3;
    for (let i = 0; i < 5; i += 1) await client.call("crm.deal.fields");
    expect(client.stats.retries).toBeGreaterThan(1);
  });
});
