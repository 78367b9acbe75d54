import { Composer } from "grammy";
import { isOfficeRole, type Principal } from "@cleaning/api/lib/context";
import { addDays, formatDayRu, today } from "@cleaning/api/lib/dates";
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
  const { text, keyboard } = isOfficeRole(principal) ? await officeDay(ctx, day, offset) : await brigadeDay(ctx, principal, day, offset);
  if (isEdit && ctx.callbackQuery?.message) {
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
  } else {
    await ctx.reply(text, { reply_markup: keyboard });
  }
}

async function brigadeDay(ctx: BotContext, principal: Principal, day: string, offset: 0 | 1) {
  const visits = await listDayVisits(ctx.services, { principal, day });
  const title = `${offset === 0 ? "Сегодня" : "Завтра"}, ${formatDayRu(day)}`;
  if (visits.length === 0) return { text: `${title}: уборок нет.`, keyboard: undefined };
  const lines = visits.map((v) => `${STATUS_ICONS[v.status]} ${v.address} — ${v.kindLabel}`);
  const done = visits.filter((v) => v.status === "done").length;
  const text = `${title}\nДомов: ${visits.length}, готово: ${done}\n\n${lines.join("\n")}\n\nВыберите дом, чтобы начать уборку:`;
  return { text, keyboard: createDayKeyboard(visits, offset) };
}

async function officeDay(ctx: BotContext, day: string, offset: 0 | 1) {
  const summaries = await summarizeDayByBrigade(ctx.services, { day });
  const title = `${offset === 0 ? "Сегодня" : "Завтра"}, ${formatDayRu(day)}`;
  if (summaries.length === 0) return { text: `${title}: уборок нет.`, keyboard: undefined };
  const total = { planned: 0, inProgress: 0, done: 0, missed: 0 };
  const lines = summaries.map((s) => {
    total.planned += s.planned;
    total.inProgress += s.inProgress;
    total.done += s.done;
    total.missed += s.missed;
    const name = s.brigade ? (s.brigade.number ? `Бригада ${s.brigade.number}` : s.brigade.name) : "Без бригады";
    return `${name}: ${STATUS_ICONS.planned} ${s.planned} · ${STATUS_ICONS.in_progress} ${s.inProgress} · ${STATUS_ICONS.done} ${s.done}${s.missed ? ` · ${STATUS_ICONS.missed} ${s.missed}` : ""}`;
  });
  const all = total.planned + total.inProgress + total.done + total.missed;
  const text =
    `${title}\n${STATUS_ICONS.planned} запланировано · ${STATUS_ICONS.in_progress} в процессе · ${STATUS_ICONS.done} выполнено\n\n` +
    `${lines.join("\n")}\n\nИтого: ${all} (запланировано ${total.planned}, в процессе ${total.inProgress}, выполнено ${total.done}` +
    `${total.missed ? `, пропущено ${total.missed}` : ""})`;
  return { text, keyboard: undefined };
}

/** Pressing "Обновить" on an unchanged list is not an error. */
export function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && error.message.includes("message is not modified")) return;
  throw error;
}
