import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "../../../../bot/src/testing/fake-bot-api.ts";
import type { Database } from "../../../../prisma/client.ts";
import { createApp } from "../../app.ts";
import { createScheduler } from "../../jobs/scheduler.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { signInitData } from "../../testing/test-app.ts";
import { createTestDatabase } from "../../testing/test-db.ts";
import { actsContext, seedActCompany } from "../acts/testing/act-fixtures.ts";
import { photosFeature } from "./photos.feature.ts";

let db: Database;
let fake: FakeBotApi;
let cacheDir: string;
/** A JPEG-looking file of `size` bytes (the proxy checks magic bytes, not names). */
const jpeg = (size: number, fill: number) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 4, fill)]);
const PHOTOS = { a: jpeg(40_000, 1), b: jpeg(40_000, 2), c: jpeg(40_000, 3), d: jpeg(40_000, 4) };

/** Collects a binary body as a Buffer. */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => done(null, Buffer.concat(chunks)));
};

async function appWith(env: Record<string, string>) {
  const ctx = actsContext(db, env);
  const registry = new OpenAPIRegistry();
  const feature = await photosFeature({
    ctx,
    registry,
    hasVector: false,
    scheduler: createScheduler({ logger: ctx.logger, timeZone: ctx.config.timeZone }),
  });
  const { app } = createApp({ ctx, hasVector: false, registry, miniAppDir: null, apiRouters: feature.apiRouters });
  const as = (telegramId: number) =>
    `tma ${signInitData(telegramId, { token: fake.token, authDate: ctx.clock.now() })}`;
  return { app, as, feature };
}

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), new FakeBotApi().start()]);
  await seedActCompany(db);
  // The report flow stored Telegram's file ids: here, the ones the fake Bot API serves.
  const ids = Object.fromEntries(
    Object.entries(PHOTOS).map(([name, bytes]) => [name, fake.addFile({ bytes, path: `photos/${name}.jpg` }).fileId]),
  );
  await db.query(`UPDATE cleaning_visits SET photos = ARRAY[$1, $2] WHERE id = 101`, [ids.a, ids.b]);
  await db.query(`UPDATE cleaning_visits SET photos = ARRAY[$1] WHERE id = 104`, [ids.c]);
  await db.query(`UPDATE cleaning_visits SET photos = ARRAY[$1, 'gone-from-telegram'] WHERE id = 105`, [ids.d]);
  cacheDir = await mkdtemp(path.join(tmpdir(), "photo-cache-test-"));
});
afterAll(async () => {
  await Promise.all([db?.close(), fake?.close(), cacheDir && rm(cacheDir, { recursive: true, force: true })]);
});

