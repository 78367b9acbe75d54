import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoTestApp, type TestApp } from "../testing/test-app.ts";

describe("API reads on a repeat visit", () => {
  let t: TestApp;
  const get = (url: string, etag?: string) => {
    const call = request(t.app).get(url).set("Authorization", "demo").set("Accept-Encoding", "gzip");
    return etag ? call.set("If-None-Match", etag) : call;
  };

  beforeAll(async () => {
    t = await createDemoTestApp("PGlite");
  });
  afterAll(() => t.close());

  it("answer with an ETag and may be kept, but only after asking again", async () => {
    const res = await get("/api/dashboard/stats");
    expect(res.status).toBe(200);
    expect(res.headers.etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(res.headers["cache-control"]).toBe("private, no-cache");
  });

  it("answer 304 with no body when nothing changed, for the dashboard and the houses list", async () => {
    for (const url of ["/api/dashboard/stats", "/api/cleaning/houses?page=1", "/api/cleaning/filters"]) {
      const first = await get(url);
      const repeat = await get(url, first.headers.etag);
      expect(repeat.status, url).toBe(304);
      expect(repeat.text ?? "", url).toBe("");
      expect(repeat.headers.etag, url).toBe(first.headers.etag);
    }
  });

  it("answer 200 with the new data once it changed", async () => {
    const first = await get("/api/dashboard/stats");
    await t.db.query(
      `UPDATE cleaning_visits SET status = 'done' WHERE id = (SELECT id FROM cleaning_visits WHERE status = 'planned' AND date = $1::date LIMIT 1)`,
      [first.body.today.date],
    );
    const repeat = await get("/api/dashboard/stats", first.headers.etag);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.etag).not.toBe(first.headers.etag);
    expect(repeat.body.today.done).toBe(first.body.today.done + 1);
  });

  it("keep a route's own rule (health is never stored)", async () => {
    const res = await request(t.app).get("/api/health");
    expect(res.headers["cache-control"]).toBe("no-store");
  });
});
