import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../../prisma/client.ts";
import { fixedClock } from "../../../lib/clock.ts";
import type { ServiceContext } from "../../../lib/context.ts";
import { createPostgresTestDatabase, createTestContext, seedDemo } from "../../../testing/test-db.ts";
import { parseIntent } from "./grammar.ts";
import { readPeriod } from "./periods.ts";
import { runQuestionTable, summarize, TABLE_NOW } from "./run-table.ts";
import { normalizeQuestion, Words } from "./text.ts";

let db: Database;
let drop: () => Promise<void>;
let ctx: ServiceContext;

beforeAll(async () => {
  ({ db, drop } = await createPostgresTestDatabase());
  await seedDemo(db);
  ctx = createTestContext(db, {}, fixedClock(TABLE_NOW));
}, 120_000);

afterAll(async () => {
  await drop();
});

describe("the offline assistant on the question table", () => {
  it("answers every question right or declines honestly, and at least 90% right", async () => {
    const scored = await runQuestionTable(ctx);
    const wrong = scored
      .filter((item) => item.verdict === "wrong")
      .map((item) => ({
        question: item.row.question,
        intent: item.intent,
        missing: item.missing,
        answer: item.answer,
      }));
    expect(wrong).toEqual([]);
    const score = summarize(scored);
    expect(score.total).toBeGreaterThanOrEqual(60);
    const declined = scored
      .filter((item) => item.verdict === "declined")
      .map((item) => `${item.row.question} -> ${item.answer}`);
    expect(score.correct / score.total, declined.join("\n")).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});

describe("the grammar", () => {
  const directory = {
    brigades: [],
    managementCompanies: [{ id: 1, title: "УК «Жилищник»" }],
    stages: [{ id: "C34:LOSE", title: "Договор расторгнут" }],
  };
  const intentOf = (question: string) =>
    parseIntent(question, { now: TABLE_NOW, timeZone: "Europe/Moscow", directory, hasKnowledge: false }).name;

  it("reads number words and typos", () => {
    expect(normalizeQuestion("Дома ТРЕТЬЕЙ бригады на двадцать пятое ноября!")).toBe("дома 3 бригады на 25 ноября");
    expect(normalizeQuestion("в пятницу вторник")).toBe("в пятницу вторник");
    expect(intentOf("скока квартир на кибальчеча 3")).toBe("house_fact");
  });

  it("reads months by name as the whole month, not the 1st", () => {
    const words = new Words(normalizeQuestion("сколько уборок выполнили в ноябре"));
    expect(readPeriod(words, { now: TABLE_NOW, timeZone: "Europe/Moscow" })).toMatchObject({
      kind: "month",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    const march = new Words("в марте");
    expect(readPeriod(march, { now: TABLE_NOW, timeZone: "Europe/Moscow" })).toMatchObject({ from: "2027-03-01" });
  });

  it("never takes a house number for a date, nor an unknown question for today's houses", () => {
    const words = new Words("график кибальчича 3");
    expect(readPeriod(words, { now: TABLE_NOW, timeZone: "Europe/Moscow" })).toBeNull();
    expect(intentOf("какая погода будет завтра")).toBe("out_of_scope");
    expect(intentOf("кто дежурит завтра")).toBe("unknown");
  });
});
