import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { fixedClock } from "../../lib/clock.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createToneWav, startFakeOpenAI, type FakeOpenAI } from "../../testing/fake-openai.ts";
import { signInitData, TEST_BOT_TOKEN } from "../../testing/test-app.ts";
import { createDemoTestDatabase, createTestContext, TEST_NOW } from "../../testing/test-db.ts";
import { createMeetingsFeature } from "./meetings.feature.ts";
import type { MeetingListItem, MeetingView } from "./meetings.schemas.ts";
import { createMeetingsDeps, deleteOldMeetingAudio, transcribeMeetingBacklog } from "./meetings.service.ts";
import { summarizeOffline } from "./summary.ts";

// What each chunk "says": the fake STT reads the chunk's number from a marker after the WAV data.
const SPEECH = [
  "Доброе утро, начинаем планёрку по подъездам.",
  "Вторая бригада до пятницы моет окна на Ленина 5.",
  "Решили закупить новые швабры для всех бригад.",
  "Нужно позвонить в управляющую компанию завтра.",
];
const chunk = (seq: number) => Buffer.concat([createToneWav(0.1), Buffer.from(`SEQ=${seq};`)]);
const seqOf = (buffer: Buffer) => Number(/SEQ=(\d+);/.exec(buffer.toString("latin1"))?.[1] ?? -1);

let db: Database;
let fake: FakeOpenAI;
let dataDir: string;
let brigadeTwo: { id: number; leadTelegramId: string };
let leadOfOther: string;
let cleanerTelegramId: string;

function appWith(ctx: ServiceContext) {
  const registry = new OpenAPIRegistry();
  const feature = createMeetingsFeature({ ctx, registry, scheduler: undefined as never, hasVector: false });
  return createApp({
    ctx,
    hasVector: false,
    registry,
    miniAppDir: null,
    apiRouters: feature.apiRouters,
    healthChecks: feature.healthChecks,
  }).app;
}

const withAi = () => ({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl, DATA_DIR: dataDir });

const postChunk = (app: ReturnType<typeof appWith>, id: number, seq: number, body = chunk(seq)) =>
  request(app)
    .post(`/api/meetings/${id}/chunks`)
    .set("Authorization", "demo")
    .field("seq", String(seq))
    .field("startMs", String(seq * 5000))
    .field("durationMs", "5000")
    .attach("file", body, { filename: `chunk-${seq}.wav`, contentType: "audio/wav" });

beforeAll(async () => {
  db = await createDemoTestDatabase();
  fake = await startFakeOpenAI();
  dataDir = await mkdtemp(path.join(tmpdir(), "meetings-test-"));
  const [two] = await db.query<{ id: number; telegram_id: string }>(
    `SELECT b.id, e.telegram_id::text FROM brigades b JOIN employees e ON e.brigade_id = b.id AND e.role = 'brigade_lead' WHERE b.number = 2`,
  );
  brigadeTwo = { id: two!.id, leadTelegramId: two!.telegram_id };
  const [other] = await db.query<{ telegram_id: string }>(
    `SELECT e.telegram_id::text FROM brigades b JOIN employees e ON e.brigade_id = b.id AND e.role = 'brigade_lead' WHERE b.number = 1`,
  );
  leadOfOther = other!.telegram_id;
  const [cleaner] = await db.query<{ telegram_id: string }>(
    `SELECT telegram_id::text FROM employees WHERE role = 'cleaner' AND telegram_id IS NOT NULL LIMIT 1`,
  );
  cleanerTelegramId = cleaner!.telegram_id;
});

