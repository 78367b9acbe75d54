import { useState } from "react";
import { Bar, BarChart, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { t } from "../i18n/ru.ts";
import { hapticSelection } from "../lib/platform.ts";
import type { DashboardStats } from "../lib/types.ts";

const COLORS = ["#3b82f6", "#f59e0b", "#16a34a", "#8b5cf6", "#06b6d4", "#dc2626", "#64748b"];

/** Houses by CRM stage, as a pie or as bars (lazy chunk: recharts). */
export default function StageChart({ data }: { data: DashboardStats["byStage"] }) {
  const [kind, setKind] = useState<"pie" | "bar">("pie");
  if (data.length === 0) return <p className="py-8 text-center text-sm text-hint">{t.dashboard.empty}</p>;
  const toggle = (next: "pie" | "bar") => {
    hapticSelection();
    setKind(next);
  };
  return (
    <div data-testid="stage-chart">
      <div className="mb-2 flex gap-1 rounded-xl bg-secondary p-1 text-sm" role="group">
        {(["pie", "bar"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={kind === option}
            onClick={() => toggle(option)}
            className={`flex-1 rounded-lg py-1 ${kind === option ? "bg-section font-medium shadow-sm" : "text-hint"}`}
          >
            {option === "pie" ? t.dashboard.pie : t.dashboard.bar}
          </button>
        ))}
      </div>
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          {kind === "pie" ? (
            <PieChart>
              <Pie
                data={data}
                dataKey="count"
                nameKey="title"
                innerRadius="45%"
                outerRadius="75%"
                paddingAngle={2}
                isAnimationActive={false}
              >
                {data.map((entry, index) => (
                  <Cell key={entry.stageId ?? "none"} fill={COLORS[index % COLORS.length]} />
                ))}
              </Pie>
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 11 }} />
            </PieChart>
          ) : (
            <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: "var(--app-hint)" }} />
              <YAxis type="category" dataKey="title" width={110} tick={{ fontSize: 11, fill: "var(--app-hint)" }} />
              <Tooltip />
              <Bar dataKey="count" isAnimationActive={false}>
                {data.map((entry, index) => (
                  <Cell key={entry.stageId ?? "none"} fill={COLORS[index % COLORS.length]} />
                ))}
              </Bar>
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
    </div>
  );
}
