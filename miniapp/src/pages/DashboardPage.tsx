import { lazy, useEffect } from "react";
import { DeferredChart } from "../components/DeferredChart.tsx";
import { ErrorState } from "../components/ErrorState.tsx";
import { FilterBar } from "../components/FilterBar.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { TodayBlock } from "../components/TodayBlock.tsx";
import { TotalsBlock } from "../components/TotalsBlock.tsx";
import { t } from "../i18n/ru.ts";
import { formatShortDay } from "../lib/dates.ts";
import { DASHBOARD_KEYS, filtersToQuery } from "../lib/filters.ts";
import type { DashboardStats } from "../lib/types.ts";
import { reportFirstScreen } from "../lib/platform.ts";
import { useApi } from "../lib/use-api.ts";
import { useUrlFilters } from "../lib/use-url-filters.ts";

// recharts is about 120 KB gzip: the charts load once the numbers are painted and the chart is near the screen.
const StageChart = lazy(() => import("../components/StageChart.tsx"));
const DayChart = lazy(() => import("../components/DayChart.tsx"));

export const USABLE_MARK = "dashboard-usable";

export default function DashboardPage() {
  const [filters, onChange] = useUrlFilters(DASHBOARD_KEYS);
  const stats = useApi<DashboardStats>(`/api/dashboard/stats${filtersToQuery(filters)}`);
  const hasData = stats.data !== undefined;
  useEffect(() => {
    // The moment the numbers are on screen: `npm run bench:miniapp` reads it as "time to a usable dashboard".
    if (!hasData) return;
    if (performance.getEntriesByName(USABLE_MARK).length === 0) performance.mark(USABLE_MARK);
    reportFirstScreen();
  }, [hasData]);

  return (
    <main data-testid="dashboard-page">
      <FilterBar filters={filters} onChange={onChange} />
      {stats.error ? (
        <ErrorState message={stats.error.message} onRetry={stats.reload} />
      ) : !stats.data ? (
        <PageSkeleton />
      ) : (
        <div
          className={`space-y-3 p-4 transition-opacity ${stats.isLoading ? "opacity-60" : ""}`}
          aria-busy={stats.isLoading}
          data-testid="dashboard-ready"
        >
          <TodayBlock today={stats.data.today} />
          <TotalsBlock totals={stats.data.totals} />
          <section className="rounded-2xl bg-section p-4">
            <h2 className="mb-2 font-semibold">{t.dashboard.byStage}</h2>
            <DeferredChart testId="stage-chart-area">
              <StageChart data={stats.data.byStage} />
            </DeferredChart>
          </section>
          <section className="rounded-2xl bg-section p-4">
            <h2 className="font-semibold">{t.dashboard.byDay}</h2>
            <p className="mb-2 text-xs text-hint" data-testid="range">
              {t.dashboard.range(formatShortDay(stats.data.range.from), formatShortDay(stats.data.range.to))}
            </p>
            <DeferredChart testId="day-chart-area">
              <DayChart data={stats.data.byDay} />
            </DeferredChart>
          </section>
        </div>
      )}
    </main>
  );
}
