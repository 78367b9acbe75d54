import { Keyboard } from "grammy";
import { isOfficeRole, type Principal } from "@cleaning/api/lib/context";
import { ru } from "../i18n/ru.ts";

/** The persistent keyboard under the input field: big buttons for one-handed use. */
export function createMainMenuKeyboard(principal: Principal): Keyboard {
  const keyboard = new Keyboard().text(ru.buttons.today).text(ru.buttons.search);
  if (isOfficeRole(principal)) keyboard.row().text(ru.buttons.stats);
  return keyboard.resized().persistent();
}
