import { describe, expect, it } from "vitest";
import { getOfflineState, noteAnswer, noteNetworkFailure } from "./offline.ts";

const answer = (headers: Record<string, string>) => new Response("{}", { status: 200, headers });

describe("the offline note's state", () => {
  it("says when the server wrote the oldest answer the service worker served from its cache", () => {
    noteAnswer(answer({ "X-From-Cache": "1", Date: "Thu, 26 Nov 2026 05:14:00 GMT" }));
    expect(getOfflineState().cachedAt?.toISOString()).toBe("2026-11-26T05:14:00.000Z");
    noteAnswer(answer({ "X-From-Cache": "1", Date: "Thu, 26 Nov 2026 06:30:00 GMT" }));
    expect(getOfflineState().cachedAt?.toISOString()).toBe("2026-11-26T05:14:00.000Z");
  });

  it("clears the note and the offline flag once an answer comes from the server", () => {
    noteNetworkFailure();
    expect(getOfflineState().isOffline).toBe(true);
    noteAnswer(answer({ Date: "Thu, 26 Nov 2026 07:00:00 GMT" }));
    expect(getOfflineState()).toEqual({ isOffline: false, cachedAt: undefined });
  });
});
