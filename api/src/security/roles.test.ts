// Every operation of /openapi.json × every role → the status the server answers, against a table reviewed by
// hand. A route added without a row here fails the test, so no endpoint ships without someone deciding who may
// call it. Requests carry valid-looking input (SAMPLES), so the answer is the role check, not a 400 of validation.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFullTestApp,
  FULL_APP_BITRIX_TOKEN,
  FULL_APP_WEBHOOK_SECRET,
  type FullTestApp,
  type RoleName,
} from "../fuzz/full-app.ts";
import { listOperations, type Operation } from "../fuzz/operations.ts";

/** Callers in the order they run: the least privileged first, so the admin's writes cannot change their answers. */
const CALLERS = ["anonymous", "stranger", "cleaner", "brigade_lead", "manager", "admin"] as const;
type Caller = (typeof CALLERS)[number];

/**
 * Expected status per caller, in CALLERS order: anonymous (no login), stranger (a Telegram user who is not an
 * employee), cleaner, brigade_lead, manager, admin. 403 = refused by role; 404 for a brigade member means the
 * row is outside their brigade and is not revealed. The test app starts no bot (the webhook answers 503) and has no
 * speech recognition configured (transcribe answers 503 to everyone allowed to call it).
 */
const EXPECTED: Record<string, [number, number, number, number, number, number]> = {
  "POST /api/ai/chat": [401, 403, 200, 200, 200, 200],
  "POST /api/voice/transcribe": [401, 403, 503, 503, 503, 503],
  "POST /api/voice/speak": [401, 403, 200, 200, 200, 200],
  "GET /api/voice/capabilities": [401, 403, 200, 200, 200, 200],
  "POST /api/voice/token": [401, 403, 503, 503, 503, 503],
  "POST /api/voice/tools": [401, 403, 404, 404, 404, 404],
  "POST /api/voice/turns": [401, 403, 404, 404, 404, 404],
  // The relay authenticates by its one-time ticket, and a plain GET is not a WebSocket: 426 for everyone.
  "GET /api/voice/ws/{sessionId}": [426, 426, 426, 426, 426, 426],
  "GET /api/ai-tasks": [401, 403, 200, 200, 200, 200],
  "POST /api/ai-tasks": [401, 403, 403, 201, 201, 201],
  "GET /api/ai-tasks/{id}": [401, 403, 404, 200, 200, 200],
  "PATCH /api/ai-tasks/{id}": [401, 403, 404, 200, 200, 200],
  "GET /api/visits/today": [401, 403, 200, 200, 200, 200],
  "POST /api/visits/{visitId}/start": [401, 403, 409, 409, 409, 409],
  "POST /api/visits/{visitId}/finish": [401, 403, 200, 200, 200, 200],
  "POST /api/knowledge/upload": [401, 403, 403, 403, 201, 409],
  "GET /api/knowledge/ocr-jobs": [401, 403, 403, 403, 200, 200],
  "GET /api/knowledge/ocr-jobs/{id}": [401, 403, 403, 403, 404, 404],
  "POST /api/knowledge/ocr-jobs/{id}/cancel": [401, 403, 403, 403, 404, 404],
  "GET /api/knowledge/pending": [401, 403, 403, 403, 200, 200],
  "POST /api/knowledge/confirm": [401, 403, 403, 403, 409, 404],
  "POST /api/knowledge/reject": [401, 403, 403, 403, 409, 404],
  "GET /api/knowledge/documents": [401, 403, 200, 200, 200, 200],
  "DELETE /api/knowledge/documents/{id}": [401, 403, 403, 403, 200, 404],
  "GET /api/knowledge/search": [401, 403, 200, 200, 200, 200],
  // No sample body yet (the route is new): every role gets the validation 400 — give it a SAMPLES entry.
  "POST /api/logistics/plan": [401, 403, 400, 400, 400, 400],
  "POST /api/logistics/route": [401, 403, 200, 200, 200, 200],
  "GET /api/acts": [401, 403, 403, 403, 200, 200],
  "GET /api/acts/house/{id}.pdf": [401, 403, 403, 403, 200, 200],
  "GET /api/acts/house/{id}.docx": [401, 403, 403, 403, 200, 200],
  "GET /api/acts/management-company/{id}.pdf": [401, 403, 403, 403, 200, 200],
  "GET /api/acts/management-company/{id}.zip": [401, 403, 403, 403, 200, 200],
  "POST /api/acts/house/{id}/sent": [401, 403, 403, 403, 200, 200],
  "DELETE /api/acts/house/{id}/sent": [401, 403, 403, 403, 200, 200],
  "POST /api/acts/management-company/{id}/sent": [401, 403, 403, 403, 200, 200],
  "POST /api/acts/links": [401, 403, 403, 403, 201, 201],
  "GET /api/acts/download/{token}": [403, 403, 403, 403, 403, 403],
  "GET /api/houses/{id}/photos": [401, 403, 200, 200, 200, 200],
  "GET /api/photos/{id}": [401, 403, 400, 400, 400, 400],
  "GET /api/crm/sync/status": [401, 403, 403, 403, 200, 200],
  "POST /api/crm/bitrix/events": [200, 200, 200, 200, 200, 200],
  "POST /telegram/webhook": [503, 503, 503, 503, 503, 503],
  "GET /api/health": [200, 200, 200, 200, 200, 200],
  "GET /api/me": [401, 403, 200, 200, 200, 200],
  "GET /api/cleaning/houses": [401, 403, 200, 200, 200, 200],
  "GET /api/cleaning/filters": [401, 403, 200, 200, 200, 200],
  "GET /api/cleaning/house/{id}/details": [401, 403, 200, 200, 200, 200],
  "GET /api/dashboard/stats": [401, 403, 200, 200, 200, 200],
  "GET /api/employees": [401, 403, 403, 403, 200, 200],
  "POST /api/employees": [401, 403, 403, 403, 403, 201],
  "PATCH /api/employees/{id}": [401, 403, 403, 403, 403, 200],
  // Планёрка: the office records; a brigade lead reads only meetings naming their brigade (none exists here: 404).
  "POST /api/meetings": [401, 403, 403, 403, 201, 201],
  "GET /api/meetings": [401, 403, 403, 200, 200, 200],
  "GET /api/meetings/{id}": [401, 403, 403, 404, 200, 404],
  "DELETE /api/meetings/{id}": [401, 403, 403, 403, 204, 404],
  // The harness sends a file without the `seq` field beside it: every role gets the validation 400.
  "POST /api/meetings/{id}/chunks": [401, 403, 400, 400, 400, 400],
  "POST /api/meetings/{id}/stop": [401, 403, 403, 403, 404, 404],
  "GET /api/meetings/{id}/events": [401, 403, 403, 404, 404, 404],
  "GET /api/meetings/{id}/export.txt": [401, 403, 403, 404, 404, 404],
  "GET /api/meetings/{id}/export.docx": [401, 403, 403, 404, 404, 404],
  "POST /api/meetings/{id}/action-items/{n}/task": [401, 403, 403, 404, 404, 404],
};

