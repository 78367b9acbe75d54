import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { fixedClock } from "../../lib/clock.ts";
import { ADMIN, createPostgresTestDatabase, createTestContext, seedDemo } from "../../testing/test-db.ts";
import { createKnowledgeContext } from "../knowledge/knowledge-context.ts";
import { confirmDocument, ingestDocument } from "../knowledge/knowledge.service.ts";
import { createAssistantService, NOT_CONFIGURED_ANSWER } from "./assistant.service.ts";
import { createKnowledgeLookup } from "./knowledge-lookup.ts";
import { answerWithRules, parseBrigadeNumber } from "./rule-assistant.ts";
import { parseRussianDates } from "./russian-dates.ts";

// Thursday 26 November 2026, 09:00 in Kaluga: the demo company's "today".
const NOW = new Date("2026-11-26T06:00:00Z");

// A schema on the local PostgreSQL server starts far faster than a fresh PGlite on a loaded machine.
let db: Database;
let drop: () => Promise<void>;
let ctx: ServiceContext;

/** Independent SQL facts the answers must agree with. */
async function housesOn(day: string, brigade?: number) {
  const rows = await db.query<{ address: string }>(
    `SELECT h.address FROM houses h JOIN brigades b ON b.id = h.brigade_id
      WHERE NOT h.is_archived AND ($2::int IS NULL OR b.number = $2)
        AND EXISTS (SELECT 1 FROM cleaning_visits v WHERE v.house_id = h.id AND v.date = $1::date)
      ORDER BY h.address`,
    [day, brigade ?? null],
  );
  return rows.map((row) => row.address);
}

async function nextVisitOf(address: string) {
  const [row] = await db.query<{ day: string }>(
    `SELECT to_char(v.date, 'DD.MM') AS day FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
      WHERE h.address = $1 AND v.date >= '2026-11-26' AND v.status IN ('planned', 'in_progress') ORDER BY v.date LIMIT 1`,
    [address],
  );
  return row!.day;
}

