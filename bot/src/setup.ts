import type { Bot } from "grammy";
import type { BotCommand } from "grammy/types";
import type { ServiceContext } from "@cleaning/api/lib/context";
import { listOfficeTelegramIds } from "@cleaning/api/modules/employees/employees.service";
import type { BotContext } from "./context.ts";
import { ru } from "./i18n/ru.ts";

const BRIGADE_COMMANDS: BotCommand[] = [
  { command: "today", description: ru.commands.today },
  { command: "tomorrow", description: ru.commands.tomorrow },
  { command: "houses", description: ru.commands.houses },
  { command: "route", description: ru.commands.route },
  { command: "start", description: ru.commands.start },
];
const MANAGER_COMMANDS: BotCommand[] = [
  ...BRIGADE_COMMANDS.slice(0, 4),
  { command: "stats", description: ru.commands.stats },
  { command: "act", description: ru.commands.act },
];
const ADMIN_COMMANDS: BotCommand[] = [
  ...MANAGER_COMMANDS,
  { command: "invite", description: ru.commands.invite },
  { command: "employees", description: ru.commands.employees },
];

/**
 * Start-up setup: Russian command lists (everyone sees the brigade's; office employees get theirs in their own
 * chat, the narrowest scope Telegram offers) and the menu button opening the mini-app when MINIAPP_URL is set.
 */
export async function setupBot(bot: Bot<BotContext>, services: ServiceContext): Promise<void> {
  await bot.api.setMyCommands(BRIGADE_COMMANDS, { scope: { type: "default" }, language_code: "ru" });
  await bot.api.setMyCommands(BRIGADE_COMMANDS, { scope: { type: "default" } });
  for (const employee of await listOfficeTelegramIds(services)) {
    const commands = employee.role === "admin" ? ADMIN_COMMANDS : MANAGER_COMMANDS;
    await bot.api
      .setMyCommands(commands, { scope: { type: "chat", chat_id: Number(employee.telegramId) } })
      // A person who never opened the bot has no chat yet ("chat not found"): skip them.
      .catch((error: Error) => services.logger.debug({ err: error }, "setMyCommands for a chat skipped"));
  }
  const url = services.config.telegram.miniAppUrl;
  if (url)
    await bot.api.setChatMenuButton({ menu_button: { type: "web_app", text: ru.commands.miniApp, web_app: { url } } });
}