/** Valid-looking input per operation (path values default to 1). */
const SAMPLES: Record<
  string,
  {
    path?: Record<string, string>;
    query?: string;
    json?: unknown;
    file?: { name: string; bytes: Buffer };
    form?: Record<string, string>;
    headers?: Record<string, string>;
  }
> = {
  "POST /api/ai/chat": { json: { message: "Сколько домов у второй бригады?" } },
  "POST /api/voice/speak": { json: { text: "Добрый день" } },
  "POST /api/voice/tools": {
    json: { sessionId: "00000000-0000-4000-8000-000000000000", callId: "call_1", name: "find_houses", arguments: "{}" },
  },
  "POST /api/voice/turns": {
    json: { sessionId: "00000000-0000-4000-8000-000000000000", question: "Что сегодня?", answer: "Двенадцать уборок." },
  },
  "POST /api/voice/transcribe": {
    file: { name: "voice.ogg", bytes: Buffer.from("OggS\u0000\u0002 not really audio") },
  },
  "POST /api/ai-tasks": { json: { text: "Взять ключи", target: { brigadeId: 1 }, at: "2026-11-27T08:30:00+03:00" } },
  "PATCH /api/ai-tasks/{id}": { json: { text: "Взять ключи у консьержа" } },
  "POST /api/knowledge/upload": {
    file: { name: "notes.txt", bytes: Buffer.from("Швабры хранятся в подсобке первого подъезда.\n") },
  },
  "GET /api/knowledge/search": { query: "q=%D0%BA%D0%BB%D1%8E%D1%87%D0%B8" },
  "POST /api/knowledge/confirm": { json: { id: 1 } },
  "POST /api/knowledge/reject": { json: { id: 1 } },
  "POST /api/logistics/route": { json: { brigade: 1, date: "2026-11-26" } },
  "GET /api/acts": { query: "month=2026-11" },
  "GET /api/acts/house/{id}.pdf": { query: "month=2026-11" },
  "GET /api/acts/house/{id}.docx": { query: "month=2026-11" },
  "GET /api/acts/management-company/{id}.pdf": { query: "month=2026-11" },
  "GET /api/acts/management-company/{id}.docx": { query: "month=2026-11" },
  "GET /api/acts/management-company/{id}.zip": { query: "month=2026-11" },
  "POST /api/acts/house/{id}/sent": { json: { month: "2026-11" } },
  "DELETE /api/acts/house/{id}/sent": { query: "month=2026-11" },
  "POST /api/acts/management-company/{id}/sent": { json: { month: "2026-11" } },
  "POST /api/acts/links": { json: { target: "house", id: 1, month: "2026-11", format: "pdf" } },
  "GET /api/acts/download/{token}": { path: { token: "not-a-real-token" } },
  "GET /api/houses/{id}/photos": { query: "month=2026-11" },
  "POST /api/crm/bitrix/events": {
    form: { event: "ONCRMDEALUPDATE", "data[FIELDS][ID]": "1", "auth[application_token]": FULL_APP_BITRIX_TOKEN },
  },
  "POST /telegram/webhook": {
    json: { update_id: 1 },
    headers: { "X-Telegram-Bot-Api-Secret-Token": FULL_APP_WEBHOOK_SECRET },
  },
  "POST /api/employees": { json: { telegramId: "7123456789", name: "Новый уборщик", role: "cleaner", brigadeId: 1 } },
  "PATCH /api/employees/{id}": { json: { name: "Светлана" } },
  "POST /api/meetings": { json: { title: "Планёрка" } },
};

