import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { applyFilterChanges, type FilterKey, type Filters, readFilters } from "./filters.ts";

/**
 * The page's filters from the URL and a setter. Changes start from the address bar as it is now, not from the
 * last render: the router renders navigations in a transition, so two quick changes would otherwise lose one.
 * Filter changes replace the history entry; a page change (`isNewEntry`) adds one, so Back returns to it.
 */
export function useUrlFilters(
  keys: readonly FilterKey[],
): [Filters, (changes: Filters, options?: { isNewEntry?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const change = useCallback(
    (changes: Filters, options: { isNewEntry?: boolean } = {}) =>
      setParams(applyFilterChanges(new URLSearchParams(window.location.search), changes), {
        replace: !options.isNewEntry,
      }),
    [setParams],
  );
  return [readFilters(params, keys), change];
}
