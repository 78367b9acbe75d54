// The table of everyday questions the offline assistant is held to (the test and `npm run bench:assistant`):
// varied phrasings, typos, word order, numbers as words, voice transcripts without punctuation. Each row names
// the facts a right answer contains, computed by independent SQL over the same database, or expects a decline.
import type { Database } from "../../../../../prisma/client.ts";
import type { Principal } from "../../../lib/context.ts";
import type { IntentName } from "./grammar.ts";

export interface TableRow {
  question: string;
  intent: IntentName;
  /** Substrings a right answer contains; "decline" when the right answer is an honest refusal. */
  expected: string[] | "decline";
  principal?: Principal;
}

export interface ScoredRow {
  row: TableRow;
  answer: string;
  intent: IntentName;
  verdict: "correct" | "declined" | "wrong";
  missing: string[];
}

interface HouseFacts {
  id: number;
  address: string;
  street: string;
  number: string;
  brigade: number;
  mc_title: string;
  mc_phone: string;
  contact_name: string;
  contact_phone: string;
  apartments: number;
  entrances: number;
  floors: number;
  tariff: string;
  stage: string;
}

const plural = (n: number, one: string, few: string, many: string) => {
  const m10 = n % 10;
  const m100 = n % 100;
  return m10 === 1 && m100 !== 11 ? one : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many;
};
const houses = (n: number) => `${n} ${plural(n, "дом", "дома", "домов")}`;

/** Independent facts of the demo database (plain SQL, not the assistant's own queries). */
class Facts {
  constructor(private readonly db: Database) {}

  async house(address: string): Promise<HouseFacts> {
    const [row] = await this.db.query<HouseFacts>(
      `SELECT h.id, h.address, b.number AS brigade, mc.title AS mc_title, mc.phones[1] AS mc_phone, h.contact_name, h.contact_phone,
              h.apartments, h.entrances, h.floors, h.tariff, s.title AS stage
         FROM houses h JOIN brigades b ON b.id = h.brigade_id JOIN management_companies mc ON mc.id = h.management_company_id
         JOIN crm_stages s ON s.id = h.stage_id WHERE h.address = $1`,
      [address],
    );
    if (!row) throw new Error(`no demo house ${address}`);
    const [street, number] = row.address.split(", ") as [string, string];
    return { ...row, street: street.replace(/^улица /, "").replace(/ улица$/, ""), number };
  }

  async nth(offset: number): Promise<HouseFacts> {
    const [row] = await this.db.query<{ address: string }>(
      `SELECT address FROM houses WHERE address !~ '[а-я]$' AND address !~ 'к[12]$' AND address ~ '^улица [А-Я][а-я]+, \\d+$' ORDER BY id OFFSET $1 LIMIT 1`,
      [offset],
    );
    return this.house(row!.address);
  }

  async value(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(sql, params);
    return row?.n ?? 0;
  }

  housesOfBrigade = (brigade: number) =>
    this.value(
      `SELECT count(*)::int AS n FROM houses h JOIN brigades b ON b.id = h.brigade_id WHERE b.number = $1 AND NOT h.is_archived`,
      [brigade],
    );

  housesWithVisit = (from: string, to: string, brigade?: number, status?: string) =>
    this.value(
      `SELECT count(DISTINCT h.id)::int AS n FROM houses h JOIN brigades b ON b.id = h.brigade_id JOIN cleaning_visits v ON v.house_id = h.id
        WHERE v.date BETWEEN $1::date AND $2::date AND NOT h.is_archived AND ($3::int IS NULL OR b.number = $3) AND ($4::text IS NULL OR v.status::text = $4)`,
      [from, to, brigade ?? null, status ?? null],
    );

  visits = (from: string, to: string, status?: string, brigade?: number) =>
    this.value(
      `SELECT count(*)::int AS n FROM cleaning_visits v JOIN houses h ON h.id = v.house_id JOIN brigades b ON b.id = h.brigade_id
        WHERE v.date BETWEEN $1::date AND $2::date AND NOT h.is_archived AND ($3::text IS NULL OR v.status::text = $3) AND ($4::int IS NULL OR b.number = $4)`,
      [from, to, status ?? null, brigade ?? null],
    );

  visitsOfCompany = (title: string, from: string, to: string, status?: string) =>
    this.value(
      `SELECT count(*)::int AS n FROM cleaning_visits v JOIN houses h ON h.id = v.house_id JOIN management_companies mc ON mc.id = h.management_company_id
        WHERE mc.title = $1 AND v.date BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR v.status::text = $4)`,
      [title, from, to, status ?? null],
    );

