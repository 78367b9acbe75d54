import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@cleaning/api/lib/clock";
import { createInvite } from "@cleaning/api/modules/invites/invites.service";
import { ADMIN } from "@cleaning/api/testing/test-db";
import { houseListData, inviteData } from "../callback-data/index.ts";
import { createBotHarness, DEMO_NOW, USERS, type BotHarness } from "../testing/bot-harness.ts";

describe("bot core", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness({
      env: { MINIAPP_URL: "https://app.example.ru", BITRIX24_WEBHOOK_URL: "https://portal.bitrix24.ru/rest/1/abc/" },
    });
  });
  afterAll(() => h.close());

  const lastText = (chatId: number, since: number) => h.textsTo(chatId, since).at(-1) ?? "";

  describe("/today", () => {
    it("shows a cleaner only their brigade's houses of the day with kind and status, as buttons", async () => {
      const since = h.fake.mark();
      await h.send(USERS.cleaner1, "/today");
      const reply = h.fake.callsOf("sendMessage", since)[0]!;
      expect(reply.text).toMatch(/^Сегодня, 26\.11\.2026\nДомов: \d+, готово: \d+/);
      expect(reply.text).toMatch(/⏳ .+ — (Влажная|Подметание)/);
      const houseIds = await h.db.query<{ brigade_id: number }>(
        `SELECT DISTINCT h.brigade_id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id WHERE v.id = ANY($1::int[])`,
        [
          JSON.stringify(reply.reply_markup)
            .match(/v:open:(\d+)/g)!
            .map((d) => Number(d.split(":")[2])),
        ],
      );
      const cleaner = await h.db.prisma.employee.findUniqueOrThrow({
        where: { telegramId: BigInt(USERS.cleaner1.id) },
      });
      expect(houseIds.map((r) => r.brigade_id)).toEqual([cleaner.brigadeId]);
    });

    it("shows a manager planned / in progress / done per brigade with totals, and /tomorrow too", async () => {
      let since = h.fake.mark();
      await h.send(USERS.manager, "📋 Сегодня");
      const text = lastText(USERS.manager.id, since);
      expect(text).toMatch(/Бригада 1: ⏳ \d+ · 🧹 \d+ · ✅ \d+/);
      expect(text).toMatch(/Бригада 7:/);
      expect(text).toMatch(/Итого: \d+ \(запланировано \d+, в процессе \d+, выполнено \d+/);
      since = h.fake.mark();
      await h.send(USERS.manager, "/tomorrow");
      expect(lastText(USERS.manager.id, since)).toMatch(/^Завтра, 27\.11\.2026/);
    });
  });

  describe("/houses", () => {
    it("finds «улица Кибальчича, 3» by «кибальчича 3», from the command and after «Поиск»", async () => {
      let since = h.fake.mark();
      await h.send(USERS.manager, "/houses кибальчича 3");
      expect(JSON.stringify(h.fake.callsOf("sendMessage", since)[0]!.reply_markup)).toContain("улица Кибальчича, 3");
      since = h.fake.mark();
      await h.send(USERS.manager, "🔎 Поиск");
      await h.send(USERS.manager, "кибальчича 3");
      const reply = h.fake.callsOf("sendMessage", since).at(-1)!;
      expect(reply.text).toMatch(/^Поиск «кибальчича 3»: \d+/);
      expect(JSON.stringify(reply.reply_markup)).toContain("улица Кибальчича, 3");
    });

    it("pages through houses by editing the message in place, 8 per page", async () => {
      let since = h.fake.mark();
      await h.send(USERS.manager, "/houses");
      const first = h.fake.callsOf("sendMessage", since)[0]!;
      expect(first.text).toMatch(/^Дома: 500, страница 1 из 63/);
      since = h.fake.mark();
      await h.press(USERS.manager, houseListData.build({ page: 2, isSearch: false }));
      const edit = h.fake.callsOf("editMessageText", since)[0]!;
      expect(edit.text).toMatch(/страница 2 из 63/);
      const buttons = (edit.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
        .inline_keyboard;
      expect(buttons.filter((row) => row[0]!.callback_data.startsWith("h:"))).toHaveLength(8);
      expect(h.fake.callsOf("sendMessage", since)).toHaveLength(0);
    });

    it("opens a house card with the month's schedule and the Bitrix24 / mini-app buttons", async () => {
      const house = await h.db.prisma.house.findFirstOrThrow({ where: { address: "улица Кибальчича, 3" } });
      const since = h.fake.mark();
      await h.press(USERS.manager, `h:${house.id}`);
      const card = h.fake.callsOf("sendMessage", since)[0]!;
      expect(card.text).toMatch(
        /🏠 улица Кибальчича, 3\nКвартир: \d+ · подъездов: \d+ · этажей: \d+\nУК: .+\nБригада: .+\nПериодичность: .+\n\nГрафик на 2026-11:/,
      );
      const buttons = JSON.stringify(card.reply_markup);
      expect(buttons).toContain(`"url":"https://portal.bitrix24.ru/crm/deal/details/${house.bitrixId}/"`);
      expect(buttons).toContain(`"web_app":{"url":"https://app.example.ru/works?house=${house.id}"}`);
    });

    it("does not show a cleaner another brigade's house card", async () => {
      const cleaner = await h.db.prisma.employee.findUniqueOrThrow({
        where: { telegramId: BigInt(USERS.cleaner1.id) },
      });
      const other = await h.db.prisma.house.findFirstOrThrow({ where: { brigadeId: { not: cleaner.brigadeId } } });
      const since = h.fake.mark();
      await h.press(USERS.cleaner1, `h:${other.id}`);
      expect(h.fake.callsOf("answerCallbackQuery", since)[0]?.text).toBe("Дом не найден");
      expect(h.textsTo(USERS.cleaner1.id, since).join()).not.toContain(other.address);
    });
  });

  describe("invites", () => {
    it("lets an admin create a deep link that binds whoever opens it once", async () => {
      const since = h.fake.mark();
      await h.send(USERS.admin, "/invite");
      await h.press(USERS.admin, inviteData.build("cleaner"));
      const brigade = await h.db.prisma.brigade.findFirstOrThrow({ where: { number: 3 } });
      await h.press(USERS.admin, inviteData.build("cleaner", brigade.id));
      const link = /https:\/\/t\.me\/cleaning_test_bot\?start=([\w-]+)/.exec(
        h.textsTo(USERS.admin.id, since).join("\n"),
      );
      expect(link).not.toBeNull();
      const newcomer = { id: 42_000_001, first_name: "Новенькая" };
      await h.send(newcomer, `/start ${link![1]}`);
      expect(lastText(newcomer.id, since)).toMatch(/Здравствуйте, Новенькая! Ваша роль: уборщик/);
      const employee = await h.db.prisma.employee.findUniqueOrThrow({ where: { telegramId: BigInt(newcomer.id) } });
      expect(employee.brigadeId).toBe(brigade.id);

      const latecomer = { id: 42_000_002, first_name: "Опоздавший" };
      await h.send(latecomer, `/start ${link![1]}`);
      expect(lastText(latecomer.id, since)).toMatch(/уже использовано[\s\S]*Ваш Telegram id: 42000002/);
      expect(await h.db.prisma.employee.findUnique({ where: { telegramId: BigInt(latecomer.id) } })).toBeNull();
    });

    it("refuses an expired invite", async () => {
      const admin = await h.db.prisma.employee.findUniqueOrThrow({ where: { telegramId: BigInt(USERS.admin.id) } });
      // Made 100 hours before the harness's "now": long past the invite's lifetime.
      const madeEarlier = { ...h.services, clock: fixedClock(new Date(DEMO_NOW.getTime() - 100 * 3_600_000)) };
      const invite = await createInvite(madeEarlier, {
        principal: { ...ADMIN, employeeId: admin.id },
        role: "manager",
      });
      const since = h.fake.mark();
      const user = { id: 42_000_003, first_name: "Поздно" };
      await h.send(user, `/start ${invite.code}`);
      expect(lastText(user.id, since)).toMatch(/Срок действия приглашения истёк/);
    });

    it("keeps /invite for admins only", async () => {
      const since = h.fake.mark();
      await h.send(USERS.cleaner1, "/invite");
      expect(lastText(USERS.cleaner1.id, since)).toBe("Эта команда доступна только администратору.");
    });
  });

  it("/stats gives managers today's numbers and the week", async () => {
    const since = h.fake.mark();
    await h.send(USERS.manager, "/stats");
    expect(lastText(USERS.manager.id, since)).toMatch(
      /📊 Сегодня, 26\.11\.2026: всего \d+[\s\S]*Неделя 23\.11–29\.11: выполнено \d+ из \d+/,
    );
  });
});
