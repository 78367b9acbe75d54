import type { ReactNode } from "react";
import { t } from "../i18n/ru.ts";
import { formatShortDay } from "../lib/dates.ts";
import { hapticTap, openExternalLink } from "../lib/platform.ts";
import type { HouseListItem } from "../lib/types.ts";

interface HouseCardProps {
  house: HouseListItem;
  onSchedule: () => void;
  onDetails: () => void;
  /** Extra rows at the bottom (today's visit actions). */
  children?: ReactNode;
}

const tap = (action: () => void) => () => {
  hapticTap();
  action();
};

export function HouseCard({ house, onSchedule, onDetails, children }: HouseCardProps) {
  const sizes = [
    house.apartments !== null ? `${house.apartments} ${t.works.apartments}` : null,
    house.entrances !== null ? `${house.entrances} ${t.works.entrances}` : null,
    house.floors !== null ? `${house.floors} ${t.works.floors}` : null,
  ].filter(Boolean);
  return (
    <li className="rounded-2xl bg-section p-4" data-testid="house-card" data-house-id={house.id}>
      <h3 className="font-semibold leading-snug">{house.address}</h3>
      {sizes.length > 0 && <p className="mt-0.5 text-sm text-hint">{sizes.join(" · ")}</p>}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-hint">{t.works.managementCompany}</dt>
        <dd>{house.managementCompany?.title ?? t.common.notSet}</dd>
        <dt className="text-hint">{t.works.brigade}</dt>
        <dd>{house.brigade?.name ?? t.common.notSet}</dd>
        <dt className="text-hint">{t.works.periodicity}</dt>
        <dd>{house.periodicity || t.common.notSet}</dd>
        {house.nextVisit && (
          <>
            <dt className="text-hint">{t.works.nextVisit}</dt>
            <dd>{formatShortDay(house.nextVisit.date)}</dd>
          </>
        )}
      </dl>
      <div className="mt-3 flex flex-wrap gap-2 text-sm">
        <button
          type="button"
          onClick={tap(onSchedule)}
          className="rounded-xl bg-button px-3 py-1.5 font-medium text-button-text active:opacity-80"
        >
          {t.works.schedule}
        </button>
        <button
          type="button"
          onClick={tap(onDetails)}
          className="rounded-xl bg-secondary px-3 py-1.5 font-medium active:opacity-80"
        >
          {t.works.details}
        </button>
        {house.bitrixUrl && (
          <button
            type="button"
            onClick={tap(() => openExternalLink(house.bitrixUrl as string))}
            className="px-2 py-1.5 text-link"
          >
            {t.works.openInBitrix}
          </button>
        )}
      </div>
      {children}
    </li>
  );
}
