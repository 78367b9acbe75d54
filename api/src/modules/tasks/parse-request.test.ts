import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/errors.ts";
import { parseTaskRequest, parseTaskRequests, type ParseScope } from "./parse-request.ts";

// Wednesday 25.11.2026, 13:00 in Moscow.
const NOW = new Date("2026-11-25T10:00:00Z");
const scope: ParseScope = {
  now: NOW,
  timeZone: "Europe/Moscow",
  requesterId: 7,
  brigades: [
    { id: 11, number: 2, name: "Бригада 2" },
    { id: 12, number: 3, name: "Бригада 3" },
  ],
  employees: [
    { id: 7, name: "Смирнова Анна", role: "manager", brigadeId: null },
    { id: 8, name: "Иванов Пётр", role: "brigade_lead", brigadeId: 11 },
    { id: 9, name: "Козлова Ольга", role: "brigade_lead", brigadeId: 12 },
  ],
};

const parse = (request: string) => parseTaskRequest(request, scope);

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe("parseTaskRequest: moments", () => {
  it("«завтра в 9» is 9:00 Moscow tomorrow, and «мне» is the requester", () => {
    expect(parse("Напомни мне завтра в 9 позвонить в УК")).toEqual({
      text: "Позвонить в УК",
      target: { employeeId: 7 },
      at: new Date("2026-11-26T06:00:00Z"),
    });
  });

  it("«в пятницу утром» is Friday 9:00, the start of the working morning", () => {
    const draft = parse("Напомни 2 бригаде в пятницу утром взять ключи");
    expect(draft.at).toEqual(new Date("2026-11-27T06:00:00Z"));
    expect(draft.target).toEqual({ brigadeId: 11 });
    expect(draft.text).toBe("Взять ключи");
  });

  it("«через 2 часа» counts from now", () => {
    expect(parse("напомни мне через 2 часа проверить отчёт").at).toEqual(new Date("2026-11-25T12:00:00Z"));
  });

  it("keeps the address in the text: the house number is not a time", () => {
    expect(parse("Напомни 2 бригаде завтра в 8:30 взять ключи от подвала на Билибина 6")).toEqual({
      text: "Взять ключи от подвала на Билибина 6",
      target: { brigadeId: 11 },
      at: new Date("2026-11-26T05:30:00Z"),
    });
  });

  it("reads a bare «26.11» as a date of this year", () => {
    expect(parse("Напомни 3 бригаде 26.11 в 08:30: сдать акты").at).toEqual(new Date("2026-11-26T05:30:00Z"));
  });

  it("finds an employee by surname in the dative", () => {
    expect(parse("Напомни Иванову завтра в 10:00 забрать химию").target).toEqual({ employeeId: 8 });
  });

  it("«вечером» after the evening has begun is not in the past", () => {
    const late = { ...scope, now: new Date("2026-11-25T16:00:00Z") }; // 19:00 Moscow
    expect(parseTaskRequest("напомни мне вечером закрыть смену", late).at).toEqual(new Date("2026-11-26T15:00:00Z"));
  });
});

describe("parseTaskRequest: recurrences become cron in the company zone", () => {
  it("«каждый будний день в 8:00»", () => {
    expect(parse("Напоминай 3 бригаде каждый будний день в 8:00 проверить инвентарь")).toEqual({
      text: "Проверить инвентарь",
      target: { brigadeId: 12 },
      cron: "0 8 * * 1-5",
    });
  });

  it("«каждый понедельник в 9:00» and «каждую пятницу в 17:30»", () => {
    expect(parse("напомни мне каждый понедельник в 9:00 отчёт").cron).toBe("0 9 * * 1");
    expect(parse("напомни мне каждую пятницу в 17:30 сдать ключи").cron).toBe("30 17 * * 5");
  });

  it("«каждое 1 число в 10:00» is monthly", () => {
    expect(parse("напомни мне каждое 1 число в 10:00 выставить счета").cron).toBe("0 10 1 * *");
  });
});

describe("parseTaskRequests: the recipients people name", () => {
  it("«всем бригадам» after the time is one draft per brigade", () => {
    const drafts = parseTaskRequests("завтра в 9 всем бригадам сдать отчёты", scope);
    expect(drafts).toEqual([
      { text: "Сдать отчёты", target: { brigadeId: 11 }, at: new Date("2026-11-26T06:00:00Z") },
      { text: "Сдать отчёты", target: { brigadeId: 12 }, at: new Date("2026-11-26T06:00:00Z") },
    ]);
  });

  it("«бригадирам» are the brigade leads; «бригадиру 3 бригады» is one of them", () => {
    expect(parseTaskRequests("напомни бригадирам в пятницу в 10:00 собрать акты", scope).map((d) => d.target)).toEqual([
      { employeeId: 8 },
      { employeeId: 9 },
    ]);
    expect(parseTaskRequests("напомни бригадиру 3 бригады завтра в 9 забрать ключи", scope)).toEqual([
      { text: "Забрать ключи", target: { employeeId: 9 }, at: new Date("2026-11-26T06:00:00Z") },
    ]);
  });

  it("a brigade said in words, as speech-to-text writes it", () => {
    expect(parse("напомни третьей бригаде завтра в 9 взять ключи").target).toEqual({ brigadeId: 12 });
  });

  it("a single-recipient parse refuses a group clearly instead of picking one", () => {
    expect(errorCode(() => parse("напомни всем бригадам завтра в 9 сдать отчёты"))).toBe("task_target_many");
  });
});

describe("parseTaskRequest: clear errors", () => {
  it("an unknown brigade", () => {
    expect(errorCode(() => parse("напомни 9 бригаде завтра в 9 ключи"))).toBe("task_target_unknown");
  });

  it("no target at all", () => {
    expect(errorCode(() => parse("завтра в 9 взять ключи"))).toBe("task_target_unknown");
  });

  it("no time", () => {
    expect(errorCode(() => parse("напомни мне взять ключи"))).toBe("task_time_unknown");
  });

  it("a time that has passed", () => {
    expect(errorCode(() => parse("напомни мне сегодня в 9:00 взять ключи"))).toBe("task_time_past");
  });

  it("nothing to say", () => {
    expect(errorCode(() => parse("напомни мне завтра в 9"))).toBe("task_text_empty");
  });
});
