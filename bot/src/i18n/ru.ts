// Every text the bot shows, in Russian. Brigades read these on the stairs: short lines, one idea each.
import { formatDayRu, formatDayShort } from "@cleaning/api/lib/dates";

const TASK_EXAMPLE = "Например: /remind 2 бригаде завтра в 8:30 взять ключи от подвала на Билибина 6";

type Brigade = { number: number | null; name: string };
type DayCounts = { planned: number; inProgress: number; done: number; missed: number };
/** A visit's status at a glance, in lists, cards and the office's numbers. */
const statusIcons = { planned: "⏳", in_progress: "🧹", done: "✅", missed: "❌" } as const;

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
  statusIcons,
  /** "Бригада 3", or the name of a brigade without a number. */
  brigadeLabel: (number: number | null, name: string) => (number ? `Бригада ${number}` : name),
  tasks: {
    confirm: "✅ Да",
    edit: "✏️ Изменить",
    discard: "❌ Нет",
    askWhat: `Что и кому напомнить? ${TASK_EXAMPLE}`,
    isItRight: (lines: string[]) => `${lines.join("\n")}\n\nВсё верно?`,
    notUnderstood: (message: string) => `${message}\n${TASK_EXAMPLE}`,
    stale: "Это предложение уже не актуально",
    created: (id: number, target: string, when: string, text: string) =>
      `✅ Напоминание №${id}: ${target} ${when}: ${text}`,
    scheduled: "Запланировано",
    createdList: (lines: string[]) => `${lines.join("\n")}\nСписок: /tasks`,
    retype: `Напишите напоминание заново. ${TASK_EXAMPLE.replace("/remind ", "")}`,
    discarded: "Хорошо, не отправляю.",
    none: `Запланированных напоминаний нет. ${TASK_EXAMPLE}`,
    uncertain: (id: number, target: string, text: string, error: string | null) =>
      `⚠️ №${id} ${target}: ${text} — не уверен, что дошло (${error ?? "сбой при отправке"})`,
    line: (id: number, target: string, when: string, text: string) => `№${id} ${target} ${when}: ${text}`,
    cancelButton: (id: number) => `❌ №${id}`,
    cancelledToast: (id: number) => `Напоминание №${id} отменено`,
    cancelled: (id: number) => `Напоминание №${id} отменено.`,
    linked: (brigade: Brigade) =>
      `Готово: этот чат привязан к ${brigade.number !== null ? `${brigade.number} бригаде` : `бригаде «${brigade.name}»`}. ` +
      "Напоминания бригаде будут приходить сюда.",
  },
  houses: {
    searchPrompt: "Напишите адрес или его часть, например: кибальчича 3",
    allHouses: "⬅️ Все дома",
    pickBrigade: "Выберите бригаду:",
    pickManagementCompany: "Выберите управляющую компанию:",
    previousPage: "◀️",
    nextPage: "▶️",
    pageOf: (page: number, pages: number) => `${page}/${pages}`,
    filterBrigade: "👷 Бригада",
    filterManagementCompany: "🏢 УК",
    all: "Дома",
    search: (search: string) => `Поиск «${search}»`,
    notFound: (heading: string) => `${heading}: ничего не найдено. Попробуйте короче, например «кибальчича 3».`,
    list: (heading: string, isFiltered: boolean, total: number, page: number, pages: number) =>
      `${heading}${isFiltered ? " (с фильтром)" : ""}: ${total}, страница ${page} из ${pages}`,
    cardTitle: (address: string) => `🏠 ${address}`,
    cardSizes: (apartments: number | null, entrances: number | null, floors: number | null) =>
      `Квартир: ${apartments ?? "—"} · подъездов: ${entrances ?? "—"} · этажей: ${floors ?? "—"}`,
    cardManagementCompany: (title: string | undefined) => `УК: ${title ?? "—"}`,
    cardBrigade: (brigade: Brigade | null) =>
      `Бригада: ${brigade ? (brigade.number ? `№${brigade.number} ${brigade.name}` : brigade.name) : "—"}`,
    cardPeriodicity: (periodicity: string) => `Периодичность: ${periodicity || "—"}`,
    cardSchedule: (month: string) => `График на ${month}:`,
    cardVisit: (icon: string, day: string, label: string) => `${icon} ${day} — ${label}`,
    cardNoVisits: "уборок нет",
    openInBitrix: "Открыть в Bitrix24",
    openInMiniApp: "Открыть в приложении",
  },
  today: {
    empty: (title: string) => `${title}: уборок нет.`,
    visit: (icon: string, address: string, kind: string) => `${icon} ${address} — ${kind}`,
    brigadeDay: (title: string, houses: number, done: number, lines: string[]) =>
      `${title}\nДомов: ${houses}, готово: ${done}\n\n${lines.join("\n")}\n\nВыберите дом, чтобы начать уборку:`,
    noBrigade: "Без бригады",
    brigadeCounts: (name: string, s: DayCounts) =>
      `${name}: ${statusIcons.planned} ${s.planned} · ${statusIcons.in_progress} ${s.inProgress} · ${statusIcons.done} ${s.done}` +
      (s.missed ? ` · ${statusIcons.missed} ${s.missed}` : ""),
    officeDay: (title: string, lines: string[], total: DayCounts) =>
      `${title}\n${statusIcons.planned} запланировано · ${statusIcons.in_progress} в процессе · ${statusIcons.done} выполнено\n\n` +
      `${lines.join("\n")}\n\nИтого: ${total.planned + total.inProgress + total.done + total.missed} ` +
      `(запланировано ${total.planned}, в процессе ${total.inProgress}, выполнено ${total.done}` +
      `${total.missed ? `, пропущено ${total.missed}` : ""})`,
  },
  visit: {
    photosPrompt: "Пришлите фото уборки (можно альбомом), затем нажмите «Завершить».",
    started: "Уборка начата",
    alreadyFinished: "Уборка уже завершена",
    finished: "Готово!",
    thanks: (photos: number) => `Спасибо! Фото: ${photos}.`,
    photoRequired: (message: string) => `📷 ${message}`,
    noActiveVisit: "Чтобы прикрепить фото к уборке, откройте «📋 Сегодня», выберите дом и нажмите «Начать уборку».",
    /** Starts with 📷: a card asked for under this reply is sent anew, not edited over it. */
    photoAdded: (count: number) => `📷 Фото добавлено (всего ${count}). Можно прислать ещё или нажать «Завершить».`,
    cardTitle: (address: string) => `🏠 ${address}`,
    cardDay: (day: string, kind: string) => `📅 ${formatDayRu(day)} — ${kind}`,
    cardStatus: (icon: string, label: string, photos: number) => `${icon} ${label}${photos ? ` · 📷 ${photos}` : ""}`,
  },
  admin: {
    whoToInvite: "Кого приглашаем?",
    pickBrigade: (roleLabel: string) => `Роль: ${roleLabel}. Выберите бригаду:`,
    invite: (roleLabel: string, until: string, link: string) =>
      `Приглашение (${roleLabel}), одноразовое, действует до ${until}:\n${link}\n\nПерешлите ссылку сотруднику.`,
    employee: (name: string, roleLabel: string, brigade: Brigade | null) =>
      `• ${name} — ${roleLabel}${brigade ? `, бригада ${brigade.number ?? brigade.name}` : ""}`,
    employees: (count: number, lines: string[]) =>
      `Активные сотрудники (${count}):\n${lines.join("\n")}\n\nНажмите, чтобы отключить:`,
    deactivateButton: (name: string) => `🚫 ${name}`,
    deactivatedToast: (name: string) => `${name} отключён(а)`,
    deactivated: (name: string) => `🚫 ${name} отключён(а): бот и приложение больше не пускают этого сотрудника.`,
  },
  voice: {
    noFilePath: "Telegram не отдал файл: отправьте запись ещё раз",
    downloadFailed: "Не удалось скачать запись из Telegram: отправьте её ещё раз",
    tooLarge: "Запись больше 20 МБ: Telegram не даёт боту скачать её. Задайте вопрос короче.",
    tooLong: (minutes: number) => `Запись длиннее ${minutes} минут: задайте вопрос короче.`,
    transcript: (text: string) => `🗣 ${text}`,
  },
  stats: {
    today: (day: string, all: number) => `📊 Сегодня, ${formatDayRu(day)}: всего ${all}`,
    counts: (t: DayCounts) =>
      `⏳ запланировано ${t.planned} · 🧹 в процессе ${t.inProgress} · ✅ выполнено ${t.done}${t.missed ? ` · ❌ пропущено ${t.missed}` : ""}`,
    week: (from: string, to: string, done: number, planned: number) =>
      `Неделя ${formatDayShort(from)}–${formatDayShort(to)}: выполнено ${done} из ${planned}`,
    day: (day: string, done: number, planned: number) => `${formatDayShort(day)}: ${done}/${planned}`,
    totals: (houses: number, apartments: number, brigades: number) =>
      `Домов: ${houses} · квартир: ${apartments} · бригад: ${brigades}`,
  },
  start: {
    inviteFailed: (message: string, telegramId: number) => `${message}\n\nВаш Telegram id: ${telegramId}`,
    noAccess: "Нет доступа",
  },
  assistant: {
    forgotten: "Начнём заново: прошлый разговор забыт. Спросите, например, «что у нас завтра?»",
  },
  commands: {
    today: "Дома на сегодня",
    tomorrow: "Дома на завтра",
    houses: "Поиск дома по адресу",
    route: "Маршрут на сегодня",
    start: "Начало работы",
    stats: "Статистика за день и неделю",
    act: "Акт за прошлый месяц по адресу",
    invite: "Пригласить сотрудника",
    employees: "Сотрудники",
    /** The chat's menu button that opens the mini-app. */
    miniApp: "Приложение",
  },
  keyboards: {
    dayVisit: (icon: string, address: string) => `${icon} ${address}`,
    refresh: "🔄 Обновить",
    startVisit: "▶️ Начать уборку",
    finishVisit: "✅ Завершить",
    house: "🏠 Дом",
    backToList: "⬅️ К списку",
  },
  reportPost: {
    noBrigade: "без бригады",
    caption: (address: string, day: string, brigade: string, finishedBy: string | null) =>
      [
        "🧹 Уборка завершена",
        `🏠 ${address}`,
        `📅 ${formatDayRu(day)}`,
        `👷 ${brigade}${finishedBy ? ` (${finishedBy})` : ""}`,
      ].join("\n"),
  },
  route: {
    pickBrigade: "Маршрут на сегодня: выберите бригаду",
    noBrigades: "Бригад пока нет.",
    title: (brigade: string, day: string) => `🚐 Маршрут: ${brigade}, ${formatDayRu(day)}`,
    summary: (stops: number, km: number, finish: string) =>
      `Домов: ${stops}, ≈${km.toLocaleString("ru-RU")} км, закончите к ${finish}`,
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
      `Акт за ${month} — ${address}\nЗапланировано: ${planned}, выполнено: ${done}, пропущено: ${missed}` +
      (isDraft ? "\nЧерновик: ещё не отмечен отправленным." : ""),
  },
  documents: {
    stages: {
      extracting: "Читаю текст…",
      chunking: "Разбиваю на фрагменты…",
      summarizing: "Составляю краткое содержание…",
      embedding: "Готовлю к поиску…",
      saving: "Сохраняю черновик…",
    },
    /** The name of a photo whose caption gives none. */
    photoName: (messageId: number) => `Фото документа ${messageId}.jpg`,
    /** The name of a file Telegram sent without one. */
    defaultName: "документ",
    ocrStatus: (name: string, pagesTotal: number, progress: string) =>
      `🔎 «${name}»${pagesTotal > 1 ? ` (${pagesTotal} стр.)` : ""}: ${progress}…`,
    saveButton: "✅ Сохранить в базу знаний",
    rejectButton: "❌ Отклонить",
    cancelOcrButton: "✖️ Отменить распознавание",
    pending: (summary: string, replacesVersion: number | null) =>
      `🧠 Что понял ИИ:\n\n${summary}` +
      (replacesVersion !== null
        ? `\n\nЭто новая версия (v${replacesVersion}) документа с тем же названием: после сохранения она заменит старую.`
        : ""),
    tooLarge: (name: string, megabytes: number) =>
      `Файл «${name}» больше ${megabytes} МБ: загрузите его через мини-приложение или уменьшите.`,
    downloading: (name: string) => `📄 «${name}»: скачиваю…`,
    downloadFailed: "Не удалось скачать файл из Telegram: отправьте его ещё раз",
    stage: (name: string, stage: string) => `📄 «${name}»: ${stage}`,
    cancelled: (name: string, progress: string) => `❌ «${name}»: ${progress}`,
    failed: (name: string, reason: string) => `⚠️ «${name}»: ${reason}`,
    staffOnly: "Документы в базу знаний добавляют администратор и менеджеры.",
    learnUsage:
      "Пришлите фото или файл документа с подписью «в базу» (или ответьте «в базу» на такое сообщение) — я распознаю его и добавлю в базу знаний.",
    officeOnly: "Базой знаний управляют администратор и менеджеры",
    cancelledToast: "Отменено",
    savedToast: "Сохранено",
    saved: (title: string, replacedVersion: number | null) =>
      `✅ «${title}» сохранён в базу знаний${replacedVersion !== null ? ` (версия ${replacedVersion}, старая заменена)` : ""}. ` +
      "Ассистент теперь отвечает по нему.",
    rejectedToast: "Отклонено",
    rejected: "❌ Документ отклонён и не сохранён.",
  },
  meetings: {
    officeOnly: "Планёрки ведут менеджеры и администраторы.",
    awaiting: "Пришлите запись планёрки: голосовое сообщение или аудиофайл (до 20 МБ).",
    tooLarge:
      "Запись больше 20 МБ: Telegram не даёт боту скачать её. Запишите планёрку в приложении («Планёрка») или разделите файл.",
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
    /** The reason shown when a failure has no message of its own. */
    retry: "попробуйте ещё раз",
    transcriptFileName: (meetingId: number) => `Планёрка ${meetingId}.txt`,
  },
};

export type RoleKey = keyof typeof ru.roleLabels;
