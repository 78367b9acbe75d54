import { useCallback, useEffect, useState } from "react";
import { DetailsModal } from "../components/DetailsModal.tsx";
import { ErrorState } from "../components/ErrorState.tsx";
import { FilterBar } from "../components/FilterBar.tsx";
import { HouseCard } from "../components/HouseCard.tsx";
import { Pagination } from "../components/Pagination.tsx";
import { ScheduleModal } from "../components/ScheduleModal.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { t } from "../i18n/ru.ts";
import { filtersToQuery, WORKS_KEYS } from "../lib/filters.ts";
import type { HouseList, HouseListItem } from "../lib/types.ts";
import { reportFirstScreen } from "../lib/platform.ts";
import { useApi } from "../lib/use-api.ts";
import { useUrlFilters } from "../lib/use-url-filters.ts";

type OpenView = { kind: "schedule" | "details"; house: HouseListItem };

export default function WorksPage() {
  const [filters, onChange] = useUrlFilters(WORKS_KEYS);
  const houses = useApi<HouseList>(`/api/cleaning/houses${filtersToQuery(filters)}`);
  const [view, setView] = useState<OpenView>();
  const closeView = useCallback(() => setView(undefined), []);
  const hasData = houses.data !== undefined;
  useEffect(() => {
    if (hasData) reportFirstScreen();
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
        <div className={`space-y-3 p-4 transition-opacity ${houses.isLoading ? "opacity-60" : ""}`} aria-busy={houses.isLoading} data-testid="works-ready">
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
                />
              ))}
            </ul>
          )}
          <Pagination page={houses.data.page} pages={houses.data.pages} onPage={goToPage} />
        </div>
      )}
      {view?.kind === "schedule" && <ScheduleModal house={view.house} initialMonth={month} onClose={closeView} />}
      {view?.kind === "details" && <DetailsModal house={view.house} onClose={closeView} />}
    </main>
  );
}
