import { Composer, InlineKeyboard } from "grammy";
import { listEmployees } from "@cleaning/api/modules/employees/employees.service";
import { listFilters } from "@cleaning/api/modules/houses/houses.service";
import { updateEmployee } from "@cleaning/api/modules/employees/employees.service";
import { createInvite } from "@cleaning/api/modules/invites/invites.service";
import { employeeData, inviteData } from "../callback-data/index.ts";
import type { BotContext } from "../context.ts";
import { ru, type RoleKey } from "../i18n/ru.ts";

/** Admin tools: /invite (role -> brigade -> deep link), /employees (list, deactivate). */
export function adminFeature(): Composer<BotContext> {
  const root = new Composer<BotContext>();
  const composer = root.filter((ctx) => ctx.principal !== null);
  const isAdmin = (ctx: BotContext) => ctx.principal?.role === "admin";

  composer.chatType("private").command("invite", async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(ru.adminOnly));
    const keyboard = new InlineKeyboard();
    for (const role of ["cleaner", "brigade_lead", "manager", "admin"] as RoleKey[])
      keyboard.text(ru.roleLabels[role], inviteData.build(role)).row();
    await ctx.reply(ru.admin.whoToInvite, { reply_markup: keyboard });
  });

  composer.callbackQuery(inviteData.pattern, async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.answerCallbackQuery({ text: ru.adminOnly, show_alert: true }));
    const { role, brigadeId } = inviteData.parse(ctx.callbackQuery.data)!;
    const isBrigadeRole = role === "cleaner" || role === "brigade_lead";
    if (isBrigadeRole && brigadeId === undefined) {
      const { brigades } = await listFilters(ctx.services, { principal: ctx.principal! });
      const keyboard = new InlineKeyboard();
      brigades.forEach((b, index) => {
        keyboard.text(ru.brigadeLabel(b.number, b.name), inviteData.build(role, b.id));
        if (index % 2 === 1) keyboard.row();
      });
      await ctx.editMessageText(ru.admin.pickBrigade(ru.roleLabels[role]), { reply_markup: keyboard });
      return void (await ctx.answerCallbackQuery());
    }
    const invite = await createInvite(ctx.services, { principal: ctx.principal!, role, brigadeId });
    const link = `https://t.me/${ctx.me.username}?start=${invite.code}`;
    const until = invite.expiresAt.toLocaleString("ru-RU", {
      timeZone: ctx.services.config.timeZone,
      dateStyle: "short",
      timeStyle: "short",
    });
    await ctx.editMessageText(ru.admin.invite(ru.roleLabels[role], until, link));
    await ctx.answerCallbackQuery();
  });

  composer.chatType("private").command("employees", async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(ru.adminOnly));
    const employees = await listEmployees(ctx.services, { principal: ctx.principal! });
    const active = employees.filter((e) => e.isActive);
    const lines = active.map((e) => ru.admin.employee(e.name, ru.roleLabels[e.role], e.brigade));
    const keyboard = new InlineKeyboard();
    for (const e of active.filter((e) => e.id !== ctx.principal!.employeeId).slice(0, 90))
      keyboard.text(ru.admin.deactivateButton(e.name), employeeData.build(e.id)).row();
    await ctx.reply(ru.admin.employees(active.length, lines).slice(0, 4000), { reply_markup: keyboard });
  });

  composer.callbackQuery(employeeData.pattern, async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.answerCallbackQuery({ text: ru.adminOnly, show_alert: true }));
    const { employeeId } = employeeData.parse(ctx.callbackQuery.data)!;
    const employee = await updateEmployee(ctx.services, {
      principal: ctx.principal!,
      employeeId,
      input: { isActive: false },
    });
    await ctx.answerCallbackQuery({ text: ru.admin.deactivatedToast(employee.name) });
    await ctx.reply(ru.admin.deactivated(employee.name));
  });
  return root;
}
