import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type QueueModule = typeof import("./visit-queue.ts");

const visit = (id: number, status: string) => ({
  id,
  houseId: 7,
  address: "Ленина 3",
  kind: "wet_all_floors",
  kindLabel: "влажная",
  status,
  photoCount: 1,
  brigade: null,
  date: "2026-11-26",
});

/** A stand-in localStorage, so a fresh module instance finds what the previous one saved. */
function stubStorage(): Map<string, string> {
  const store = new Map<string, string>();
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
  });
  return store;
}

async function freshQueue(): Promise<QueueModule> {
  vi.resetModules();
  return import("./visit-queue.ts");
}

beforeEach(() => {
  stubStorage();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("visit taps queued without signal", () => {
  it("are sent in order, one request at a time, each once even when two flushes start together", async () => {
    const queue = await freshQueue();
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (path: string) => {
        calls.push(path);
        const status = path.endsWith("/start") ? "in_progress" : "done";
        return new Response(JSON.stringify({ visit: visit(5, status), isChanged: true }), { status: 200 });
      }),
    );
    queue.queueVisitAction(5, "start");
    queue.queueVisitAction(5, "finish");
    queue.queueVisitAction(5, "finish");
    expect(queue.queuedVisitActions()).toHaveLength(2);
    const [first, second] = [queue.flushVisitQueue(), queue.flushVisitQueue()];
    expect(second).toBe(first);
    const report = await first;
    expect(calls).toEqual(["/api/visits/5/start", "/api/visits/5/finish"]);
    expect(report.sent.map((item) => item.item.action)).toEqual(["start", "finish"]);
    expect(queue.queuedVisitActions()).toEqual([]);
    expect(queue.answeredVisit(5)?.status).toBe("done");
  });

  it("stay queued while the network fails, and go once it answers", async () => {
    const queue = await freshQueue();
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    queue.queueVisitAction(9, "finish");
    const offline = await queue.flushVisitQueue();
    expect(offline.sent).toEqual([]);
    expect(queue.queuedVisitActions()).toHaveLength(1);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ visit: visit(9, "done"), isChanged: true }), { status: 200 })),
    );
    await queue.flushVisitQueue();
    expect(queue.queuedVisitActions()).toEqual([]);
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(1);
  });

  it("leave the queue when the server refuses them, keeping its Russian message for the card", async () => {
    const queue = await freshQueue();
    const body = {
      error: { code: "photo_required", message: "Без фото завершить нельзя: пришлите хотя бы одно фото уборки" },
    };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(body), { status: 409 })),
    );
    queue.queueVisitAction(11, "finish");
    const report = await queue.flushVisitQueue();
    expect(report.refused.map((item) => item.message)).toEqual([body.error.message]);
    expect(queue.queuedVisitActions()).toEqual([]);
    expect(queue.refusalOf(11)).toBe(body.error.message);
  });

  it("survive closing the app: a new start finds them", async () => {
    const before = await freshQueue();
    before.queueVisitAction(3, "start", new Date("2026-11-26T05:14:00Z"));
    const after = await freshQueue();
    expect(after.queuedVisitActions()).toEqual([{ visitId: 3, action: "start", queuedAt: "2026-11-26T05:14:00.000Z" }]);
  });
});
