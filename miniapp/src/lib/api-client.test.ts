import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiGet, apiSend, apiUpload, authorizationHeader, onAccessDenied } from "./api-client.ts";

// The network is the edge here: a stand-in fetch answers like the API does.
function answer(status: number, body: unknown) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })),
  );
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
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    await expect(apiGet("/api/me")).rejects.toMatchObject({
      code: "network",
      message: expect.stringContaining("Нет связи"),
    });
  });

  it("sends JSON bodies and multipart files with the session header, and shows the server's message on errors", async () => {
    answer(201, { id: 7 });
    await apiSend("PATCH", "/api/ai-tasks/7", { status: "cancelled" });
    let [, init] = vi.mocked(fetch).mock.calls[0] as [string, RequestInit];
    expect(init.method).toBe("PATCH");
    expect(init.body).toBe('{"status":"cancelled"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");

    answer(409, { error: { code: "duplicate", message: "Такой документ уже есть в базе знаний" } });
    const error = await apiUpload("/api/knowledge/upload", new Blob(["текст"]), "a.txt").catch(
      (caught: unknown) => caught,
    );
    [, init] = vi.mocked(fetch).mock.calls[0] as [string, RequestInit];
    expect(init.body).toBeInstanceOf(FormData);
    expect((init.body as FormData).get("file")).toBeInstanceOf(Blob);
    expect((init.headers as Record<string, string>).Authorization).toBe("demo");
    expect(error).toMatchObject({ status: 409, code: "duplicate", message: "Такой документ уже есть в базе знаний" });
  });

  it("keeps the session when an action is refused with 403 forbidden, but not when the user is unknown", async () => {
    const denied = vi.fn();
    const unsubscribe = onAccessDenied(denied);
    answer(403, {
      error: { code: "forbidden", message: "Напоминания можно ставить себе, а бригадиру — своей бригаде" },
    });
    await expect(apiSend("POST", "/api/ai-tasks", { request: "напомни 3 бригаде" })).rejects.toMatchObject({
      status: 403,
    });
    expect(denied).not.toHaveBeenCalled();
    answer(403, { error: { code: "unknown_user", message: "Вас нет в списке сотрудников" } });
    await expect(apiSend("POST", "/api/ai-tasks", { request: "x" })).rejects.toMatchObject({ code: "unknown_user" });
    expect(denied).toHaveBeenCalledOnce();
    unsubscribe();
  });
});