let full: FullTestApp;
let operations: Operation[];

beforeAll(async () => {
  full = await createFullTestApp({ isCrmOn: true });
  operations = listOperations(full.openApi);
});

afterAll(async () => {
  await full?.close();
});

async function call(operation: Operation, caller: Caller): Promise<number> {
  const sample = SAMPLES[operation.key] ?? {};
  const url =
    operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => sample.path?.[name] ?? "1") +
    (sample.query ? `?${sample.query}` : "");
  let req = request(full.app)[operation.method](url);
  if (caller !== "anonymous") req = req.set("Authorization", full.authorization(caller as RoleName));
  for (const [name, value] of Object.entries(sample.headers ?? {})) req = req.set(name, value);
  if (sample.json !== undefined) req = req.send(sample.json as object);
  else if (sample.form) req = req.type("form").send(sample.form);
  else if (sample.file) req = req.attach("file", sample.file.bytes, sample.file.name);
  return (await req.ok(() => true)).status;
}

describe("who may call what", () => {
  it("every operation has a row, and every row an operation", () => {
    const keys = operations.map((operation) => operation.key).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(keys);
  });

  it("each role × each operation answers the status in the table", async () => {
    const actual: Record<string, number[]> = {};
    for (const caller of CALLERS) {
      for (const operation of operations) (actual[operation.key] ??= []).push(await call(operation, caller));
    }
    const table = Object.entries(actual).map(([key, statuses]) => `  "${key}": [${statuses.join(", ")}],`);
    process.stdout.write(`role matrix (${CALLERS.join(", ")}):\n${table.join("\n")}\n`);
    for (const [key, statuses] of Object.entries(actual)) expect([key, statuses]).toEqual([key, EXPECTED[key]]);
  }, 120_000);
});
