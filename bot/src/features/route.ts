// /route: today's houses in the planned order with arrival times and the maps links. A brigade member gets their
// own brigade's day at once; the office picks a brigade with buttons. The same use case as POST /api/logistics/route.
import { Composer, InlineKeyboard } from "grammy";
import { isOfficeRole } from "@cleaning/api/lib/context";
import { isRouteUserError, planDayRoute } from "@cleaning/api/modules/logistics/logistics.service";
import type { RouteResponse } from "@cleaning/api/modules/logistics/logistics.schemas";
import { listFilters } from "@cleaning/api/modules/houses/houses.service";
import type { BotContext } from "../context.ts";
import { ru } from "../i18n/ru.ts";
import { ignoreNotModified } from "./today.ts";

/** A brigade's route of today (the services check the principal's right to it on every press). */
export const routeData = {
  pattern: /^route:(\d{1,9})$/,
  build: (brigadeId: number) => `route:${brigadeId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { brigadeId: Number(match[1]) } : null;
  },
};

// Telegram allows 4096 characters; 40 lines of houses fit with room for the notes.
const MAX_LINES = 40;

/** The route as a message: numbered stops with times, what was left out and why, and the maps buttons. */
export function formatRoute(route: RouteResponse): { text: string; keyboard?: InlineKeyboard } {
  const brigade = route.brigade?.name ?? "";
  const lines = [ru.route.title(brigade, route.date ?? "")];
  if (route.stops.length === 0) lines.push("", ru.route.empty);
  else {
    lines.push(ru.route.summary(route.stops.length, route.totalKm, route.finish ?? route.stops.at(-1)!.departure), "");
    route.stops.slice(0, MAX_LINES).forEach((stop, index) => {
      lines.push(
        ru.route.stop(
          index + 1,
          stop.arrival,
          stop.address,
          stop.kindLabel ?? null,
          stop.visitStatus === "in_progress",
        ),
      );
    });
    if (route.stops.length > MAX_LINES) lines.push(ru.route.more(route.stops.length - MAX_LINES));
  }
  if (route.skipped.length > 0) {
    lines.push(
      "",
      ru.route.skipped,
      ...route.skipped.slice(0, 10).map((item) => ru.route.skippedLine(item.address, item.reason)),
    );
    if (route.skipped.length > 10) lines.push(ru.route.more(route.skipped.length - 10));
  }
  if (route.fallbackReason) lines.push("", ru.route.fallback(route.fallbackReason));
  else if (route.provider === "offline" && route.stops.length > 0) lines.push("", ru.route.offlineNote);
  if (!route.mapUrls.yandex && !route.mapUrls.google) return { text: lines.join("\n") };
  const keyboard = new InlineKeyboard();
  if (route.mapUrls.yandex) keyboard.url(ru.route.yandex, route.mapUrls.yandex).row();
  const parts = route.mapUrls.googleParts?.length ? route.mapUrls.googleParts : [route.mapUrls.google].filter(Boolean);
  parts
    .slice(0, 5)
    .forEach((url, index) =>
      keyboard.url(parts.length > 1 ? ru.route.googlePart(index + 1) : ru.route.google, url).row(),
    );
  return { text: lines.join("\n"), keyboard };
}

/** The route message for a brigade (undefined = the member's own), or the refusal in words. */
async function routeMessage(
  ctx: BotContext,
  brigadeId: number | undefined,
): Promise<{ text: string; keyboard?: InlineKeyboard; isRefused?: boolean }> {
  try {
    return formatRoute(
      await planDayRoute(ctx.services, {
        principal: ctx.principal!,
        request: brigadeId === undefined ? {} : { brigade: brigadeId },
      }),
    );
  } catch (error) {
    if (!isRouteUserError(error)) throw error;
    return { text: error.code === "route_no_brigade" ? ru.route.noBrigade : error.userMessage, isRefused: true };
  }
}

/** /route for brigades (their day) and the office (a brigade picker). */
export function routeFeature(): Composer<BotContext> {
  const root = new Composer<BotContext>();
  const composer = root.filter((ctx) => ctx.principal !== null);
  composer.chatType("private").command("route", async (ctx) => {
    if (!isOfficeRole(ctx.principal!)) {
      const message = await routeMessage(ctx, undefined);
      return void (await ctx.reply(message.text, { reply_markup: message.keyboard }));
    }
    const { brigades } = await listFilters(ctx.services, { principal: ctx.principal! });
    if (brigades.length === 0) return void (await ctx.reply(ru.route.noBrigades));
    const keyboard = new InlineKeyboard();
    brigades.forEach((brigade, index) => {
      keyboard.text(brigade.name, routeData.build(brigade.id));
      if (index % 3 === 2) keyboard.row();
    });
    await ctx.reply(ru.route.pickBrigade, { reply_markup: keyboard });
  });
  composer.callbackQuery(routeData.pattern, async (ctx) => {
    const message = await routeMessage(ctx, routeData.parse(ctx.callbackQuery.data)!.brigadeId);
    if (message.isRefused || !ctx.callbackQuery.message) {
      return void (await ctx.answerCallbackQuery({ text: message.text, show_alert: true }));
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(message.text, { reply_markup: message.keyboard }).catch(ignoreNotModified);
  });
  return root;
}
