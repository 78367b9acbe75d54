import { t } from "../i18n/ru.ts";
import { daysInMonth, formatLongDay, localToday, weekdayIndex } from "../lib/dates.ts";
import type { ScheduleVisit } from "../lib/types.ts";

export const STATUS_COLORS: Record<ScheduleVisit["status"], string> = {
  planned: "bg-planned",
  in_progress: "bg-progress",
  done: "bg-done",
  missed: "bg-missed",
};

/** A Monday-first month grid; each day shows a coloured mark per visit (colour = status). */
export function MonthCalendar({ month, visits }: { month: string; visits: ScheduleVisit[] }) {
  const days = daysInMonth(month);
  const leading = weekdayIndex(days[0] as string);
  const today = localToday();
  const byDay = new Map<string, ScheduleVisit[]>();
  for (const visit of visits) byDay.set(visit.date, [...(byDay.get(visit.date) ?? []), visit]);

  return (
    <div data-testid="month-calendar">
      <div className="grid grid-cols-7 text-center text-[11px] text-hint">
        {t.schedule.weekdays.map((weekday) => (
          <div key={weekday}>{weekday}</div>
        ))}
      </div>
      <div className="mt-1 grid grid-cols-7 gap-1">
        {Array.from({ length: leading }, (_, index) => (
          <div key={`blank-${index}`} />
        ))}
        {days.map((day) => {
          const dayVisits = byDay.get(day) ?? [];
          return (
            <div
              key={day}
              className={`flex min-h-11 flex-col items-center rounded-lg py-1 text-xs ${dayVisits.length ? "bg-secondary font-semibold" : ""} ${day === today ? "ring-2 ring-accent" : ""}`}
              data-day={day}
              data-visits={dayVisits.length}
              aria-current={day === today ? "date" : undefined}
              title={dayVisits.map((visit) => `${visit.label}: ${visit.statusLabel}`).join("\n") || undefined}
            >
              {Number(day.slice(8))}
              <div className="mt-0.5 flex gap-0.5">
                {dayVisits.map((visit) => (
                  <span key={visit.id} className={`h-1.5 w-1.5 rounded-full ${STATUS_COLORS[visit.status]}`} />
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The same visits as text: the day, the kind of cleaning and its status. */
export function VisitList({ visits }: { visits: ScheduleVisit[] }) {
  if (visits.length === 0) return <p className="mt-4 text-center text-sm text-hint">{t.schedule.noVisits}</p>;
  return (
    <ul className="mt-4 divide-y divide-separator text-sm" data-testid="visit-list">
      {visits.map((visit) => (
        <li
          key={visit.id}
          className="flex items-start gap-3 py-2"
          data-testid="visit"
          data-date={visit.date}
          data-status={visit.status}
        >
          <span className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${STATUS_COLORS[visit.status]}`} />
          <div className="min-w-0 flex-1">
            <div className="font-medium">{formatLongDay(visit.date)}</div>
            <div className="text-hint">{visit.label}</div>
          </div>
          <div className="shrink-0 text-right text-xs">
            <div>{visit.statusLabel}</div>
            {visit.photoCount > 0 && <div className="text-hint">{t.schedule.photos(visit.photoCount)}</div>}
          </div>
        </li>
      ))}
    </ul>
  );
}
