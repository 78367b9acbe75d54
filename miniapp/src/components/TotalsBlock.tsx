import { t } from "../i18n/ru.ts";
import { formatNumber } from "../lib/dates.ts";
import type { DashboardStats } from "../lib/types.ts";

export function TotalsBlock({ totals }: { totals: DashboardStats["totals"] }) {
  const cells = [
    { key: "houses", label: t.dashboard.totals.houses, value: totals.houses },
    { key: "apartments", label: t.dashboard.totals.apartments, value: totals.apartments },
    { key: "entrances", label: t.dashboard.totals.entrances, value: totals.entrances },
    { key: "brigades", label: t.dashboard.totals.brigades, value: totals.brigades },
  ];
  return (
    <section className="grid grid-cols-4 gap-2 rounded-2xl bg-section p-3 text-center" data-testid="totals">
      {cells.map((cell) => (
        <div key={cell.key} data-testid={`total-${cell.key}`}>
          <div className="text-base font-semibold tabular-nums">{formatNumber(cell.value)}</div>
          <div className="text-[11px] text-hint">{cell.label}</div>
        </div>
      ))}
    </section>
  );
}
