import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiGet, authorizationHeader, onAccessDenied } from "./api-client.ts";

// The network is the edge here: a stand-in fetch answers like the API does.
function answer(status: number, body: unknown) {
  vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("api client", () => {
  it("uses the demo session outside Telegram", async () => {
    expect(authorizationHeader()).toBe("demo");
    answer(200, { ok: true });
    await apiGet("/api/me");
    const [, init] = vi.mocked(fetch).mock.calls[0] as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe("demo");
  });

  it("turns the API's error into a Russian message and does not treat a 400 as lost access", async () => {
    const denied = vi.fn();
    const unsubscribe = onAccessDenied(denied);
    answer(400, { error: { code: "invalid_date_range", message: "Дата начала позже даты окончания" } });
    const error = await apiGet("/api/cleaning/houses").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("Дата начала позже даты окончания");
    expect(denied).not.toHaveBeenCalled();
    unsubscribe();
  });

  it.each([
    [401, "init_data_invalid"],
    [401, "init_data_expired"],
    [401, "unauthorized"],
    [403, "unknown_user"],
  ])("reports %i %s as no access", async (status, code) => {
    const denied = vi.fn();
    const unsubscribe = onAccessDenied(denied);
    answer(status, { error: { code, message: "Нет доступа" } });
    await expect(apiGet("/api/me")).rejects.toMatchObject({ status, code, isAccessDenied: true });
    expect(denied).toHaveBeenCalledOnce();
    unsubscribe();
  });

  it("says in Russian that the server cannot be reached", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(apiGet("/api/me")).rejects.toMatchObject({ code: "network", message: expect.stringContaining("Нет связи") });
  });
});
