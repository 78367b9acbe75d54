import { InlineKeyboard } from "grammy";
import type { DayVisit } from "@cleaning/api/modules/visits/visits.service";
import { dayData, houseData, visitData } from "../callback-data/index.ts";
import { ru } from "../i18n/ru.ts";

export const STATUS_ICONS = ru.statusIcons;

/** One button per visit of the day, for picking the house to report on. */
export function createDayKeyboard(visits: DayVisit[], offset: 0 | 1): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const visit of visits.slice(0, 90)) {
    keyboard
      .text(ru.keyboards.dayVisit(STATUS_ICONS[visit.status], visit.address), visitData.build("open", visit.id))
      .row();
  }
  return keyboard.text(ru.keyboards.refresh, dayData.build(offset));
}

/** The actions a visit allows now: start, finish (after photos), or nothing once done. */
export function createVisitKeyboard(visit: DayVisit): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (visit.status === "planned" || visit.status === "missed")
    keyboard.text(ru.keyboards.startVisit, visitData.build("start", visit.id)).row();
  if (visit.status === "in_progress")
    keyboard.text(ru.keyboards.finishVisit, visitData.build("finish", visit.id)).row();
  return keyboard
    .text(ru.keyboards.house, houseData.build(visit.houseId))
    .text(ru.keyboards.backToList, dayData.build(0));
}
