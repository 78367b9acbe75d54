import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";
import { actData, actsFeature } from "./acts.ts";
import { housesFeature } from "./houses.ts";

let h: BotHarness;
let house: { id: number; address: string };

const documentsSince = (mark: number) =>
  h.fake.calls.slice(mark).filter((call) => call.method === "sendDocument" && !call.error);

async function pdfText(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

beforeAll(async () => {
  h = await createBotHarness({ deps: { features: [housesFeature, actsFeature] } });
  // A house with a one-word street, so its search has exactly one match.
  const [found] = await h.db.query<{ id: number; address: string }>(
    `SELECT h.id, h.address FROM houses h
      WHERE (SELECT count(*) FROM houses o WHERE o.address = h.address) = 1 AND h.address ~ '^улица (Билибина|Кибальчича|Ленина), \\d+$'
      ORDER BY h.id LIMIT 1`,
  );
  house = found!;
});
afterAll(() => h.close());

describe("/act <адрес>", () => {
  it("sends a manager last month's act of the house as a PDF document", async () => {
    const mark = h.fake.mark();
    await h.send(USERS.manager, `/act ${house.address.replace("улица ", "")}`);
    const [call] = documentsSince(mark);
    expect(call, h.textsTo(USERS.manager.id, mark).join("\n")).toBeDefined();
    // grammY uploads the file as an attach:// field.
    const upload = call!.files.find((file) => `attach://${file.field}` === call!.params.document)!;
    expect(upload.filename).toBe(`Акт 2026-10 ${house.address}.pdf`);
    expect(String(call!.params.caption)).toContain(`Акт за октябрь 2026 — ${house.address}`);
    expect(String(call!.params.caption)).toMatch(/Запланировано: \d+, выполнено: \d+, пропущено: \d+/);
    const text = await pdfText(upload.bytes);
    expect(text).toContain(`Объект: ${house.address}`);
    expect(text).toContain("выполненных работ по уборке за октябрь 2026");
  });

  it("offers buttons when the address matches several houses, and the button sends the act", async () => {
    const street = house.address.replace(/^улица /, "").replace(/, \d+$/, "");
    const mark = h.fake.mark();
    await h.send(USERS.manager, `/act ${street}`);
    const offer = h.fake.callsOf("sendMessage", mark).at(-1)!;
    expect(String(offer.text)).toBe("Акт за октябрь 2026: выберите дом");
    const buttons = (
      offer.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard.flat();
    expect(buttons.length).toBeGreaterThan(1);
    const button = buttons.find((b) => b.text === house.address)!;
    await h.press(USERS.manager, button.callback_data);
    expect(documentsSince(mark)).toHaveLength(1);
  });

  it("puts «Акт за прошлый месяц» under a manager's house card only", async () => {
    const mark = h.fake.mark();
    await h.press(USERS.manager, `h:${house.id}`);
    const card = h.fake.callsOf("sendMessage", mark).at(-1)!;
    const buttons = (
      card.reply_markup as { inline_keyboard: { text: string; callback_data?: string }[][] }
    ).inline_keyboard.flat();
    expect(buttons).toContainEqual(
      expect.objectContaining({ text: "📄 Акт за прошлый месяц", callback_data: actData.build(house.id) }),
    );
  });

  it("refuses brigade members, and explains an empty or unknown address", async () => {
    const mark = h.fake.mark();
    await h.send(USERS.cleaner1, `/act ${house.address}`);
    expect(h.textsTo(USERS.cleaner1.id, mark)).toEqual(["Акты доступны менеджерам и администраторам."]);
    await h.press(USERS.cleaner1, actData.build(house.id));
    expect(documentsSince(mark)).toHaveLength(0);
    await h.send(USERS.manager, "/act");
    await h.send(USERS.manager, "/act улица Несуществующая 999");
    expect(h.textsTo(USERS.manager.id, mark)).toEqual([
      "Напишите адрес после команды, например: /act кибальчича 3",
      "Дом «улица Несуществующая 999» не найден. Попробуйте короче, например «кибальчича 3».",
    ]);
  });
});
