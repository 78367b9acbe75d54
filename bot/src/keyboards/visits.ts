import { InlineKeyboard } from "grammy";
import type { DayVisit } from "@cleaning/api/modules/visits/visits.service";
import { dayData, houseData, visitData } from "../callback-data/index.ts";

export const STATUS_ICONS = { planned: "⏳", in_progress: "🧹", done: "✅", missed: "❌" } as const;

/** One button per visit of the day, for picking the house to report on. */
export function createDayKeyboard(visits: DayVisit[], offset: 0 | 1): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const visit of visits.slice(0, 90)) {
    keyboard.text(`${STATUS_ICONS[visit.status]} ${visit.address}`, visitData.build("open", visit.id)).row();
  }
  return keyboard.text("🔄 Обновить", dayData.build(offset));
}

/** The actions a visit allows now: start, finish (after photos), or nothing once done. */
export function createVisitKeyboard(visit: DayVisit): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (visit.status === "planned" || visit.status === "missed") keyboard.text("▶️ Начать уборку", visitData.build("start", visit.id)).row();
  if (visit.status === "in_progress") keyboard.text("✅ Завершить", visitData.build("finish", visit.id)).row();
  return keyboard.text("🏠 Дом", houseData.build(visit.houseId)).text("⬅️ К списку", dayData.build(0));
}
