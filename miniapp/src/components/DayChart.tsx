import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { t } from "../i18n/ru.ts";
import { formatShortDay } from "../lib/dates.ts";
import type { DashboardStats } from "../lib/types.ts";

/** Planned vs done per day over the chosen range (lazy chunk: recharts). */
export default function DayChart({ data }: { data: DashboardStats["byDay"] }) {
  if (data.every((day) => day.planned === 0))
    return <p className="py-8 text-center text-sm text-hint">{t.dashboard.empty}</p>;
  return (
    <div className="h-64" data-testid="day-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: -16, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--app-separator)" vertical={false} />
          <XAxis
            dataKey="date"
            tickFormatter={formatShortDay}
            tick={{ fontSize: 10, fill: "var(--app-hint)" }}
            minTickGap={8}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--app-hint)" }} />
          <Tooltip labelFormatter={(label) => formatShortDay(String(label))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="planned"
            name={t.dashboard.plannedSeries}
            fill="var(--color-planned)"
            radius={[4, 4, 0, 0]}
            isAnimationActive={false}
          />
          <Bar
            dataKey="done"
            name={t.dashboard.doneSeries}
            fill="var(--color-done)"
            radius={[4, 4, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
