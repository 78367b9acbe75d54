import { useEffect, useState } from "react";
import { t } from "../i18n/ru.ts";
import { localToday, type PresetName, PRESETS, presetRange } from "../lib/dates.ts";
import type { Filters } from "../lib/filters.ts";
import { hapticSelection } from "../lib/telegram.ts";
import type { CleaningFilters } from "../lib/types.ts";
import { afterFirstData } from "../lib/preload.ts";
import { useApi } from "../lib/use-api.ts";

interface FilterBarProps {
  filters: Filters;
  onChange: (changes: Filters) => void;
  /** Works page only: one exact cleaning day and the address search. */
  hasExactDate?: boolean;
  hasSearch?: boolean;
}

const fieldClass = "w-full rounded-xl border border-separator px-3 py-2 text-sm outline-none focus:border-accent";

/** Brigade, management company, date range and the presets Сегодня / Завтра / Неделя / Месяц. */
export function FilterBar({ filters, onChange, hasExactDate = false, hasSearch = false }: FilterBarProps) {
  // The choices load after the page's own data, so they never delay the first screen.
  const [isFirstDataIn, setFirstDataIn] = useState(false);
  useEffect(() => {
    let isMounted = true;
    void afterFirstData().then(() => isMounted && setFirstDataIn(true));
    return () => {
      isMounted = false;
    };
  }, []);
  const options = useApi<CleaningFilters>(isFirstDataIn ? "/api/cleaning/filters" : null, { isCached: true });
  const today = localToday();
  const activePreset = PRESETS.find((preset) => {
    const range = presetRange(preset, today);
    return filters.date_from === range.from && filters.date_to === range.to;
  });

  const applyPreset = (preset: PresetName) => {
    hapticSelection();
    if (preset === activePreset) return onChange({ date_from: undefined, date_to: undefined });
    const range = presetRange(preset, today);
    onChange({ date_from: range.from, date_to: range.to, cleaning_date: undefined });
  };
  const hasAny = Object.entries(filters).some(([key, value]) => key !== "page" && value);

  return (
    <section className="space-y-2 bg-bg px-4 pb-3 pt-2 shadow-sm" aria-label="Фильтры" data-testid="filter-bar">
      <div className="flex gap-2 overflow-x-auto" role="group" aria-label="Период">
        {PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={preset === activePreset}
            onClick={() => applyPreset(preset)}
            className={`shrink-0 rounded-full px-3 py-1.5 text-sm ${preset === activePreset ? "bg-button text-button-text" : "bg-secondary text-text"}`}
          >
            {t.filters.presets[preset]}
          </button>
        ))}
        {hasAny && (
          <button type="button" onClick={() => onChange({ brigade: undefined, management_company: undefined, date_from: undefined, date_to: undefined, cleaning_date: undefined, search: undefined })} className="shrink-0 px-2 text-sm text-link">
            {t.filters.reset}
          </button>
        )}
      </div>
      <div className="grid grid-cols-2 gap-2">
        <label className="text-xs text-hint">
          {t.filters.brigade}
          <select aria-label={t.filters.brigade} className={fieldClass} value={filters.brigade ?? ""} onChange={(event) => onChange({ brigade: event.target.value })}>
            <option value="">{t.filters.allBrigades}</option>
            {options.data?.brigades.map((brigade) => (
              <option key={brigade.id} value={brigade.id}>
                {brigade.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-hint">
          {t.filters.managementCompany}
          <select
            aria-label={t.filters.managementCompany}
            className={fieldClass}
            value={filters.management_company ?? ""}
            onChange={(event) => onChange({ management_company: event.target.value })}
          >
            <option value="">{t.filters.allManagementCompanies}</option>
            {options.data?.managementCompanies.map((company) => (
              <option key={company.id} value={company.id}>
                {company.title}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-hint">
          {t.filters.dateFrom}
          <input type="date" aria-label={t.filters.dateFrom} className={fieldClass} value={filters.date_from ?? ""} onChange={(event) => onChange({ date_from: event.target.value })} />
        </label>
        <label className="text-xs text-hint">
          {t.filters.dateTo}
          <input type="date" aria-label={t.filters.dateTo} className={fieldClass} value={filters.date_to ?? ""} onChange={(event) => onChange({ date_to: event.target.value })} />
        </label>
        {hasExactDate && (
          <label className="text-xs text-hint">
            {t.filters.exactDate}
            <input
              type="date"
              aria-label={t.filters.exactDate}
              className={fieldClass}
              value={filters.cleaning_date ?? ""}
              onChange={(event) => onChange({ cleaning_date: event.target.value })}
            />
          </label>
        )}
        {hasSearch && (
          <label className="text-xs text-hint">
            {t.filters.search}
            <input
              type="search"
              // Remount when the URL changes the search (reset, a link), so the field shows the active query.
              key={filters.search ?? ""}
              aria-label={t.filters.search}
              className={fieldClass}
              defaultValue={filters.search ?? ""}
              // Search on Enter or when the field loses focus, not on every key: one request per question.
              onKeyDown={(event) => {
                if (event.key === "Enter") onChange({ search: event.currentTarget.value.trim() });
              }}
              onBlur={(event) => {
                if (event.target.value.trim() !== (filters.search ?? "")) onChange({ search: event.target.value.trim() });
              }}
            />
          </label>
        )}
      </div>
    </section>
  );
}
