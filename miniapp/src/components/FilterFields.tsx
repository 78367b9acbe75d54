import { t } from "../i18n/ru.ts";
import type { Filters } from "../lib/filters.ts";
import type { CleaningFilters } from "../lib/types.ts";

interface FilterFieldsProps {
  filters: Filters;
  onChange: (changes: Filters) => void;
  options?: CleaningFilters;
  hasExactDate: boolean;
  hasSearch: boolean;
}

const fieldClass = "w-full rounded-xl border border-separator px-3 py-2 text-sm outline-none focus:border-accent";

/** The fields behind "Фильтры": brigade, management company, a custom date range, an exact day, the search. */
export function FilterFields({ filters, onChange, options, hasExactDate, hasSearch }: FilterFieldsProps) {
  return (
    <div className="grid grid-cols-2 gap-2" data-testid="filter-fields">
      <label className="text-xs text-hint">
        {t.filters.brigade}
        <select
          aria-label={t.filters.brigade}
          className={fieldClass}
          value={filters.brigade ?? ""}
          onChange={(event) => onChange({ brigade: event.target.value })}
        >
          <option value="">{t.filters.allBrigades}</option>
          {options?.brigades.map((brigade) => (
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
          {options?.managementCompanies.map((company) => (
            <option key={company.id} value={company.id}>
              {company.title}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs text-hint">
        {t.filters.dateFrom}
        <input
          type="date"
          aria-label={t.filters.dateFrom}
          className={fieldClass}
          value={filters.date_from ?? ""}
          onChange={(event) => onChange({ date_from: event.target.value })}
        />
      </label>
      <label className="text-xs text-hint">
        {t.filters.dateTo}
        <input
          type="date"
          aria-label={t.filters.dateTo}
          className={fieldClass}
          value={filters.date_to ?? ""}
          onChange={(event) => onChange({ date_to: event.target.value })}
        />
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
  );
}
