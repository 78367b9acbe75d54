import { useEffect, useState } from "react";
import { t } from "../i18n/ru.ts";
import { localToday, type PresetName, PRESETS, presetRange } from "../lib/dates.ts";
import type { Filters } from "../lib/filters.ts";
import { hapticSelection } from "../lib/platform.ts";
import type { CleaningFilters } from "../lib/types.ts";
import { afterFirstData } from "../lib/preload.ts";
import { useApi } from "../lib/use-api.ts";
import { FilterFields } from "./FilterFields.tsx";

const CLEARED: Filters = {
  brigade: undefined,
  management_company: undefined,
  date_from: undefined,
  date_to: undefined,
  cleaning_date: undefined,
  search: undefined,
};

interface FilterBarProps {
  filters: Filters;
  onChange: (changes: Filters) => void;
  /** Works page only: one exact cleaning day and the address search. */
  hasExactDate?: boolean;
  hasSearch?: boolean;
}

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
  // On a phone the presets are the everyday choice; the other fields fold away unless one is in use.
  const hasCustomRange = (filters.date_from || filters.date_to) && !activePreset;
  const detailCount = [
    filters.brigade,
    filters.management_company,
    filters.cleaning_date,
    filters.search,
    hasCustomRange,
  ].filter(Boolean).length;
  const [isOpen, setOpen] = useState(detailCount > 0);

  return (
    <section className="space-y-2 bg-bg px-4 pb-3 pt-2 shadow-sm" aria-label={t.filters.label} data-testid="filter-bar">
      <div className="flex items-center gap-2">
        <div className="flex min-w-0 flex-1 gap-1.5 overflow-x-auto" role="group" aria-label={t.filters.period}>
          {PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              aria-pressed={preset === activePreset}
              onClick={() => applyPreset(preset)}
              className={`shrink-0 rounded-full px-2.5 py-1.5 text-sm ${preset === activePreset ? "bg-button text-button-text" : "bg-secondary text-text"}`}
            >
              {t.filters.presets[preset]}
            </button>
          ))}
          {hasAny && (
            <button type="button" onClick={() => onChange(CLEARED)} className="shrink-0 px-2 text-sm text-link">
              {t.filters.reset}
            </button>
          )}
        </div>
        {/* Outside the scrolling row, so it is always in reach on a narrow phone. */}
        <button
          type="button"
          aria-expanded={isOpen}
          aria-label={detailCount > 0 ? t.filters.moreWithCount(detailCount) : t.filters.more}
          onClick={() => {
            hapticSelection();
            setOpen((open) => !open);
          }}
          className={`relative shrink-0 rounded-full p-2 ${isOpen || detailCount > 0 ? "bg-accent/15 text-accent" : "bg-secondary text-text"}`}
        >
          <svg viewBox="0 0 24 24" className="h-5 w-5" fill="currentColor" aria-hidden>
            <path d="M3 5h18v2l-7 7v5l-4 2v-7L3 7V5Z" />
          </svg>
          {detailCount > 0 && (
            <span className="absolute -right-1 -top-1 rounded-full bg-button px-1.5 text-[10px] font-semibold leading-4 text-button-text">
              {detailCount}
            </span>
          )}
        </button>
      </div>
      {isOpen && (
        <FilterFields
          filters={filters}
          onChange={onChange}
          options={options.data}
          hasExactDate={hasExactDate}
          hasSearch={hasSearch}
        />
      )}
    </section>
  );
}
