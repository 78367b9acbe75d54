import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { createDemoTestApp, type TestApp } from "./testing/test-app.ts";

describe("the HTTP app", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createDemoTestApp("PGlite");
  });
  afterAll(() => t.close());

  it("reports health without auth (db ok, vector, every integration off) and the reasons to an admin", async () => {
    const res = await request(t.app).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.vector).toBe(true);
    expect(res.body.components.db.status).toBe("ok");
    const admin = await request(t.app).get("/api/health").set("Authorization", "demo");
    for (const name of ["telegram", "crm", "llm"]) {
      expect(res.body.components[name]).toEqual({ status: "off" });
      expect(admin.body.components[name].status).toBe("off");
      expect(admin.body.components[name].reason).toMatch(/[а-я]/);
    }
  });

  it("publishes an OpenAPI document listing every endpoint with its auth", async () => {
    const res = await request(t.app).get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const paths = Object.keys(res.body.paths);
    for (const path of [
      "/api/health",
      "/api/me",
      "/api/cleaning/houses",
      "/api/cleaning/filters",
      "/api/cleaning/house/{id}/details",
      "/api/dashboard/stats",
      "/api/employees",
      "/api/employees/{id}",
    ]) {
      expect(paths).toContain(path);
    }
    expect(res.body.paths["/api/health"].get.security).toEqual([]);
    expect(res.body.paths["/api/cleaning/houses"].get.security).toEqual([{ telegramInitData: [] }]);
    const params = res.body.paths["/api/cleaning/houses"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        "brigade",
        "management_company",
        "cleaning_date",
        "date_from",
        "date_to",
        "search",
        "page",
        "limit",
      ]),
    );
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await request(t.app).get("/api/nothing-here").set("Authorization", "demo");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("serves the mini-app shell on any page path, with the company's time zone, and never for /api", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "miniapp-"));
    writeFileSync(path.join(dir, "index.html"), "<html><head><title>t</title></head><body></body></html>");
    const { app } = createApp({ ctx: t.ctx, hasVector: true, miniAppDir: dir });
    for (const page of ["/", "/dashboard", "/works?brigade=1"]) {
      const res = await request(app).get(page);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<meta name="app-timezone" content="Europe/Moscow">');
    }
    expect((await request(app).get("/api/unknown").set("Authorization", "demo")).status).toBe(404);
  });
});
