import { describe, expect, it } from "vitest";
import { applyFilterChanges, DASHBOARD_KEYS, filtersToQuery, readFilters, WORKS_KEYS } from "./filters.ts";

describe("filters in the URL", () => {
  it("reads only the page's own filters and skips empty values", () => {
    const params = new URLSearchParams("brigade=3&search=&cleaning_date=2026-11-26&utm=x");
    expect(readFilters(params, DASHBOARD_KEYS)).toEqual({ brigade: "3" });
    expect(readFilters(params, WORKS_KEYS)).toEqual({ brigade: "3", cleaning_date: "2026-11-26" });
  });

  it("goes back to page 1 when a filter changes, and keeps the page when only the page changes", () => {
    const params = new URLSearchParams("brigade=3&page=4");
    expect(applyFilterChanges(params, { management_company: "2" }).toString()).toBe("brigade=3&management_company=2");
    expect(applyFilterChanges(params, { page: "5" }).toString()).toBe("brigade=3&page=5");
    expect(applyFilterChanges(params, { brigade: undefined }).toString()).toBe("");
  });

  it("turns filters into the API's query string", () => {
    expect(filtersToQuery({})).toBe("");
    expect(filtersToQuery({ date_from: "2026-11-01", date_to: "2026-11-30", search: "Ленина 5" })).toBe(
      "?date_from=2026-11-01&date_to=2026-11-30&search=%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D0%B0+5",
    );
  });
});
