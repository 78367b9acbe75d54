import { useState } from "react";
import { t } from "../i18n/ru.ts";
import { addMonths, formatMonth, localToday, monthOf } from "../lib/dates.ts";
import { hapticSelection, hapticTap, openExternalLink } from "../lib/platform.ts";
import type { HouseDetails, HouseListItem } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorState } from "./ErrorState.tsx";
import { Modal } from "./Modal.tsx";
import { MonthCalendar, VisitList } from "./MonthCalendar.tsx";
import { Skeleton } from "./Skeleton.tsx";

/** "График": the house's visits of one month on a calendar, with a month switcher and a Bitrix24 link. */
export function ScheduleModal({
  house,
  initialMonth,
  onClose,
}: {
  house: HouseListItem;
  initialMonth?: string;
  onClose: () => void;
}) {
  const [month, setMonth] = useState(initialMonth ?? monthOf(localToday()));
  const details = useApi<HouseDetails>(`/api/cleaning/house/${house.id}/details?month=${month}`);
  const switchMonth = (delta: number) => () => {
    hapticSelection();
    setMonth((current) => addMonths(current, delta));
  };
  const schedule = details.data?.schedule.month === month ? details.data.schedule : undefined;

  return (
    <Modal title={house.address} onClose={onClose} testId="schedule-modal">
      <div className="mb-3 flex items-center justify-between">
        <button
          type="button"
          onClick={switchMonth(-1)}
          aria-label={t.schedule.previousMonth}
          className="rounded-xl bg-secondary px-3 py-1.5 text-lg leading-none"
        >
          ‹
        </button>
        <div className="text-center">
          <div className="font-semibold" data-testid="schedule-month">
            {formatMonth(month)}
          </div>
          {schedule && <div className="text-xs text-hint">{schedule.periodicity}</div>}
        </div>
        <button
          type="button"
          onClick={switchMonth(1)}
          aria-label={t.schedule.nextMonth}
          className="rounded-xl bg-secondary px-3 py-1.5 text-lg leading-none"
        >
          ›
        </button>
      </div>
      {details.error ? (
        <ErrorState message={details.error.message} onRetry={details.reload} />
      ) : !schedule ? (
        <Skeleton className="h-72" />
      ) : (
        <>
          <MonthCalendar month={month} visits={schedule.visits} />
          <VisitList visits={schedule.visits} />
        </>
      )}
      {house.bitrixUrl && (
        <button
          type="button"
          onClick={() => {
            hapticTap();
            openExternalLink(house.bitrixUrl as string);
          }}
          className="mt-4 w-full rounded-xl bg-button py-2.5 text-sm font-medium text-button-text"
        >
          {t.works.openInBitrix}
        </button>
      )}
    </Modal>
  );
}
