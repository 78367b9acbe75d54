// The first screen must not wait for React to render before it asks for its data: main.tsx starts the page's one
// request and its code chunk at once, in parallel, and the page picks the response up from here.
import { apiGet } from "./api-client.ts";
import { DASHBOARD_KEYS, filtersToQuery, readFilters, WORKS_KEYS } from "./filters.ts";

const preloaded = new Map<string, Promise<unknown>>();
let firstData: Promise<unknown> = Promise.resolve();

/** The response started for `path` at start-up, once; later loads of the same path fetch again. */
export function takePreloaded<T>(path: string): Promise<T> | undefined {
  const request = preloaded.get(path) as Promise<T> | undefined;
  preloaded.delete(path);
  return request;
}

/** Resolves when the first screen's data has arrived (or failed): secondary requests wait for it. */
export const afterFirstData = (): Promise<unknown> => firstData;

function preload(path: string): void {
  const request = apiGet(path);
  request.catch(() => undefined);
  preloaded.set(path, request);
  firstData = request.catch(() => undefined);
}

/** Starts the open page's code and data downloads for the URL the app was opened with. */
export function preloadRoute(location: Location = window.location): void {
  const params = new URLSearchParams(location.search);
  if (location.pathname === "/" || location.pathname === "/dashboard") {
    // "/" redirects to /dashboard without its query, so it asks for the unfiltered figures.
    const filters = location.pathname === "/dashboard" ? readFilters(params, DASHBOARD_KEYS) : {};
    preload(`/api/dashboard/stats${filtersToQuery(filters)}`);
    void import("../pages/DashboardPage.tsx");
  } else if (location.pathname === "/works") {
    preload(`/api/cleaning/houses${filtersToQuery(readFilters(params, WORKS_KEYS))}`);
    void import("../pages/WorksPage.tsx");
  }
}