afterAll(async () => {
  await fake?.close();
  await db?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a планёрка recorded in chunks with recognition and a model configured", () => {
  let app: ReturnType<typeof appWith>;
  let id: number;
  let view: MeetingView;
  let events: Promise<string>;

  beforeAll(async () => {
    app = appWith(createTestContext(db, withAi()));
    let failedOnce = false;
    fake.behaviour.transcribe = (upload) => {
      const seq = seqOf(upload.buffer);
      // One chunk fails the first time, as a provider's hiccup would.
      if (seq === 2 && !failedOnce) {
        failedOnce = true;
        return { error: { status: 500, message: "upstream hiccup" } };
      }
      return SPEECH[seq] ?? "";
    };
    fake.behaviour.chat = (req) => {
      const system = req.messages[0]?.content ?? "";
      if (!system.includes("секретарь планёрки")) return { content: "?" };
      return {
        content: JSON.stringify({
          overview: ["Обсудили окна и инвентарь"],
          decisions: ["Закупить новые швабры"],
          actionItems: [
            { text: "Помыть окна на Ленина 5", who: "2 бригада", when: "до пятницы" },
            { text: "Позвонить в управляющую компанию", who: null, when: "завтра" },
          ],
        }),
      };
    };
  });

  it("starts a meeting with a default title", async () => {
    const created = await request(app).post("/api/meetings").set("Authorization", "demo").send({});
    expect(created.status).toBe(201);
    id = (created.body as { id: number }).id;
    expect(id).toBeGreaterThan(0);
    const server = app.listen(0);
    const { port } = server.address() as AddressInfo;
    // A second viewer follows the meeting live through the event stream until it is done.
    events = fetch(`http://127.0.0.1:${port}/api/meetings/${id}/events`, {
      headers: { Authorization: "demo", Accept: "text/event-stream" },
    })
      .then((response) => response.text())
      .finally(() => server.close());
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it("answers each chunk with its text, sending the previous text as the prompt", async () => {
    const first = await postChunk(app, id, 0);
    expect(first.status).toBe(200);
    expect(first.body.segments).toEqual([{ seq: 0, startMs: 0, endMs: 5000, text: SPEECH[0], status: "done" }]);
    const second = await postChunk(app, id, 1);
    expect(second.body.segments[0]).toMatchObject({ seq: 1, startMs: 5000, endMs: 10000, text: SPEECH[1] });
    expect(fake.transcriptions.at(-1)!.fields.prompt).toContain("начинаем планёрку");
    expect(fake.transcriptions.at(-1)!.fields.language).toBe("ru");
  });

  it("is idempotent per seq: a re-sent chunk is not transcribed again", async () => {
    const before = fake.transcriptions.length;
    const again = await postChunk(app, id, 1);
    expect(again.status).toBe(200);
    expect(again.body.segments[0]).toMatchObject({ seq: 1, text: SPEECH[1] });
    expect(fake.transcriptions.length).toBe(before);
  });

  it("marks a chunk the recognition fails on as failed and goes on", async () => {
    const failed = await postChunk(app, id, 2);
    expect(failed.status).toBe(200);
    expect(failed.body.segments[0]).toMatchObject({ seq: 2, status: "failed", text: "" });
    const next = await postChunk(app, id, 3);
    expect(next.body.segments[0]).toMatchObject({ seq: 3, status: "done", text: SPEECH[3] });
    const meeting = (await request(app).get(`/api/meetings/${id}`).set("Authorization", "demo")).body as MeetingView;
    expect(meeting.status).toBe("recording");
    expect(meeting.transcriptNote).toMatch(/Не распознано фрагментов: 1/);
  });

  it("refuses what is not audio with 415", async () => {
    const response = await postChunk(app, id, 4, Buffer.from("%PDF-1.7 not a sound at all"));
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe("unsupported_media_type");
  });

  it("stops: retries the failed chunk, summarises with the model and resolves who and when", async () => {
    const response = await request(app).post(`/api/meetings/${id}/stop`).set("Authorization", "demo");
    expect(response.status).toBe(200);
    view = response.body as MeetingView;
    expect(view.status).toBe("done");
    expect(view.segments.map((s) => s.status)).toEqual(["done", "done", "done", "done"]);
    expect(view.segments[2]!.text).toBe(SPEECH[2]);
    expect(view.summary).toMatchObject({ engine: "llm", decisions: ["Закупить новые швабры"] });
    const prompt = fake.chatRequests.at(-1)!.messages[0]!.content!;
    expect(prompt).toContain("Не придумывай");
    expect(fake.chatRequests.at(-1)!.messages[1]!.content).toContain("Вторая бригада до пятницы");
    const [windows, call] = view.actionItems;
    expect(windows).toMatchObject({
      n: 1,
      who: { label: "2 бригада", brigadeId: brigadeTwo.id },
      when: { label: "до пятницы", dueDay: "2026-11-27" },
    });
    expect(windows!.when!.remindAt).toBe("2026-11-27T06:00:00.000Z");
    expect(call).toMatchObject({ n: 2, who: null, when: { dueDay: "2026-11-27" } });
  });

  it("streamed the segments, the status and the summary to the live viewer", async () => {
    const stream = await events;
    expect(stream).toContain("event: segment");
    expect(stream).toContain(SPEECH[3]);
    expect(stream).toContain("event: summary");
    expect(stream).toMatch(/event: status\ndata: \{"status":"done"\}/);
  });

  it("refuses a new chunk after stop with 409, and answers a re-sent old one", async () => {
    expect((await postChunk(app, id, 9)).status).toBe(409);
    expect((await postChunk(app, id, 3)).body.segments[0]).toMatchObject({ seq: 3, text: SPEECH[3] });
  });

  it("turns an action item into the same reminder as /api/ai-tasks, once", async () => {
    const created = await request(app)
      .post(`/api/meetings/${id}/action-items/1/task`)
      .set("Authorization", "demo")
      .send({});
    expect(created.status).toBe(201);
    expect(created.body.task).toMatchObject({
      text: "Помыть окна на Ленина 5",
      target: { brigadeId: brigadeTwo.id },
      nextRunAt: "2026-11-27T06:00:00.000Z",
      status: "scheduled",
    });
    const again = await request(app)
      .post(`/api/meetings/${id}/action-items/1/task`)
      .set("Authorization", "demo")
      .send({});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isNew: false, task: { id: created.body.task.id } });
    const stored = await db.prisma.task.findUnique({ where: { id: created.body.task.id as number } });
    expect(stored).toMatchObject({ targetBrigadeId: brigadeTwo.id, status: "scheduled" });
  });

  it("asks whom to remind when the action item names nobody", async () => {
    const response = await request(app)
      .post(`/api/meetings/${id}/action-items/2/task`)
      .set("Authorization", "demo")
      .send({});
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("action_item_target_unknown");
    const chosen = await request(app)
      .post(`/api/meetings/${id}/action-items/2/task`)
      .set("Authorization", "demo")
      .send({ target: { brigadeId: brigadeTwo.id } });
    expect(chosen.status).toBe(201);
    expect(
      (await request(app).post(`/api/meetings/${id}/action-items/99/task`).set("Authorization", "demo").send({}))
        .status,
    ).toBe(404);
  });

  it("exports .txt with date, participants, timestamped transcript, summary and action items, and .docx", async () => {
    const txt = await request(app).get(`/api/meetings/${id}/export.txt`).set("Authorization", "demo");
    expect(txt.status).toBe(200);
    expect(txt.headers["content-type"]).toMatch(/text\/plain/);
    expect(txt.headers["content-disposition"]).toMatch(/attachment/);
    expect(txt.text).toContain("Планёрка: Планёрка 26.11.2026");
    expect(txt.text).toMatch(/Дата: 26\.11\.2026 10:00/);
    expect(txt.text).toContain("Участники:");
    expect(txt.text).toContain(`[00:05] ${SPEECH[1]}`);
    expect(txt.text).toContain("Решения");
    expect(txt.text).toContain("1. Помыть окна на Ленина 5 (кто: 2 бригада; когда: до пятницы)");
    const docx = await request(app)
      .get(`/api/meetings/${id}/export.docx`)
      .set("Authorization", "demo")
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on("data", (part: Buffer) => parts.push(part));
        res.on("end", () => done(null, Buffer.concat(parts)));
      });
    expect(docx.status).toBe(200);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe("PK");
  });

  it("finds the meeting by words of its transcript in any form (Russian full-text)", async () => {
    const found = await request(app).get("/api/meetings").query({ search: "швабра" }).set("Authorization", "demo");
    expect(found.status).toBe(200);
    const items = found.body.items as MeetingListItem[];
    expect(items.map((item) => item.id)).toContain(id);
    expect(items.find((item) => item.id === id)!.snippet).toContain("«швабры»");
    const none = await request(app).get("/api/meetings").query({ search: "трактор" }).set("Authorization", "demo");
    expect(none.body.items).toEqual([]);
  });

  it("answers a client that does not ask for a stream with the state once", async () => {
    const once = await request(app).get(`/api/meetings/${id}/events`).set("Authorization", "demo");
    expect(once.status).toBe(200);
    expect(once.text).toMatch(/^event: status\ndata: \{"status":"done"\}/);
  });

  it("lets the lead of the named brigade read it, and nobody else outside the office", async () => {
    const tokenApp = appWith(createTestContext(db, { ...withAi(), TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN }));
    const as = (telegramId: string) => `tma ${signInitData(BigInt(telegramId))}`;
    const lead = await request(tokenApp).get(`/api/meetings/${id}`).set("Authorization", as(brigadeTwo.leadTelegramId));
    expect(lead.status).toBe(200);
    const leadList = await request(tokenApp).get("/api/meetings").set("Authorization", as(brigadeTwo.leadTelegramId));
    expect(leadList.body).toMatchObject({ total: 1 });
    expect((leadList.body.items as MeetingListItem[]).map((item) => item.id)).toContain(id);
    // Another brigade's lead is not told the meeting exists.
    expect((await request(tokenApp).get(`/api/meetings/${id}`).set("Authorization", as(leadOfOther))).status).toBe(404);
    const otherList = await request(tokenApp).get("/api/meetings").set("Authorization", as(leadOfOther));
    expect((otherList.body.items as MeetingListItem[]).map((item) => item.id)).not.toContain(id);
    expect((await request(tokenApp).get("/api/meetings").set("Authorization", as(cleanerTelegramId))).status).toBe(403);
    expect(
      (await request(tokenApp).post("/api/meetings").set("Authorization", as(brigadeTwo.leadTelegramId)).send({}))
        .status,
    ).toBe(403);
  });

  it("deletes the meeting with its audio", async () => {
    expect(await readdir(path.join(dataDir, "meetings", String(id)))).toHaveLength(4);
    expect((await request(app).delete(`/api/meetings/${id}`).set("Authorization", "demo")).status).toBe(204);
    expect((await request(app).get(`/api/meetings/${id}`).set("Authorization", "demo")).status).toBe(404);
    await expect(readdir(path.join(dataDir, "meetings", String(id)))).rejects.toThrow();
  });
});