describe("GET /api/houses/:id/photos", () => {
  it("lists the month's photos by visit and counts done visits without photos", async () => {
    const { app, as } = await appWith({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const response = await request(app).get("/api/houses/1/photos?month=2026-11").set("Authorization", as(700101));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      houseId: 1,
      address: "ул. Билибина, 6",
      month: "2026-11",
      doneWithoutPhotos: 1,
    });
    expect(response.body.visits).toEqual([
      expect.objectContaining({
        visitId: 101,
        date: "2026-11-03",
        reportedBy: "Пётр Бригадиров",
        photos: [
          { id: "101-0", url: "/api/photos/101-0" },
          { id: "101-1", url: "/api/photos/101-1" },
        ],
      }),
      expect.objectContaining({
        visitId: 104,
        date: "2026-11-24",
        photos: [{ id: "104-0", url: "/api/photos/104-0" }],
      }),
    ]);
  });

  it("is 403 for another brigade's house, 404 for an unknown one, 400 for bad input", async () => {
    const { app, as } = await appWith({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const foreign = await request(app).get("/api/houses/1/photos?month=2026-11").set("Authorization", as(700102));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toEqual({ code: "forbidden", message: "Фото доступны только по домам своей бригады" });
    expect((await request(app).get("/api/houses/999/photos").set("Authorization", as(700100))).status).toBe(404);
    expect((await request(app).get("/api/houses/2147483648/photos").set("Authorization", as(700100))).status).toBe(400);
    expect(
      (await request(app).get("/api/houses/1/photos?month=2031-01").set("Authorization", as(700100))).body.error.code,
    ).toBe("month_out_of_range");
  });
});

describe("GET /api/photos/:id through the fake Bot API", () => {
  it("fetches a photo from Telegram once, then serves it from the disk cache", async () => {
    const { app, as } = await appWith({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATA_DIR: cacheDir,
    });
    const mark = fake.mark();
    const first = await request(app)
      .get("/api/photos/101-0")
      .set("Authorization", as(700101))
      .buffer(true)
      .parse(binary);
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("image/jpeg");
    expect(first.headers["x-photo-source"]).toBe("telegram");
    expect(Buffer.compare(first.body as Buffer, PHOTOS.a)).toBe(0);
    const second = await request(app)
      .get("/api/photos/101-0")
      .set("Authorization", as(700100))
      .buffer(true)
      .parse(binary);
    expect(second.headers["x-photo-source"]).toBe("cache");
    expect(Buffer.compare(second.body as Buffer, PHOTOS.a)).toBe(0);
    expect(fake.callsOf("getFile", mark)).toHaveLength(1);
    expect((await readdir(path.join(cacheDir, "photo-cache"))).filter((name) => name.endsWith(".jpg"))).toHaveLength(1);
    // A restart keeps what is on disk.
    const restarted = await appWith({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATA_DIR: cacheDir,
    });
    const third = await request(restarted.app).get("/api/photos/101-0").set("Authorization", as(700100));
    expect(third.headers["x-photo-source"]).toBe("cache");
    expect(fake.callsOf("getFile", mark)).toHaveLength(1);
  });

  it("is 403 for another brigade's photo without asking Telegram", async () => {
    const { app, as } = await appWith({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const mark = fake.mark();
    const response = await request(app).get("/api/photos/101-1").set("Authorization", as(700102));
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
    expect(fake.callsOf("getFile", mark)).toHaveLength(0);
    expect((await request(app).get("/api/photos/105-0").set("Authorization", as(700102))).status).toBe(200);
  });

  it("keeps the disk cache within PHOTO_CACHE_MB, dropping the least recently shown photo", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "photo-cache-limit-"));
    try {
      // 0.09 MB holds two of the 40 KB photos.
      const { app, as } = await appWith({
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATA_DIR: dir,
        PHOTO_CACHE_MB: "0.09",
      });
      const get = (id: string) => request(app).get(`/api/photos/${id}`).set("Authorization", as(700100));
      await get("101-0");
      await get("101-1");
      expect((await get("101-0")).headers["x-photo-source"]).toBe("cache");
      await get("104-0"); // 101-1 was shown least recently: it goes
      const files = await readdir(path.join(dir, "photo-cache"));
      expect(files).toHaveLength(2);
      expect((await get("101-0")).headers["x-photo-source"]).toBe("cache");
      expect((await get("104-0")).headers["x-photo-source"]).toBe("cache");
      expect((await get("101-1")).headers["x-photo-source"]).toBe("telegram");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("answers bad ids, missing photos and an unconfigured bot with coded errors, never the token", async () => {
    const { app, as } = await appWith({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const get = (id: string) => request(app).get(`/api/photos/${id}`).set("Authorization", as(700100));
    expect((await get("abc")).status).toBe(400);
    expect((await get("99999999999-0")).status).toBe(400);
    expect((await get("101-7")).status).toBe(404);
    const gone = await get("105-1");
    expect(gone.status).toBe(404);
    expect(gone.body.error).toEqual({ code: "file_unavailable", message: "Telegram больше не отдаёт этот файл" });
    expect(JSON.stringify(gone.body)).not.toContain(fake.token);

    const noBot = await appWith({});
    const demoAuth = await request(noBot.app).get("/api/photos/101-0").set("Authorization", "demo");
    expect(demoAuth.status).toBe(503);
    expect(demoAuth.body.error.code).toBe("telegram_not_configured");
    expect((await noBot.feature.healthChecks!.photos!()).status).toBe("off");
  });

  it("draws a stand-in for the demo company's made-up photo ids", async () => {
    await db.query(`UPDATE cleaning_visits SET photos = ARRAY['demo-photo-3-2026-11-10-0'] WHERE id = 102`);
    try {
      const { app } = await appWith({});
      const response = await request(app).get("/api/photos/102-0").set("Authorization", "demo");
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toContain("image/svg+xml");
      expect(response.headers["x-photo-source"]).toBe("demo");
    } finally {
      await db.query(`UPDATE cleaning_visits SET photos = '{}' WHERE id = 102`);
    }
  });
});
