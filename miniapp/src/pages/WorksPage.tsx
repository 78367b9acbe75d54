import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { ErrorState } from "../components/ErrorState.tsx";
import { FilterBar } from "../components/FilterBar.tsx";
import { HouseCard } from "../components/HouseCard.tsx";
import { Pagination } from "../components/Pagination.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { t } from "../i18n/ru.ts";
import { filtersToQuery, WORKS_KEYS } from "../lib/filters.ts";
import type { DayVisitView, HouseList, HouseListItem, TodayVisits } from "../lib/types.ts";
import { afterFirstData } from "../lib/preload.ts";
import { VisitActions } from "../components/VisitActions.tsx";
import { whenIdle } from "../lib/idle.ts";
import { reportFirstScreen } from "../lib/platform.ts";
import { useApi } from "../lib/use-api.ts";
import { useUrlFilters } from "../lib/use-url-filters.ts";

// The first page of cards comes first: the modals' code (calendar, contacts) loads when the phone is idle after it.
const loadScheduleModal = () =>
  import("../components/ScheduleModal.tsx").then((module) => ({ default: module.ScheduleModal }));
const loadDetailsModal = () =>
  import("../components/DetailsModal.tsx").then((module) => ({ default: module.DetailsModal }));
const ScheduleModal = lazy(loadScheduleModal);
const DetailsModal = lazy(loadDetailsModal);

type OpenView = { kind: "schedule" | "details"; house: HouseListItem };

export default function WorksPage() {
  const [filters, onChange] = useUrlFilters(WORKS_KEYS);
  const houses = useApi<HouseList>(`/api/cleaning/houses${filtersToQuery(filters)}`);
  const [view, setView] = useState<OpenView>();
  // Today's visits (their «Начать» / «Завершить») come after the first page of cards.
  const [isFirstDataIn, setFirstDataIn] = useState(false);
  useEffect(() => {
    let isMounted = true;
    void afterFirstData().then(() => isMounted && setFirstDataIn(true));
    return () => {
      isMounted = false;
    };
  }, []);
  const visits = useApi<TodayVisits>(isFirstDataIn ? "/api/visits/today" : null);
  const visitsByHouse = new Map<number, DayVisitView[]>();
  for (const visit of visits.data?.items ?? [])
    visitsByHouse.set(visit.houseId, [...(visitsByHouse.get(visit.houseId) ?? []), visit]);
  const closeView = useCallback(() => setView(undefined), []);
  const hasData = houses.data !== undefined;
  useEffect(() => {
    if (!hasData) return;
    reportFirstScreen();
    void whenIdle().then(() => Promise.all([loadScheduleModal(), loadDetailsModal()]).catch(() => undefined));
  }, [hasData]);

  const goToPage = (page: number) => {
    onChange({ page: page > 1 ? String(page) : undefined }, { isNewEntry: true });
    window.scrollTo({ top: 0, behavior: "smooth" });
  };
  // The schedule opens on the month the filters point at, so "Месяц" or an exact date shows that month.
  const month = (filters.cleaning_date ?? filters.date_from)?.slice(0, 7);

  return (
    <main data-testid="works-page">
      <FilterBar filters={filters} onChange={onChange} hasExactDate hasSearch />
      {houses.error ? (
        <ErrorState message={houses.error.message} onRetry={houses.reload} />
      ) : !houses.data ? (
        <PageSkeleton />
      ) : (
        <div
          className={`space-y-3 p-4 transition-opacity ${houses.isLoading ? "opacity-60" : ""}`}
          aria-busy={houses.isLoading}
          data-testid="works-ready"
        >
          <p className="text-sm text-hint" data-testid="total">
            {t.works.found(houses.data.total)}
          </p>
          {houses.data.items.length === 0 ? (
            <p className="py-10 text-center text-sm text-hint">{t.works.empty}</p>
          ) : (
            <ul className="space-y-3">
              {houses.data.items.map((house) => (
                <HouseCard
                  key={house.id}
                  house={house}
                  onSchedule={() => setView({ kind: "schedule", house })}
                  onDetails={() => setView({ kind: "details", house })}
                >
                  {visitsByHouse.get(house.id)?.map((visit) => (
                    <VisitActions key={visit.id} visit={visit} />
                  ))}
                </HouseCard>
              ))}
            </ul>
          )}
          <Pagination page={houses.data.page} pages={houses.data.pages} onPage={goToPage} />
        </div>
      )}
      <Suspense fallback={null}>
        {view?.kind === "schedule" && <ScheduleModal house={view.house} initialMonth={month} onClose={closeView} />}
        {view?.kind === "details" && <DetailsModal house={view.house} onClose={closeView} />}
      </Suspense>
    </main>
  );
}