describe("a планёрка without speech recognition", () => {
  it("is recorded and kept; the backlog is transcribed once STT_BASE_URL is set, summarised without AI", async () => {
    const app = appWith(createTestContext(db, { DATA_DIR: dataDir }));
    const { id } = (await request(app).post("/api/meetings").set("Authorization", "demo").send({ title: "Утренняя" }))
      .body as { id: number };
    const response = await postChunk(app, id, 0);
    expect(response.body.segments[0]).toMatchObject({ seq: 0, status: "pending", text: "" });
    await postChunk(app, id, 1);
    const stopped = (await request(app).post(`/api/meetings/${id}/stop`).set("Authorization", "demo"))
      .body as MeetingView;
    expect(stopped.status).toBe("processing");
    expect(stopped.transcriptNote).toMatch(/Распознавание речи не настроено/);

    // Speech recognition from its own server (a self-hosted Whisper), no LLM: the summary is made offline.
    fake.behaviour.transcribe = (upload) => SPEECH[seqOf(upload.buffer)] ?? "";
    const ctx = createTestContext(db, { STT_BASE_URL: fake.baseUrl, STT_API_KEY: fake.apiKey, DATA_DIR: dataDir });
    expect(await transcribeMeetingBacklog(createMeetingsDeps(ctx))).toBe(2);
    const done = (await request(appWith(ctx)).get(`/api/meetings/${id}`).set("Authorization", "demo"))
      .body as MeetingView;
    expect(done.status).toBe("done");
    expect(done.segments.map((s) => s.text)).toEqual([SPEECH[0], SPEECH[1]]);
    expect(done.summary).toMatchObject({ engine: "offline", note: expect.stringMatching(/без ИИ/) });
    expect(done.actionItems[0]).toMatchObject({
      text: SPEECH[1],
      who: { brigadeId: brigadeTwo.id },
      when: { dueDay: "2026-11-27" },
    });
  });

  it("deletes audio older than MEETINGS_AUDIO_DAYS and keeps the transcript", async () => {
    const clock = fixedClock(TEST_NOW);
    const ctx = createTestContext(db, { DATA_DIR: dataDir, MEETINGS_AUDIO_DAYS: "30" }, clock);
    const app = appWith(ctx);
    const { id } = (await request(app).post("/api/meetings").set("Authorization", "demo").send({})).body as {
      id: number;
    };
    await postChunk(app, id, 0);
    await request(app).post(`/api/meetings/${id}/stop`).set("Authorization", "demo");
    expect(await deleteOldMeetingAudio(ctx)).toBe(0);
    clock.advance(31 * 86_400_000);
    expect(await deleteOldMeetingAudio(ctx)).toBeGreaterThanOrEqual(1);
    await expect(readdir(path.join(dataDir, "meetings", String(id)))).rejects.toThrow();
    const view = (await request(app).get(`/api/meetings/${id}`).set("Authorization", "demo")).body as MeetingView;
    expect(view.isAudioDeleted).toBe(true);
  });
});

