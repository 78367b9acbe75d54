import { t } from "../i18n/ru.ts";
import { formatLongDay } from "../lib/dates.ts";
import type { TodayStats } from "../lib/types.ts";

const CELLS = [
  { key: "planned", label: t.dashboard.planned, color: "text-planned" },
  { key: "inProgress", label: t.dashboard.inProgress, color: "text-progress" },
  { key: "done", label: t.dashboard.done, color: "text-done" },
  { key: "missed", label: t.dashboard.missed, color: "text-missed" },
] as const;

/** Today's visits by status (the API's own numbers, in the company's time zone). */
export function TodayBlock({ today }: { today: TodayStats }) {
  return (
    <section className="rounded-2xl bg-section p-4" aria-label={t.dashboard.today} data-testid="today">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 className="font-semibold">{t.dashboard.today}</h2>
        <span className="text-xs text-hint">{formatLongDay(today.date)}</span>
      </div>
      <dl className="grid grid-cols-2 gap-3">
        {CELLS.map((cell) => (
          <div key={cell.key} className="rounded-xl bg-secondary p-3" data-testid={`today-${cell.key}`}>
            <dt className="text-xs text-hint">{cell.label}</dt>
            <dd className={`text-2xl font-semibold tabular-nums ${cell.color}`} data-value>
              {today[cell.key]}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
