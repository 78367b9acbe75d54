import type { RouteStop } from "../../../../api/src/modules/logistics/logistics.schemas.ts";
import { t } from "../../i18n/ru.ts";

export const formatKm = (km: number) => km.toLocaleString("ru-RU", { maximumFractionDigits: 1 });

interface RouteStopListProps {
  stops: RouteStop[];
  /** The house whose «Начать» is offered (the next one not yet started), if any. */
  nextHouseId?: number;
  isStarting: boolean;
  onStart(stop: RouteStop): void;
}

/** The day's houses in the planned order: arrival–departure, the drive there and the work at the house. */
export function RouteStopList({ stops, nextHouseId, isStarting, onStart }: RouteStopListProps) {
  return (
    <ol className="space-y-2" aria-label={t.logistics.list} data-testid="route-stops">
      {stops.map((stop, index) => {
        const isNext = stop.houseId === nextHouseId;
        return (
          <li
            key={stop.houseId}
            className={`flex gap-3 rounded-2xl bg-section p-3 ${isNext ? "ring-2 ring-accent" : ""}`}
            data-testid="route-stop"
            data-house-id={stop.houseId}
          >
            <span className="mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-button text-sm font-semibold text-button-text">
              {index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-sm font-semibold">
                <span data-testid="stop-arrival">{stop.arrival}</span>–{stop.departure}
                {stop.visitStatus === "in_progress" && (
                  <span className="ml-2 rounded-full bg-progress/15 px-2 py-0.5 text-xs text-progress">
                    {t.logistics.inProgress}
                  </span>
                )}
              </p>
              <p className="text-sm" data-testid="stop-address">
                {stop.address}
              </p>
              <p className="text-xs text-hint">
                {t.logistics.leg(formatKm(stop.legKm), stop.legMinutes)}
                {stop.serviceMinutes !== undefined && ` · ${t.logistics.stay(stop.serviceMinutes)}`}
                {stop.kindLabel && ` · ${stop.kindLabel}`}
              </p>
              {isNext && stop.visitId && (
                <button
                  type="button"
                  disabled={isStarting}
                  onClick={() => onStart(stop)}
                  className="mt-2 w-full rounded-xl bg-button py-2 text-sm font-medium text-button-text disabled:opacity-50"
                >
                  {isStarting ? t.logistics.starting : t.logistics.start}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
