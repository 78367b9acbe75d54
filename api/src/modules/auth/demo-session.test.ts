import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { createDemoTestApp, type TestApp } from "../../testing/test-app.ts";

describe("the local demo session", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createDemoTestApp("PGlite");
  });
  afterAll(() => t.close());

  const me = () => request(t.app).get("/api/me").set("Authorization", "demo");

  it("works from the app's own pages and from tools that send no Origin", async () => {
    expect((await me()).status).toBe(200);
    const own = await me().set("Host", "127.0.0.1:3000").set("Origin", "http://127.0.0.1:3000");
    expect([own.status, own.body.role]).toEqual([200, "admin"]);
  });

  it("is refused to any other web page open in the same browser", async () => {
    const foreign = await me().set("Host", "127.0.0.1:3000").set("Origin", "https://evil.example");
    expect([foreign.status, foreign.body.error.code]).toEqual([403, "forbidden"]);
    const created = await request(t.app)
      .post("/api/employees")
      .set("Authorization", "demo")
      .set("Origin", "http://localhost:5555")
      .send({ name: "Чужой админ", role: "admin" });
    expect(created.status).toBe(403);
    expect(await t.db.prisma.employee.count({ where: { name: "Чужой админ" } })).toBe(0);
  });

  it("listens on 127.0.0.1 unless HOST says otherwise; with a bot token on every interface", () => {
    expect(loadConfig({ NODE_ENV: "development" }).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "development", HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "development", TELEGRAM_BOT_TOKEN: "123:abc" }).host).toBe("0.0.0.0");
  });
});
