// Every text the bot shows, in Russian. Brigades read these on the stairs: short lines, one idea each.
import { formatDayRu } from "../../../api/src/lib/dates.ts";

export const ru = {
  somethingWentWrong: "Что-то пошло не так, попробуйте ещё раз",
  unknownUser: (telegramId: number) =>
    `Здравствуйте! Я бот клининговой компании.\n\nВы пока не зарегистрированы. Ваш Telegram id: ${telegramId}\n` +
    "Перешлите его администратору или попросите у него ссылку-приглашение.",
  greeting: (name: string, roleLabel: string) => `Здравствуйте, ${name}! Ваша роль: ${roleLabel}.`,
  greetingHelpBrigade: "Нажмите «Сегодня», чтобы увидеть дома на сегодня, выберите дом и отправьте отчёт с фото.",
  greetingHelpOffice: "Команды: /today, /tomorrow, /houses, /stats, /invite, /employees.",
  roleLabels: { admin: "администратор", manager: "менеджер", brigade_lead: "бригадир", cleaner: "уборщик" } as const,
  notAllowed: "Эта команда доступна только сотрудникам офиса.",
  adminOnly: "Эта команда доступна только администратору.",
  unhandled: "Не понял сообщение. Нажмите «Сегодня» или «Поиск», или отправьте /start.",
  fileTooBig: "Файл больше 20 МБ: Telegram не даёт боту скачать его. Сожмите файл или отправьте фото обычным способом.",
  buttons: { today: "📋 Сегодня", search: "🔎 Поиск", stats: "📊 Статистика" },
  dayTitle: (day: string, isToday: boolean) => `${isToday ? "Сегодня" : "Завтра"}, ${formatDayRu(day)}`,
};

export type RoleKey = keyof typeof ru.roleLabels;
