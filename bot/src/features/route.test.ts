import { formatDayRu } from "@cleaning/api/lib/dates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, DEMO_TODAY, USERS, type BotHarness } from "../testing/bot-harness.ts";
import { routeData, routeFeature } from "./route.ts";
import { startFeature } from "./start.ts";

let h: BotHarness;
let brigades: { id: number; name: string }[];

beforeAll(async () => {
  h = await createBotHarness({ deps: { features: [startFeature, routeFeature] } });
  brigades = await h.db.query<{ id: number; name: string }>(`SELECT id, name FROM brigades ORDER BY number`);
});

afterAll(async () => {
  await h?.close();
});

type Button = { text: string; url?: string; callback_data?: string };
const buttonsOf = (call: Record<string, unknown> | undefined) =>
  ((call?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe("/route", () => {
  it("gives a brigade member today's open houses in the planned order with arrival times and the maps links", async () => {
    const since = h.fake.mark();
    await h.send(USERS.lead1, "/route");
    const [call] = h.fake.callsOf("sendMessage", since).filter((p) => Number(p.chat_id) === USERS.lead1.id);
    const text = String(call?.text);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`🚐 Маршрут: ${brigades[0]!.name}, ${formatDayRu(DEMO_TODAY)}`);
    expect(lines[1]).toMatch(/^Домов: \d+, ≈[\d,]+ км, закончите к \d\d:\d\d$/);
    const stops = lines.filter((line) => /^\d+\. \d\d:\d\d /.test(line));
    expect(stops.length).toBeGreaterThan(1);
    const times = stops.map((line) => line.split(" ")[1]!);
    expect([...times].sort()).toEqual(times);
    // The finished houses of the day are named with the reason, and the estimate is said to be straight-line.
    const finished = await h.db.query<{ address: string }>(
      `SELECT h.address FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
        WHERE v.date = $1::date AND h.brigade_id = $2 GROUP BY h.address HAVING bool_and(v.status = 'done')`,
      [DEMO_TODAY, brigades[0]!.id],
    );
    for (const { address } of finished) expect(text).toMatch(new RegExp(`• ${address}: уборка уже выполнена`));
    expect(text.includes("Не в маршруте:")).toBe(finished.length > 0);
    expect(text).toContain("Расстояния по прямой");
    const open = await h.db.query<{ address: string }>(
      `SELECT DISTINCT h.address FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
        WHERE v.date = $1::date AND h.brigade_id = $2 AND v.status <> 'done'`,
      [DEMO_TODAY, brigades[0]!.id],
    );
    expect(stops).toHaveLength(open.length);
    for (const { address } of open) expect(text).toContain(address);
    const buttons = buttonsOf(call);
    expect(buttons[0]).toMatchObject({
      text: "🗺 Яндекс Карты",
      url: expect.stringMatching(/^https:\/\/yandex\.ru\/maps\/\?rtext=/),
    });
    expect(buttons.some((button) => button.url?.startsWith("https://www.google.com/maps/dir/?api=1"))).toBe(true);
  });

  it("lets a manager pick a brigade with buttons and edits the message into that brigade's route", async () => {
    const since = h.fake.mark();
    await h.send(USERS.manager, "/route");
    const [question] = h.fake.callsOf("sendMessage", since).filter((p) => Number(p.chat_id) === USERS.manager.id);
    expect(question?.text).toBe("Маршрут на сегодня: выберите бригаду");
    const choices = buttonsOf(question);
    expect(choices.map((button) => button.text)).toEqual(brigades.map((brigade) => brigade.name));
    const second = brigades[1]!;
    expect(choices[1]!.callback_data).toBe(routeData.build(second.id));
    await h.press(
      USERS.manager,
      routeData.build(second.id),
      Number((question as { message_id?: number }).message_id ?? 0) || undefined,
    );
    const edited = h.fake.callsOf("editMessageText", since).at(-1);
    expect(String(edited?.text)).toMatch(
      new RegExp(`^🚐 Маршрут: ${second.name}, ${formatDayRu(DEMO_TODAY).replace(/\./g, "\\.")}\\nДомов: \\d+`),
    );
    expect(buttonsOf(edited)[0]?.text).toBe("🗺 Яндекс Карты");
  });

  it("refuses a forged button for another brigade to a brigade member, in words", async () => {
    const since = h.fake.mark();
    await h.press(USERS.cleaner1, routeData.build(brigades[3]!.id));
    expect(h.fake.callsOf("answerCallbackQuery", since).at(-1)).toMatchObject({
      text: "Можно смотреть маршрут только своей бригады",
      show_alert: true,
    });
    expect(h.fake.callsOf("editMessageText", since)).toHaveLength(0);
  });
});
