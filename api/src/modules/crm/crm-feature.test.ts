import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../app.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import type { Scheduler } from "../../jobs/scheduler.ts";
import { createTestContext, createTestDatabase } from "../../testing/test-db.ts";
import { DEMO_AUTHORIZATION } from "../auth/auth.middleware.ts";
import { enqueueVisitWriteBack } from "./crm-outbox.ts";
import { createCrmFeature, type CrmFeature } from "./crm.feature.ts";
import { createCrmHarness, type CrmHarness } from "./testing/crm-harness.ts";

const APP_TOKEN = "app-token-from-bitrix";

/** A scheduler that only remembers jobs: tests run them by hand; like bree's, a job never runs twice at once. */
function createManualScheduler(): Scheduler & { jobs: Map<string, () => Promise<void>> } {
  const jobs = new Map<string, () => Promise<void>>();
  const running = new Map<string, Promise<void>>();
  return {
    jobs,
    register: (name, _schedule, run) => void jobs.set(name, run),
    start: async () => undefined,
    stop: async () => {
      await Promise.all(running.values());
    },
    runNow(name) {
      const current = running.get(name);
      if (current) return current.then(() => this.runNow(name));
      const run = (jobs.get(name)?.() ?? Promise.resolve()).finally(() => running.delete(name));
      running.set(name, run);
      return run;
    },
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function startWithFeature(harness: CrmHarness) {
  const scheduler = createManualScheduler();
  const feature = createCrmFeature(
    { ctx: harness.ctx, scheduler, hasVector: false },
    { client: harness.client, debounceMs: 20, outbox: { retryDelayMs: () => 0 } },
  ) as CrmFeature;
  const { app } = createApp({
    ctx: harness.ctx,
    hasVector: false,
    miniAppDir: null,
    healthChecks: feature.healthChecks,
    publicRoutes: feature.publicRoutes,
    apiRouters: feature.apiRouters,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  await feature.start?.();
  cleanup.push(async () => {
    await feature.stop?.();
    await scheduler.stop();
    await new Promise((resolve) => server.close(resolve));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/crm/bitrix/events`;
  return { app, feature, scheduler, url };
}

async function eventually<T>(probe: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (isDone(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("CRM feature", () => {
  it("re-reads a deal after its outbound event and refuses events with a wrong token", async () => {
    const harness = await createCrmHarness({ deals: 60, env: { BITRIX24_APP_TOKEN: APP_TOKEN } });
    cleanup.push(() => harness.close());
    const { app, scheduler, url } = await startWithFeature(harness);
    harness.fake.options.events = { url, applicationToken: APP_TOKEN };
    await scheduler.runNow("crm-sync");

    const wrong = await request(app)
      .post("/api/crm/bitrix/events")
      .type("form")
      .send("event=ONCRMDEALUPDATE&data[FIELDS][ID]=1&auth[application_token]=guess");
    expect(wrong.status).toBe(401);

    const deal = [...harness.fake.deals.values()].find((d) => d.CATEGORY_ID === "34")!;
    harness.fake.updateDeal(Number(deal.ID), {
      TITLE: "улица Событийная, 7",
      UF_CRM_1669561599956: "улица Событийная, 7",
    });
    const rows = await eventually(
      () => harness.db.query<{ address: string }>(`SELECT address FROM houses WHERE bitrix_id = $1`, [Number(deal.ID)]),
      (found) => found[0]?.address === "улица Событийная, 7",
    );
    expect(rows[0]!.address).toBe("улица Событийная, 7");

    const status = await request(app).get("/api/crm/sync/status").set("authorization", DEMO_AUTHORIZATION);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      isEnabled: true,
      lastFull: { status: "ok" },
      lastEvents: { status: "ok", dealsChanged: 1 },
    });
    const health = await request(app).get("/api/health");
    expect(health.body.components.crm.status).toBe("ok");
  });

  it("delivers a visit write-back after an outage, once, without echoing its own update", async () => {
    const harness = await createCrmHarness({
      deals: 30,
      env: { BITRIX24_APP_TOKEN: APP_TOKEN },
      fake: { isCommentTouchingDeal: true },
      client: { maxAttempts: 2 },
    });
    cleanup.push(() => harness.close());
    const { scheduler, url } = await startWithFeature(harness);
    await scheduler.runNow("crm-sync");
    harness.fake.options.events = { url, applicationToken: APP_TOKEN };
    const [visit] = await harness.db.query<{ id: number; bitrix_id: number }>(
      `SELECT v.id, h.bitrix_id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id ORDER BY v.id LIMIT 1`,
    );
    await harness.db.query(`UPDATE cleaning_visits SET status = 'done', note = 'чисто' WHERE id = $1`, [visit!.id]);

    harness.fake.faults.isDown = true;
    expect(await enqueueVisitWriteBack(harness.ctx, { visitId: visit!.id })).toBe(true);
    await scheduler.runNow("crm-outbox");
    expect(harness.fake.comments).toHaveLength(0);
    const [waiting] = await harness.db.query<{ attempts: number; last_error: string }>(
      `SELECT attempts, last_error FROM crm_outbox`,
    );
    expect(waiting!.attempts).toBeGreaterThanOrEqual(1);
    expect(waiting!.last_error).toContain("SERVICE_UNAVAILABLE");

    harness.fake.faults.isDown = false;
    const eventsBefore = await harness.db.query(`SELECT id FROM crm_sync_runs WHERE kind = 'events'`);
    await scheduler.runNow("crm-outbox");
    await enqueueVisitWriteBack(harness.ctx, { visitId: visit!.id });
    await scheduler.runNow("crm-outbox");
    expect(harness.fake.comments).toEqual([
      { dealId: Number(visit!.bitrix_id), comment: expect.stringContaining("Выполнено") },
    ]);
    expect(harness.fake.comments[0]!.comment).toContain("чисто");

    // The comment touched the deal and the portal sent ONCRMDEALUPDATE back: it must not trigger a re-read.
    await harness.fake.flushEvents();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const eventsAfter = await harness.db.query(`SELECT id FROM crm_sync_runs WHERE kind = 'events'`);
    expect(eventsAfter.length).toBe(eventsBefore.length);
  });

  it("without BITRIX24_WEBHOOK_URL says the CRM is off and schedules nothing", async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.close());
    const ctx = createTestContext(db);
    const scheduler = createManualScheduler();
    const registry = new OpenAPIRegistry();
    const feature = createCrmFeature({ ctx, scheduler, hasVector: false, registry });
    expect(scheduler.jobs.size).toBe(0);
    const { app, openApi } = createApp({
      ctx,
      hasVector: false,
      miniAppDir: null,
      registry,
      healthChecks: feature.healthChecks,
      publicRoutes: feature.publicRoutes,
      apiRouters: feature.apiRouters,
    });
    expect(Object.keys(openApi.paths ?? {})).toEqual(
      expect.arrayContaining(["/api/crm/sync/status", "/api/crm/bitrix/events"]),
    );
    const events = await request(app)
      .post("/api/crm/bitrix/events")
      .type("form")
      .send("event=ONCRMDEALUPDATE&data[FIELDS][ID]=1&auth[application_token]=x");
    expect(events.status).toBe(503);
    const health = await request(app).get("/api/health").set("authorization", DEMO_AUTHORIZATION);
    expect(health.body.components.crm).toMatchObject({
      status: "off",
      reason: expect.stringContaining("BITRIX24_WEBHOOK_URL"),
    });
    const status = await request(app).get("/api/crm/sync/status").set("authorization", DEMO_AUTHORIZATION);
    expect(status.body).toMatchObject({ isEnabled: false, lastFull: null });
  });
});