  housesOfCompany = (title: string) =>
    this.value(
      `SELECT count(*)::int AS n FROM houses h JOIN management_companies mc ON mc.id = h.management_company_id WHERE mc.title = $1 AND NOT h.is_archived`,
      [title],
    );

  housesAtStage = (title: string) =>
    this.value(
      `SELECT count(*)::int AS n FROM houses h JOIN crm_stages s ON s.id = h.stage_id WHERE s.title = $1 AND NOT h.is_archived`,
      [title],
    );

  sum = (column: "apartments" | "entrances", brigade?: number) =>
    this.value(
      `SELECT coalesce(sum(h.${column}), 0)::int AS n FROM houses h JOIN brigades b ON b.id = h.brigade_id WHERE NOT h.is_archived AND ($1::int IS NULL OR b.number = $1)`,
      [brigade ?? null],
    );

  async nextVisit(houseId: number, today: string): Promise<string> {
    const [row] = await this.db.query<{ d: string }>(
      `SELECT to_char(date, 'DD.MM') AS d FROM cleaning_visits WHERE house_id = $1 AND date >= $2::date AND status IN ('planned', 'in_progress') ORDER BY date LIMIT 1`,
      [houseId, today],
    );
    return row?.d ?? "запланированных уборок нет";
  }

  async visitDays(houseId: number, month: string): Promise<string[]> {
    const rows = await this.db.query<{ d: string }>(
      `SELECT to_char(date, 'DD.MM') AS d FROM cleaning_visits WHERE house_id = $1 AND to_char(date, 'YYYY-MM') = $2 ORDER BY date`,
      [houseId, month],
    );
    return rows.map((row) => row.d);
  }
}

