// The filters of a view live in the URL (same names as the API's query), so a shared link reopens the view.
export const DASHBOARD_KEYS = ["brigade", "management_company", "date_from", "date_to"] as const;
export const WORKS_KEYS = [...DASHBOARD_KEYS, "cleaning_date", "search", "page"] as const;

export type FilterKey = (typeof WORKS_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function readFilters(params: URLSearchParams, keys: readonly FilterKey[]): Filters {
  const filters: Filters = {};
  for (const key of keys) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** New URL params with `changes` applied; any change other than the page itself goes back to page 1. */
export function applyFilterChanges(params: URLSearchParams, changes: Filters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  if (!("page" in changes)) next.delete("page");
  return next;
}

export function filtersToQuery(filters: Filters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