describe("bad input", () => {
  it("answers coded 4xx for ids past int4, a missing file, control characters and an unknown meeting", async () => {
    const app = appWith(createTestContext(db, { DATA_DIR: dataDir }));
    expect((await request(app).get("/api/meetings/2147483648").set("Authorization", "demo")).status).toBe(400);
    expect((await request(app).get("/api/meetings/999999").set("Authorization", "demo")).status).toBe(404);
    expect(
      (await request(app).post("/api/meetings").set("Authorization", "demo").send({ title: "a\u0000b" })).status,
    ).toBe(400);
    const { id } = (await request(app).post("/api/meetings").set("Authorization", "demo").send({})).body as {
      id: number;
    };
    const noFile = await request(app).post(`/api/meetings/${id}/chunks`).set("Authorization", "demo").field("seq", "0");
    expect(noFile.status).toBe(400);
    const badSeq = await request(app)
      .post(`/api/meetings/${id}/chunks`)
      .set("Authorization", "demo")
      .field("seq", "-1")
      .attach("file", chunk(0), "a.wav");
    expect(badSeq.status).toBe(400);
  });
});

describe("offline summary", () => {
  it("picks the sentences with decisions and assignments, with who and when", () => {
    const summary = summarizeOffline(
      "Всем доброе утро. Обсудили жалобы жильцов на Садовой. Договорились сдавать фотоотчёт до обеда. Петрову нужно проверить ключи до среды. Третья бригада завтра выходит на Ленина.",
      { brigades: [{ number: 3, name: "Бригада 3" }], employees: [{ name: "Иван Петров" }] },
    );
    expect(summary.engine).toBe("offline");
    expect(summary.note).toMatch(/без ИИ/);
    expect(summary.decisions).toEqual(["Договорились сдавать фотоотчёт до обеда."]);
    expect(summary.assignments).toEqual([
      { text: "Петрову нужно проверить ключи до среды.", who: "Петрову", when: "до среды" },
      { text: "Третья бригада завтра выходит на Ленина.", who: "Третья бригада", when: "завтра" },
    ]);
  });
});
