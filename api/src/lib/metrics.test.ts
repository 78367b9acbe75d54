import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoTestApp, type TestApp } from "../testing/test-app.ts";

describe("/metrics", () => {
  let t: TestApp;
  let off: TestApp;
  beforeAll(async () => {
    [t, off] = await Promise.all([
      createDemoTestApp("PGlite", { METRICS_TOKEN: "metrics-token-1" }),
      createDemoTestApp("PGlite"),
    ]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), off.close()]);
  });

  it("is off without METRICS_TOKEN and needs the bearer token when on", async () => {
    expect((await request(off.app).get("/metrics")).status).toBe(404);
    expect((await request(t.app).get("/metrics")).status).toBe(401);
    expect((await request(t.app).get("/metrics").set("Authorization", "Bearer wrong")).status).toBe(401);
  });

  it("reports HTTP latency by route pattern (not by raw id) and the queue depths in Prometheus format", async () => {
    await request(t.app).get("/api/cleaning/houses?limit=5").set("Authorization", "demo").expect(200);
    await request(t.app).get("/api/cleaning/house/1/details").set("Authorization", "demo");
    const res = await request(t.app).get("/metrics").set("Authorization", "Bearer metrics-token-1");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/cleaning\/houses",status="200"\} \d+/,
    );
    expect(res.text).toContain('route="/api/cleaning/house/:id/details"');
    expect(res.text).not.toContain('route="/api/cleaning/house/1/details"');
    expect(res.text).toMatch(/queue_depth\{queue="reminders"\} \d+/);
    expect(res.text).toMatch(/queue_depth\{queue="crm_outbox"\} \d+/);
    expect(res.text).toContain("process_cpu_seconds_total");
  });
});
