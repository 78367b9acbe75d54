import { t } from "../i18n/ru.ts";
import { formatDateTime, formatShortDay, localToday } from "../lib/dates.ts";
import { useOffline } from "../lib/use-offline.ts";

/** "08:14" for an answer written today (company's zone), "3 дек., 08:14" for an older one. */
function formatAnswerTime(date: Date): string {
  const text = formatDateTime(date.toISOString());
  const today = `${formatShortDay(localToday())}, `;
  return text.startsWith(today) ? text.slice(today.length) : text;
}

/** «Нет сети — данные от 08:14» under the title while the page shows the service worker's last answers. */
export function OfflineNote() {
  const { isOffline, cachedAt } = useOffline();
  if (!isOffline && !cachedAt) return null;
  return (
    <p role="status" className="bg-progress/15 px-4 py-1.5 text-sm text-text" data-testid="offline-note">
      {cachedAt ? t.offline.note(formatAnswerTime(cachedAt)) : t.offline.noNetwork}
    </p>
  );
}
