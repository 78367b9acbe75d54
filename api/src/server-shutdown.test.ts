import { Router } from "express";
import { describe, expect, it } from "vitest";
import type { FeatureFactory } from "./features.ts";
import { startServer } from "./server.ts";
import { createTestConfig, createTestDatabase } from "./testing/test-db.ts";

describe("graceful shutdown", () => {
  it("stops taking requests, lets the in-flight request and the running job finish, then closes", async () => {
    const db = await createTestDatabase();
    const events: string[] = [];
    let releaseRequest!: () => void;
    let releaseJob!: () => void;
    const requestGate = new Promise<void>((resolve) => (releaseRequest = resolve));
    const jobGate = new Promise<void>((resolve) => (releaseJob = resolve));
    let jobStarted!: () => void;
    const jobRunning = new Promise<void>((resolve) => (jobStarted = resolve));
    const slow: FeatureFactory = ({ scheduler }) => {
      scheduler.register("slow-job", { interval: "1h", isRunOnStart: true }, async () => {
        jobStarted();
        await jobGate;
        events.push("job finished");
      });
      const router = Router();
      router.get("/", async (_req, res) => {
        events.push("request started");
        await requestGate;
        res.json({ ok: true });
      });
      return {
        name: "slow",
        apiRouters: [{ mount: "/slow", router }],
        stop: async () => void events.push("feature stopped"),
      };
    };
    const running = await startServer(createTestConfig({ PORT: "0" }), { db, miniAppDir: null, features: [slow] });
    await jobRunning;
    const inFlight = fetch(`${running.url}/api/slow`, { headers: { Authorization: "demo" } });
    while (!events.includes("request started")) await new Promise((resolve) => setTimeout(resolve, 10));

    const closing = running.close().then(() => void events.push("closed"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${running.url}/api/health`)).rejects.toThrow();
    expect(events).not.toContain("closed");

    releaseRequest();
    const response = await inFlight;
    expect([response.status, await response.json()]).toEqual([200, { ok: true }]);
    releaseJob();
    await closing;
    expect(events).toEqual(["request started", "job finished", "feature stopped", "closed"]);
    await db.close();
  });
});
