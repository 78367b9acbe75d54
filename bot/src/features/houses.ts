import { Composer, InlineKeyboard } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { formatDayShort } from "@cleaning/api/lib/dates";
import { getHouseDetails, listFilters, listHouses } from "@cleaning/api/modules/houses/houses.service";
import { houseData, houseFilterData, houseListData, type HouseListState } from "../callback-data/index.ts";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import { STATUS_ICONS } from "../keyboards/visits.ts";
import { ignoreNotModified } from "./today.ts";
import { actData } from "./acts.ts";

export const HOUSES_PER_PAGE = 8;

/** /houses: fuzzy search by address, or browse with brigade / УК filters and pages edited in place; house cards. */
export function housesFeature(): Composer<BotContext> {
  const root = new Composer<BotContext>();
  const composer = root.filter((ctx) => ctx.principal !== null);
  const privateChat = composer.chatType("private");

  privateChat.command("houses", async (ctx) => {
    const text = ctx.match.trim();
    ctx.session.searchText = text || undefined;
    await showList(ctx, { page: 1, isSearch: Boolean(text) });
  });
  privateChat.hears(ru.buttons.search, async (ctx) => {
    ctx.session.isAwaitingSearch = true;
    await ctx.reply(ru.houses.searchPrompt);
  });
  privateChat.on("message:text").filter(
    (ctx) => ctx.session.isAwaitingSearch === true && !ctx.message.text.startsWith("/"),
    async (ctx) => {
      ctx.session.isAwaitingSearch = false;
      ctx.session.searchText = ctx.message.text.trim();
      await showList(ctx, { page: 1, isSearch: true });
    },
  );
  composer.callbackQuery(houseListData.pattern, async (ctx) => {
    await showList(ctx, houseListData.parse(ctx.callbackQuery.data)!, true);
    await ctx.answerCallbackQuery();
  });
  composer.callbackQuery(houseFilterData.pattern, async (ctx) => {
    const { kind } = houseFilterData.parse(ctx.callbackQuery.data)!;
    const filters = await listFilters(ctx.services, { principal: ctx.principal! });
    const keyboard = new InlineKeyboard();
    const options =
      kind === "b"
        ? filters.brigades.map((b) => ({
            label: ru.brigadeLabel(b.number, b.name),
            state: { page: 1, brigadeId: b.id, isSearch: false },
          }))
        : filters.managementCompanies.map((m) => ({
            label: m.title,
            state: { page: 1, managementCompanyId: m.id, isSearch: false },
          }));
    for (const option of options.slice(0, 60)) keyboard.text(option.label, houseListData.build(option.state)).row();
    keyboard.text(ru.houses.allHouses, houseListData.build({ page: 1, isSearch: false }));
    await ctx.editMessageText(kind === "b" ? ru.houses.pickBrigade : ru.houses.pickManagementCompany, {
      reply_markup: keyboard,
    });
    await ctx.answerCallbackQuery();
  });
  composer.callbackQuery(houseData.pattern, async (ctx) => {
    const { houseId } = houseData.parse(ctx.callbackQuery.data)!;
    const { text, keyboard } = await houseCard(ctx, houseId);
    await ctx.reply(text, { reply_markup: keyboard });
    await ctx.answerCallbackQuery();
  });
  return root;
}

async function showList(ctx: BotContext, state: HouseListState, isEdit = false) {
  const search = state.isSearch ? ctx.session.searchText : undefined;
  const list = await listHouses(ctx.services, {
    principal: ctx.principal!,
    page: state.page,
    limit: HOUSES_PER_PAGE,
    search,
    brigadeId: state.brigadeId,
    managementCompanyId: state.managementCompanyId,
  });
  const keyboard = new InlineKeyboard();
  for (const house of list.items) keyboard.text(house.address, houseData.build(house.id)).row();
  if (list.pages > 1) {
    if (state.page > 1) keyboard.text(ru.houses.previousPage, houseListData.build({ ...state, page: state.page - 1 }));
    keyboard.text(ru.houses.pageOf(state.page, list.pages), houseListData.build(state));
    if (state.page < list.pages)
      keyboard.text(ru.houses.nextPage, houseListData.build({ ...state, page: state.page + 1 }));
    keyboard.row();
  }
  if (!search)
    keyboard
      .text(ru.houses.filterBrigade, houseFilterData.build("b"))
      .text(ru.houses.filterManagementCompany, houseFilterData.build("m"));
  const heading = search ? ru.houses.search(search) : ru.houses.all;
  const isFiltered = Boolean(state.brigadeId || state.managementCompanyId);
  const text =
    list.total === 0
      ? ru.houses.notFound(heading)
      : ru.houses.list(heading, isFiltered, list.total, state.page, list.pages);
  if (isEdit) await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
  else await ctx.reply(text, { reply_markup: keyboard });
}

async function houseCard(ctx: BotContext, houseId: number) {
  const details = await getHouseDetails(ctx.services, { principal: ctx.principal!, houseId, month: undefined });
  const { house, schedule } = details;
  const lines = [
    ru.houses.cardTitle(house.address),
    ru.houses.cardSizes(house.apartments, house.entrances, house.floors),
    ru.houses.cardManagementCompany(house.managementCompany?.title),
    ru.houses.cardBrigade(house.brigade),
    ru.houses.cardPeriodicity(schedule.periodicity),
    "",
    ru.houses.cardSchedule(schedule.month),
    ...(schedule.visits.length
      ? schedule.visits.map((v) => ru.houses.cardVisit(STATUS_ICONS[v.status], formatDayShort(v.date), v.label))
      : [ru.houses.cardNoVisits]),
  ];
  const keyboard = new InlineKeyboard();
  if (house.bitrixUrl) keyboard.url(ru.houses.openInBitrix, house.bitrixUrl).row();
  if (isOfficeRole(ctx.principal!)) keyboard.text(ru.acts.button, actData.build(house.id)).row();
  const miniAppUrl = ctx.services.config.telegram.miniAppUrl;
  if (miniAppUrl) keyboard.webApp(ru.houses.openInMiniApp, `${miniAppUrl.replace(/\/+$/, "")}/works?house=${house.id}`);
  return { text: lines.join("\n").slice(0, 4000), keyboard };
}
