import { Composer } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { formatDayRu, formatDayShort } from "@cleaning/api/lib/dates";
import { getDashboardStats } from "@cleaning/api/modules/dashboard/dashboard.service";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";

/** /stats for the office: today's numbers and the week, the same figures as the dashboard API. */
export function statsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.filter((ctx) => ctx.principal !== null).chatType("private");
  const handler = async (ctx: BotContext) => {
    const principal = ctx.principal!;
    if (!isOfficeRole(principal)) return void (await ctx.reply(ru.notAllowed));
    const stats = await getDashboardStats(ctx.services, { principal });
    const t = stats.today;
    const all = t.planned + t.inProgress + t.done + t.missed;
    const week = stats.byDay.reduce((sum, day) => ({ planned: sum.planned + day.planned, done: sum.done + day.done }), { planned: 0, done: 0 });
    const lines = [
      `📊 Сегодня, ${formatDayRu(t.date)}: всего ${all}`,
      `⏳ запланировано ${t.planned} · 🧹 в процессе ${t.inProgress} · ✅ выполнено ${t.done}${t.missed ? ` · ❌ пропущено ${t.missed}` : ""}`,
      "",
      `Неделя ${formatDayShort(stats.range.from)}–${formatDayShort(stats.range.to)}: выполнено ${week.done} из ${week.planned}`,
      ...stats.byDay.map((day) => `${formatDayShort(day.date)}: ${day.done}/${day.planned}`),
      "",
      `Домов: ${stats.totals.houses} · квартир: ${stats.totals.apartments} · бригад: ${stats.totals.brigades}`,
    ];
    await ctx.reply(lines.join("\n"));
  };
  privateChat.command("stats", handler);
  privateChat.hears(ru.buttons.stats, handler);
  return composer;
}