/** The rows for the demo company (seed 42) on Thursday 26.11.2026; `manager` asks unless a row says otherwise. */
export async function buildQuestionTable(db: Database, people: { cleanerOfThird: Principal }): Promise<TableRow[]> {
  const f = new Facts(db);
  const a = await f.house("улица Кибальчича, 3");
  const b = await f.house("улица Билибина, 6");
  const c = await f.nth(5);
  const d = await f.nth(11);
  const total = await f.value(`SELECT count(*)::int AS n FROM houses WHERE NOT is_archived`);
  const [zhil, uyut] = ["УК «Жилищник»", "УК «Уютный дом»"];
  const nov = ["2026-11-01", "2026-11-30"] as const;
  const today = "2026-11-26";
  const rows: TableRow[] = [
    // House facts, several phrasings each.
    {
      question: "Кто старший по дому Кибальчича 3?",
      intent: "house_fact",
      expected: [a.contact_name, a.contact_phone],
    },
    { question: "кто старшая по дому на билибина 6", intent: "house_fact", expected: [b.contact_name] },
    { question: "телефон старшего по дому кибальчича 3", intent: "house_fact", expected: [a.contact_phone] },
    { question: `старший по подъезду ${c.street} ${c.number}`, intent: "house_fact", expected: [c.contact_name] },
    { question: "Сколько квартир в доме Билибина 6", intent: "house_fact", expected: [`${b.apartments} кварт`] },
    { question: "скока квартир на кибальчеча 3", intent: "house_fact", expected: [`${a.apartments} кварт`] },
    {
      question: `сколько подъездов в доме ${c.street} ${c.number}`,
      intent: "house_fact",
      expected: [`${c.entrances} подъезд`],
    },
    { question: "сколько подьездов кибальчича 3", intent: "house_fact", expected: [`${a.entrances} подъезд`] },
    { question: "сколько этажей в доме билибина 6", intent: "house_fact", expected: [`${b.floors} этаж`] },
    { question: `этажность ${d.street} ${d.number}`, intent: "house_fact", expected: [`${d.floors} этаж`] },
    { question: "Какая УК у дома Кибальчича 3?", intent: "house_fact", expected: [a.mc_title] },
    { question: "управляющая компания билибина 6", intent: "house_fact", expected: [b.mc_title] },
    { question: "телефон ук дома кибальчича 3", intent: "house_fact", expected: [a.mc_phone] },
    {
      question: `контакты УК по адресу ${c.street} ${c.number}`,
      intent: "house_fact",
      expected: [c.mc_title, c.mc_phone],
    },
    { question: "Какой тариф у дома Билибина 6?", intent: "house_fact", expected: [b.tariff] },
    { question: "тариф кибальчича 3", intent: "house_fact", expected: [a.tariff] },
    { question: `на какой стадии дом ${c.street} ${c.number}`, intent: "house_fact", expected: [c.stage] },
    { question: "стадия в црм билибина 6", intent: "house_fact", expected: [b.stage] },
    { question: "какая бригада убирает кибальчича 3", intent: "house_fact", expected: [`бригада №${a.brigade}`] },
    { question: "кто убирает дом на билибина 6", intent: "house_fact", expected: [`бригада №${b.brigade}`] },
    { question: `${d.street} ${d.number} какая бригада`, intent: "house_fact", expected: [`бригада №${d.brigade}`] },
    { question: "периодичность кибальчича 3", intent: "house_fact", expected: ["периодичность", a.address] },
    {
      question: `как часто убирают ${c.street} ${c.number}`,
      intent: "house_fact",
      expected: ["периодичность", c.address],
    },
    {
      question: "график кибальчича 3 на декабрь",
      intent: "house_fact",
      expected: ["Уборки за 12.2026:", ...(await f.visitDays(a.id, "2026-12"))],
    },
    {
      question: "график уборок билибина 6 в ноябре",
      intent: "house_fact",
      expected: ["Уборки за 11.2026:", ...(await f.visitDays(b.id, "2026-11"))],
    },
    {
      question: "когда следующая уборка на кибальчича 3",
      intent: "house_fact",
      expected: [await f.nextVisit(a.id, today)],
    },
    { question: "когда приедут на билибина 6", intent: "house_fact", expected: [await f.nextVisit(b.id, today)] },
    {
      question: `расскажи про дом ${d.street} ${d.number}`,
      intent: "house_fact",
      expected: [`бригада №${d.brigade}`, `${d.apartments} кварт`, d.mc_title],
    },
    { question: "кто у нас старший по дому кибальчича дом три", intent: "house_fact", expected: [a.contact_name] },
    { question: "какая управляющая компания на билибина шесть", intent: "house_fact", expected: [b.mc_title] },
    { question: "график Кибальчича", intent: "house_fact", expected: "decline" },
    { question: "сколько квартир в доме на луне 5", intent: "house_fact", expected: "decline" },

    // Houses: assigned vs with a visit, by brigade, company, stage.
    { question: "Сколько всего домов мы обслуживаем?", intent: "totals", expected: [houses(total)] },
    { question: "сколько у нас домов", intent: "totals", expected: [houses(total)] },
    {
      question: "Сколько домов закреплено за 3 бригадой?",
      intent: "count_houses",
      expected: [houses(await f.housesOfBrigade(3))],
    },
    {
      question: "сколько домов у третьей бригады",
      intent: "count_houses",
      expected: [houses(await f.housesOfBrigade(3))],
    },
    {
      question: "сколько объектов за бригадой номер пять",
      intent: "count_houses",
      expected: [houses(await f.housesOfBrigade(5))],
    },
    {
      question: "скажи пожалуйста сколько домов закреплено за седьмой бригадой",
      intent: "count_houses",
      expected: [houses(await f.housesOfBrigade(7))],
    },
    {
      question: "сколько домов у УК Жилищник",
      intent: "count_houses",
      expected: [houses(await f.housesOfCompany(zhil))],
    },
    {
      question: "сколько домов обслуживает ук уютный дом",
      intent: "count_houses",
      expected: [houses(await f.housesOfCompany(uyut))],
    },
    {
      question: "сколько домов на стадии обслуживается",
      intent: "count_houses",
      expected: [houses(await f.housesAtStage("Обслуживается"))],
    },
    {
      question: "сколько договоров расторгнуто",
      intent: "count_houses",
      expected: [houses(await f.housesAtStage("Договор расторгнут"))],
    },
    {
      question: "сколько домов по бригадам",
      intent: "count_houses",
      expected: [
        `бригада №1: ${houses(await f.housesOfBrigade(1))}`,
        `бригада №7: ${houses(await f.housesOfBrigade(7))}`,
      ],
    },
    {
      question: "сколько домов с уборкой завтра",
      intent: "count_houses",
      expected: [houses(await f.housesWithVisit("2026-11-27", "2026-11-27"))],
    },
    {
      question: "сколько домов убираем в пятницу у 2 бригады",
      intent: "count_houses",
      expected: [houses(await f.housesWithVisit("2026-11-27", "2026-11-27", 2))],
    },
    {
      question: "сколько домов у 3 бригады с уборкой в ноябре",
      intent: "count_houses",
      expected: [houses(await f.housesWithVisit(...nov, 3))],
    },

    // Visits by status over days, weeks, months and ranges.
    {
      question: "Сколько уборок выполнили в ноябре?",
      intent: "count_visits",
      expected: [`выполнено ${await f.visits(...nov, "done")} из ${await f.visits(...nov)}`],
    },
    {
      question: "сколько уборок выполнено сегодня",
      intent: "count_visits",
      expected: [`выполнено ${await f.visits(today, today, "done")} из ${await f.visits(today, today)}`],
    },
    {
      question: "сколько уборок пропущено на прошлой неделе",
      intent: "count_visits",
      expected: [`пропущено ${await f.visits("2026-11-16", "2026-11-22", "missed")}`],
    },
    {
      question: "сколько уборок в работе сейчас",
      intent: "count_visits",
      expected: [`в работе ${await f.visits(today, today, "in_progress")}`],
    },
    {
      question: "сколько уборок запланировано на завтра",
      intent: "count_visits",
      expected: [`${await f.visits("2026-11-27", "2026-11-27", "planned")}`],
    },
    {
      question: "сколько уборок сделала 4 бригада вчера",
      intent: "count_visits",
      expected: [`выполнено ${await f.visits("2026-11-25", "2026-11-25", "done", 4)} из`],
    },
    {
      question: "сколько уборок у второй бригады в октябре",
      intent: "count_visits",
      expected: [`из ${await f.visits("2026-10-01", "2026-10-31", undefined, 2)}`],
    },
    {
      question: "сколько было уборок с 1 по 15 ноября",
      intent: "count_visits",
      expected: [`из ${await f.visits("2026-11-01", "2026-11-15")}`, "01.11 по 15.11"],
    },
    {
      question: "сколько пропущенных уборок в этом месяце",
      intent: "count_visits",
      expected: [`пропущено ${await f.visits(...nov, "missed")}`],
    },
    {
      question: "сколько всего уборок за всё время",
      intent: "count_visits",
      expected: [`из ${await f.visits("1900-01-01", "2999-12-31")}`],
    },
    {
      question: "сколько уборок у ук жилищник на этой неделе",
      intent: "count_visits",
      expected: [`из ${await f.visitsOfCompany(zhil, "2026-11-23", "2026-11-29")}`],
    },
    {
      question: "скока уборок сделали за последние 7 дней",
      intent: "count_visits",
      expected: [`выполнено ${await f.visits("2026-11-20", today, "done")}`],
    },
    {
      question: "сколько уборок будет в декабре",
      intent: "count_visits",
      expected: [`из ${await f.visits("2026-12-01", "2026-12-31")}`],
    },
    {
      question: "а сколько уборок сделали третьего ноября",
      intent: "count_visits",
      expected: [`выполнено ${await f.visits("2026-11-03", "2026-11-03", "done")} из`],
    },

    // Lists by day, brigade, company, stage, status.
    {
      question: "что у нас сегодня",
      intent: "list_houses",
      expected: [`Сегодня (26.11): ${houses(await f.housesWithVisit(today, today))}`],
    },
    {
      question: "дома 3 бригады на завтра",
      intent: "list_houses",
      expected: [`Завтра (27.11) у бригады №3: ${houses(await f.housesWithVisit("2026-11-27", "2026-11-27", 3))}`],
    },
    {
      question: "какие дома у пятой бригады в понедельник",
      intent: "list_houses",
      expected: [`у бригады №5: ${houses(await f.housesWithVisit("2026-11-30", "2026-11-30", 5))}`],
    },
    {
      question: "куда едем завтра",
      intent: "list_houses",
      expected: [`Завтра (27.11): ${houses(await f.housesWithVisit("2026-11-27", "2026-11-27"))}`],
    },
    { question: "список домов ук жилищник", intent: "list_houses", expected: [houses(await f.housesOfCompany(zhil))] },
    {
      question: "какие дома пропущены вчера",
      intent: "list_houses",
      expected: [`${houses(await f.housesWithVisit("2026-11-25", "2026-11-25", undefined, "missed"))} с пропущенной`],
    },
    {
      question: "дома на 28.11",
      intent: "list_houses",
      expected: [`(28.11): ${houses(await f.housesWithVisit("2026-11-28", "2026-11-28"))}`],
    },
    {
      question: "какие дома на стадии новый договор",
      intent: "list_houses",
      expected: [houses(await f.housesAtStage("Новый договор"))],
    },
    {
      question: "Какие дома у третьей бригады завтра?",
      intent: "list_houses",
      expected: [`у бригады №3: ${houses(await f.housesWithVisit("2026-11-27", "2026-11-27", 3))}`],
    },

    // Company totals.
    { question: "сколько у нас бригад", intent: "totals", expected: ["7 бригад"] },
    { question: "сколько всего квартир", intent: "totals", expected: [`${await f.sum("apartments")} квартир`] },
    {
      question: "сколько подъездов мы обслуживаем",
      intent: "totals",
      expected: [`${await f.sum("entrances")} подъезд`],
    },
    {
      question: "сколько квартир у 3 бригады",
      intent: "totals",
      expected: [`${await f.sum("apartments", 3)} квартир`],
    },
    { question: "сколько управляющих компаний", intent: "totals", expected: ["10 управляющих компаний"] },

    // Reminders: the same confirmation the bot asks for.
    {
      question: "Напомни 4 бригаде завтра в 9:00 взять ключи",
      intent: "reminder",
      expected: ["Отправлю 4 бригаде 27.11 в 09:00: Взять ключи", "Всё верно?"],
    },
    {
      question: "напомни всем бригадам завтра в 9 сдать отчёты",
      intent: "reminder",
      expected: ["Отправлю 1 бригаде 27.11 в 09:00: Сдать отчёты", "Отправлю 7 бригаде 27.11 в 09:00"],
    },
    {
      question: "напомни третьей бригаде в пятницу в 10:00 забрать химию",
      intent: "reminder",
      expected: ["Отправлю 3 бригаде 27.11 в 10:00: Забрать химию"],
    },
    {
      question: "напомни мне завтра в 8:30 позвонить в УК",
      intent: "reminder",
      expected: ["27.11 в 08:30: Позвонить в УК"],
    },

    // Knowledge base (the demo's sample documents).
    {
      question: "как часто моют окна в подъездах",
      intent: "knowledge",
      expected: ["два раза в год", "Регламент уборки подъездов"],
    },
    { question: "что делать при травме", intent: "knowledge", expected: ["аптечки", "Правила техники безопасности"] },
    { question: "какой штраф за пропуск уборки по договору", intent: "knowledge", expected: ["5%", "Типовой договор"] },
    { question: "каким средством мыть полы", intent: "knowledge", expected: ["Чистый дом", "Регламент"] },

    // Greetings, help, role rules.
    { question: "привет", intent: "greeting", expected: ["Здравствуйте", "Я понимаю такие вопросы"] },
    { question: "что ты умеешь", intent: "help", expected: ["Я понимаю такие вопросы"] },
    {
      question: "сколько домов у нас",
      intent: "count_houses",
      expected: [`У вашей бригады: ${houses(await f.housesOfBrigade(3))}`],
      principal: people.cleanerOfThird,
    },
    {
      question: "дома 5 бригады на завтра",
      intent: "list_houses",
      expected: "decline",
      principal: people.cleanerOfThird,
    },
    { question: "дома 9 бригады на завтра", intent: "list_houses", expected: "decline" },

    // Out of scope and nonsense: declined, never answered with today's houses.
    { question: "Какая погода будет завтра?", intent: "out_of_scope", expected: "decline" },
    { question: "расскажи анекдот", intent: "out_of_scope", expected: "decline" },
    { question: "кто выиграл вчера в футбол", intent: "out_of_scope", expected: "decline" },
    { question: "курс доллара на завтра", intent: "out_of_scope", expected: "decline" },
    { question: "сколько будет дважды два", intent: "unknown", expected: "decline" },
    { question: "завтра корпоратив во сколько", intent: "unknown", expected: "decline" },
  ];
  return rows;
}

/** Scores one answer: right facts, an honest decline, or wrong (missing facts, or an answer where a decline was due). */
export function scoreRow(
  row: TableRow,
  result: { answer: string; intent: IntentName; outcome: "answer" | "decline" },
): ScoredRow {
  if (row.expected === "decline") {
    const verdict = result.outcome === "decline" ? "correct" : "wrong";
    return { row, answer: result.answer, intent: result.intent, verdict, missing: [] };
  }
  if (result.outcome === "decline")
    return { row, answer: result.answer, intent: result.intent, verdict: "declined", missing: [] };
  const missing = row.expected.filter((fact) => !result.answer.includes(fact));
  return {
    row,
    answer: result.answer,
    intent: result.intent,
    verdict: missing.length === 0 ? "correct" : "wrong",
    missing,
  };
}