async function visitsOn(day: string) {
  const [row] = await db.query<{ total: number; done: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS done FROM cleaning_visits WHERE date = $1::date`,
    [day],
  );
  return row!;
}

beforeAll(async () => {
  ({ db, drop } = await createPostgresTestDatabase());
  await seedDemo(db);
  ctx = createTestContext(db, {}, fixedClock(NOW));
});

afterAll(async () => {
  await drop();
});

const ask = (message: string, principal: Principal = ADMIN) => answerWithRules(ctx, { principal, message, now: NOW });

describe("the rule-based Russian assistant", () => {
  it("answers a table of common questions from live data", async () => {
    const tomorrowOfThird = await housesOn("2026-11-27", 3);
    const today = await housesOn("2026-11-26");
    const todayVisits = await visitsOn("2026-11-26");
    const table: { question: string; expected: string[] }[] = [
      { question: "что у нас сегодня", expected: [`Сегодня (26.11): ${today.length} дом`, `1. ${today[0]}`] },
      {
        question: "дома 3 бригады на завтра",
        expected: [`Завтра (27.11) у бригады №3: ${tomorrowOfThird.length} дом`, ...tomorrowOfThird],
      },
      {
        question: "Какие дома у третьей бригады завтра?",
        expected: [`у бригады №3: ${tomorrowOfThird.length}`, ...tomorrowOfThird],
      },
      { question: "бригада №3, что на завтра", expected: [`у бригады №3: ${tomorrowOfThird.length}`] },
      { question: "дома на 28.11", expected: [`Послезавтра (28.11): ${(await housesOn("2026-11-28")).length} дом`] },
      {
        question: "график Кибальчича 3",
        expected: [
          "улица Кибальчича, 3: бригада №1, периодичность",
          "Уборки за 11.2026:",
          `Ближайшая уборка: ${await nextVisitOf("улица Кибальчича, 3")}`,
        ],
      },
      { question: "Когда уборка на Кибальчича, 3?", expected: ["улица Кибальчича, 3: бригада №1"] },
      { question: "график Кибальчича", expected: ["уточните адрес:", "улица Кибальчича, 3"] },
      { question: "график Несуществующая 999", expected: ["Дом по адресу «несуществующая 999» не найден"] },
      {
        question: "сколько уборок выполнено сегодня",
        expected: [`Сегодня (26.11): выполнено ${todayVisits.done} из ${todayVisits.total}`],
      },
      { question: "сколько уборок на этой неделе", expected: ["На этой неделе (23.11–29.11): выполнено"] },
      { question: "дома 9 бригады на завтра", expected: ["Бригады №9 нет"] },
      { question: "помощь", expected: ["Я понимаю такие вопросы", "график Кибальчича 3"] },
    ];
    for (const { question, expected } of table) {
      const answer = await ask(question);
      expect(answer.isUnderstood, question).toBe(true);
      for (const text of expected) expect(answer.answer, question).toContain(text);
    }
  });

  it("cites the houses it listed", async () => {
    const answer = await ask("дома 3 бригады на завтра");
    expect(answer.sources.map((source) => source.title).sort()).toEqual((await housesOn("2026-11-27", 3)).sort());
    expect(answer.sources.every((source) => source.kind === "house" && typeof source.houseId === "number")).toBe(true);
  });

  it("keeps a cleaner to their own brigade", async () => {
    const cleaner: Principal = {
      employeeId: 10,
      telegramId: 7000000009n,
      name: "Кузнецова",
      role: "cleaner",
      brigadeId: 3,
      isDemo: false,
    };
    const own = await ask("что у нас завтра", cleaner);
    expect(own.answer).toContain(`Завтра (27.11) у вашей бригады: ${(await housesOn("2026-11-27", 3)).length}`);
    expect((await ask("дома 5 бригады на завтра", cleaner)).answer).toBe("Вам доступны только дома своей бригады");
    expect((await ask("график Кибальчича 3", cleaner)).answer).toContain("не найден");
  });

  it("answers other questions from the knowledge base, citing the document", async () => {
    const [vector] = await db.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS found`,
    );
    const k = createKnowledgeContext(ctx, { hasVector: Boolean(vector?.found), llm: null });
    const text =
      "Влажную уборку подъезда делают средством «Чистый дом», 50 мл на ведро воды.\n\nОкна в подъездах моют два раза в год: весной и осенью.";
    const document = await ingestDocument(k, { data: Buffer.from(text), fileName: "Регламент уборки.txt" });
    await confirmDocument(k, { id: document.id });

    const answer = await answerWithRules(ctx, {
      principal: ADMIN,
      message: "Как часто моют окна?",
      now: NOW,
      knowledge: createKnowledgeLookup(ctx),
    });
    expect(answer.isUnderstood).toBe(true);
    expect(answer.answer).toContain("Вот что нашлось в базе знаний:");
    expect(answer.answer).toContain("два раза в год");
    expect(answer.sources[0]).toMatchObject({ kind: "knowledge", title: expect.stringContaining("Регламент уборки") });
  });

  it("says honestly what it cannot do when no model is configured", async () => {
    expect((await ask("расскажи анекдот")).isUnderstood).toBe(false);
    const assistant = createAssistantService(ctx, { openai: null });
    const reply = await assistant.ask({ principal: ADMIN, message: "расскажи анекдот" });
    expect(reply).toMatchObject({ answer: NOT_CONFIGURED_ANSWER, mode: "rules", sources: [] });
    expect(reply.answer).toContain("ИИ-ассистент не подключён");
  });
});

describe("Russian dates and numbers", () => {
  const parse = (text: string) => parseRussianDates(text, { now: NOW, timeZone: "Europe/Moscow" });

  it("reads days in words, numerals and weeks", () => {
    expect(parse("сегодня")).toMatchObject({ from: "2026-11-26", to: "2026-11-26", label: "сегодня (26.11)" });
    expect(parse("на завтра")).toMatchObject({ from: "2026-11-27", label: "завтра (27.11)" });
    expect(parse("послезавтра")?.from).toBe("2026-11-28");
    expect(parse("в понедельник")?.from).toBe("2026-11-30");
    expect(parse("1 декабря")?.from).toBe("2026-12-01");
    expect(parse("через 2 дня")?.from).toBe("2026-11-28");
    expect(parse("на 3.12")?.from).toBe("2026-12-03");
    expect(parse("на следующей неделе")).toMatchObject({ from: "2026-11-30", to: "2026-12-06" });
    expect(parse("какие дома")).toBeNull();
  });

  it("reads brigade numbers as digits and as words", () => {
    expect(parseBrigadeNumber("дома 3 бригады")?.number).toBe(3);
    expect(parseBrigadeNumber("дома 3-й бригады")?.number).toBe(3);
    expect(parseBrigadeNumber("бригада №5")?.number).toBe(5);
    expect(parseBrigadeNumber("у седьмой бригады")?.number).toBe(7);
    expect(parseBrigadeNumber("бригада номер два")?.number).toBe(2);
    expect(parseBrigadeNumber("что у нас")).toBeUndefined();
  });
});
