// Every text the bot shows, in Russian. Brigades read these on the stairs: short lines, one idea each.
import { formatDayRu } from "@cleaning/api/lib/dates";

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
  route: {
    pickBrigade: "Маршрут на сегодня: выберите бригаду",
    noBrigades: "Бригад пока нет.",
    title: (brigade: string, day: string) => `🚐 Маршрут: ${brigade}, ${formatDayRu(day)}`,
    summary: (stops: number, km: number, finish: string) => `Домов: ${stops}, ≈${km.toLocaleString("ru-RU")} км, закончите к ${finish}`,
    stop: (index: number, arrival: string, address: string, kind: string | null, isInProgress: boolean) =>
      `${index}. ${arrival} ${address}${kind ? ` — ${kind}` : ""}${isInProgress ? " (в процессе)" : ""}`,
    more: (count: number) => `… и ещё ${count}`,
    empty: "Сегодня домов в маршруте нет.",
    skipped: "Не в маршруте:",
    skippedLine: (address: string, reason: string) => `• ${address}: ${reason}`,
    fallback: (reason: string) => `ℹ️ ${reason}`,
    offlineNote: "ℹ️ Расстояния по прямой: точный маршрут покажут карты.",
    yandex: "🗺 Яндекс Карты",
    google: "🗺 Google Maps",
    googlePart: (part: number) => `🗺 Google Maps, часть ${part}`,
    noBrigade: "Вы не состоите в бригаде: маршрут строится по бригаде. Обратитесь к администратору.",
  },
  acts: {
    officeOnly: "Акты доступны менеджерам и администраторам.",
    usage: "Напишите адрес после команды, например: /act кибальчича 3",
    notFound: (search: string) => `Дом «${search}» не найден. Попробуйте короче, например «кибальчича 3».`,
    pick: (month: string) => `Акт за ${month}: выберите дом`,
    button: "📄 Акт за прошлый месяц",
    caption: (month: string, address: string, planned: number, done: number, missed: number, isDraft: boolean) =>
      `Акт за ${month} — ${address}\nЗапланировано: ${planned}, выполнено: ${done}, пропущено: ${missed}` + (isDraft ? "\nЧерновик: ещё не отмечен отправленным." : ""),
  },
  meetings: {
    officeOnly: "Планёрки ведут менеджеры и администраторы.",
    awaiting: "Пришлите запись планёрки: голосовое сообщение или аудиофайл (до 20 МБ).",
    tooLarge: "Запись больше 20 МБ: Telegram не даёт боту скачать её. Запишите планёрку в приложении («Планёрка») или разделите файл.",
    downloading: "⏳ Планёрка: скачиваю запись…",
    splitting: "⏳ Планёрка: готовлю запись…",
    transcribing: (done: number, total: number) => `⏳ Планёрка: распознаю речь, ${done} из ${total}…`,
    summarizing: "⏳ Планёрка: составляю итоги…",
    done: (title: string) => `✅ ${title}: готово`,
    recordedWithoutText: (title: string, note: string) => `✅ ${title}: запись сохранена.\n${note}`,
    overview: "Итоги",
    decisions: "Решения",
    actionItems: "Поручения",
    none: "—",
    createTask: (n: number) => `🔔 Создать напоминание №${n}`,
    transcriptCaption: "Расшифровка планёрки",
    taskCreated: (line: string) => `🔔 Напоминание создано: ${line}`,
    taskExists: (line: string) => `Напоминание уже есть: ${line}`,
    failed: (message: string) => `Не получилось обработать планёрку: ${message}`,
  },
};

export type RoleKey = keyof typeof ru.roleLabels;
