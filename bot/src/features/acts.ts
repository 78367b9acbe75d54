import { Composer, InlineKeyboard, InputFile } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { INT4_MAX } from "@cleaning/api/lib/schemas";
import { buildActFile } from "@cleaning/api/modules/acts/act-files";
import { formatMonthRu } from "@cleaning/api/modules/acts/act-document";
import { resolveActMonth } from "@cleaning/api/modules/acts/acts.service";
import { listHouses } from "@cleaning/api/modules/houses/houses.service";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import { withChatAction } from "../middlewares/chat-action.ts";

const HOUSES_TO_PICK = 8;

/** "Акт за прошлый месяц" for one house (the button under a house card, or a pick among several matches). */
export const actData = {
  pattern: /^act:(\d{1,10})$/,
  build: (houseId: number) => `act:${houseId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    const houseId = match ? Number(match[1]) : NaN;
    return houseId >= 1 && houseId <= INT4_MAX ? { houseId } : null;
  },
};

/** Sends last month's act of a house as a PDF document, with the month's totals in the caption. */
async function sendAct(ctx: BotContext, houseId: number): Promise<void> {
  const file = await withChatAction(ctx, "upload_document", () =>
    buildActFile(ctx.services, { principal: ctx.principal!, target: "house", id: houseId, format: "pdf" }),
  );
  const act = file.acts[0]!;
  const { planned, done, missed } = act.totals;
  await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), {
    caption: ru.acts.caption(act.monthLabel, act.house.address, planned, done, missed, act.status === "draft"),
  });
}

/**
 * /act <адрес>: last month's act (акт выполненных работ) of a house as a PDF, for managers and admins. Several
 * matches give buttons to pick one; the same button sits under the managers' house cards.
 */
export function actsFeature(): Composer<BotContext> {
  const root = new Composer<BotContext>();
  const composer = root.filter((ctx) => ctx.principal !== null);

  composer.chatType("private").command("act", async (ctx) => {
    if (!isOfficeRole(ctx.principal!)) return void (await ctx.reply(ru.acts.officeOnly));
    const search = ctx.match.trim().slice(0, 200);
    if (!search) return void (await ctx.reply(ru.acts.usage));
    const houses = await listHouses(ctx.services, {
      principal: ctx.principal!,
      search,
      page: 1,
      limit: HOUSES_TO_PICK,
    });
    if (houses.items.length === 0) return void (await ctx.reply(ru.acts.notFound(search)));
    if (houses.items.length === 1) return sendAct(ctx, houses.items[0]!.id);
    const keyboard = new InlineKeyboard();
    for (const house of houses.items) keyboard.text(house.address, actData.build(house.id)).row();
    await ctx.reply(ru.acts.pick(formatMonthRu(resolveActMonth(ctx.services, undefined))), { reply_markup: keyboard });
  });

  composer.callbackQuery(actData.pattern, async (ctx) => {
    const parsed = actData.parse(ctx.callbackQuery.data);
    if (!parsed || !isOfficeRole(ctx.principal!))
      return void (await ctx.answerCallbackQuery({ text: ru.acts.officeOnly, show_alert: true }));
    await ctx.answerCallbackQuery();
    await sendAct(ctx, parsed.houseId);
  });
  return root;
}
