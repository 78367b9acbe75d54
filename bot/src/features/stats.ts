import { Composer } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
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
    const week = stats.byDay.reduce((sum, day) => ({ planned: sum.planned + day.planned, done: sum.done + day.done }), {
      planned: 0,
      done: 0,
    });
    const lines = [
      ru.stats.today(t.date, all),
      ru.stats.counts(t),
      "",
      ru.stats.week(stats.range.from, stats.range.to, week.done, week.planned),
      ...stats.byDay.map((day) => ru.stats.day(day.date, day.done, day.planned)),
      "",
      ru.stats.totals(stats.totals.houses, stats.totals.apartments, stats.totals.brigades),
    ];
    await ctx.reply(lines.join("\n"));
  };
  privateChat.command("stats", handler);
  privateChat.hears(ru.buttons.stats, handler);
  return composer;
}
