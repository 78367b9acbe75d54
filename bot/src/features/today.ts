import { Composer } from "grammy";
import { isOfficeRole, type Principal } from "@cleaning/api/lib/context";
import { addDays, today } from "@cleaning/api/lib/dates";
import { listDayVisits, summarizeDayByBrigade } from "@cleaning/api/modules/visits/visits.service";
import { dayData } from "../callback-data/index.ts";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import { createDayKeyboard, STATUS_ICONS } from "../keyboards/visits.ts";

/** /today, /tomorrow and the "Сегодня" button: a brigade's houses, or per-brigade numbers for the office. */
export function todayFeature(): Composer<BotContext> {
  const root = new Composer<BotContext>();
  const composer = root.filter((ctx) => ctx.principal !== null);
  const privateChat = composer.chatType("private");
  privateChat.command("today", (ctx) => showDay(ctx, 0));
  privateChat.command("tomorrow", (ctx) => showDay(ctx, 1));
  privateChat.hears(ru.buttons.today, (ctx) => showDay(ctx, 0));
  composer.callbackQuery(dayData.pattern, async (ctx) => {
    await showDay(ctx, dayData.parse(ctx.callbackQuery.data)!.offset, true);
    await ctx.answerCallbackQuery();
  });
  return root;
}

async function showDay(ctx: BotContext, offset: 0 | 1, isEdit = false) {
  const principal = ctx.principal!;
  const day = addDays(today(ctx.services.config.timeZone, ctx.services.clock.now()), offset);
  const { text, keyboard } = isOfficeRole(principal)
    ? await officeDay(ctx, day, offset)
    : await brigadeDay(ctx, principal, day, offset);
  if (isEdit && ctx.callbackQuery?.message) {
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
  } else {
    await ctx.reply(text, { reply_markup: keyboard });
  }
}

async function brigadeDay(ctx: BotContext, principal: Principal, day: string, offset: 0 | 1) {
  const visits = await listDayVisits(ctx.services, { principal, day });
  const title = ru.dayTitle(day, offset === 0);
  if (visits.length === 0) return { text: ru.today.empty(title), keyboard: undefined };
  const lines = visits.map((v) => ru.today.visit(STATUS_ICONS[v.status], v.address, v.kindLabel));
  const done = visits.filter((v) => v.status === "done").length;
  return { text: ru.today.brigadeDay(title, visits.length, done, lines), keyboard: createDayKeyboard(visits, offset) };
}

async function officeDay(ctx: BotContext, day: string, offset: 0 | 1) {
  const summaries = await summarizeDayByBrigade(ctx.services, { day });
  const title = ru.dayTitle(day, offset === 0);
  if (summaries.length === 0) return { text: ru.today.empty(title), keyboard: undefined };
  const total = { planned: 0, inProgress: 0, done: 0, missed: 0 };
  const lines = summaries.map((s) => {
    total.planned += s.planned;
    total.inProgress += s.inProgress;
    total.done += s.done;
    total.missed += s.missed;
    const name = s.brigade ? ru.brigadeLabel(s.brigade.number, s.brigade.name) : ru.today.noBrigade;
    return ru.today.brigadeCounts(name, s);
  });
  return { text: ru.today.officeDay(title, lines, total), keyboard: undefined };
}

/** Pressing "Обновить" on an unchanged list is not an error. */
export function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && error.message.includes("message is not modified")) return;
  throw error;
}
