import { describe, expect, it } from "vitest";
import { computePeriodicity } from "../../api/src/modules/schedule/periodicity.ts";
import { generateDemoCompany } from "./generate.ts";

describe("demo company generator", () => {
  it("is deterministic for a seed and differs for another seed", () => {
    const a = generateDemoCompany({ seed: 42, today: "2026-11-26" });
    const b = generateDemoCompany({ seed: 42, today: "2026-11-26" });
    const c = generateDemoCompany({ seed: 43, today: "2026-11-26" });
    expect(JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).toBe(
      JSON.stringify(b, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
    expect(c.houses.map((h) => h.address)).not.toEqual(a.houses.map((h) => h.address));
  });

  it("builds a realistic company: 500 unique Kaluga addresses, 7 brigades, 10 companies, three months of visits", () => {
    const company = generateDemoCompany({ seed: 42, today: "2026-11-26" });
    expect(company.houses).toHaveLength(500);
    expect(new Set(company.houses.map((h) => h.address)).size).toBe(500);
    expect(company.brigades.map((b) => b.name)).toContain("3 бригада");
    expect(company.managementCompanies).toHaveLength(10);
    const months = new Set(company.visits.map((v) => v.date.slice(0, 7)));
    expect([...months].sort()).toEqual(["2026-10", "2026-11", "2026-12"]);
  });

  it("follows the periodicity patterns and has statuses only up to today", () => {
    const company = generateDemoCompany({ seed: 42, today: "2026-11-26" });
    const labels = new Map<string, number>();
    company.houses.forEach((_, index) => {
      const visits = company.visits.filter((v) => v.houseIndex === index && v.date.startsWith("2026-11"));
      const label = computePeriodicity(visits);
      labels.set(label, (labels.get(label) ?? 0) + 1);
    });
    for (const label of ["2 раза", "4 раза", "2 раза + подметание 2 раза", "2 раза + 1 этажи", "индивидуальная"]) {
      expect(labels.get(label) ?? 0).toBeGreaterThan(0);
    }
    expect(company.visits.filter((v) => v.date > "2026-11-26").every((v) => v.status === "planned")).toBe(true);
    const past = company.visits.filter((v) => v.date < "2026-11-26");
    expect(past.every((v) => v.status === "done" || v.status === "missed")).toBe(true);
    expect(past.filter((v) => v.status === "done").every((v) => v.finishedAt && v.photos.length > 0)).toBe(true);
  });

  it("spreads visits over working days like a real schedule: no Sundays, about the same load every weekday", () => {
    const company = generateDemoCompany({ seed: 42, today: "2026-11-26" });
    const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();
    expect(company.visits.filter((v) => weekday(v.date) === 0)).toEqual([]);
    const perDay = new Map<string, number>();
    for (const v of company.visits)
      if (v.date.startsWith("2026-11") && weekday(v.date) !== 6) perDay.set(v.date, (perDay.get(v.date) ?? 0) + 1);
    const loads = [...perDay.values()];
    expect(perDay.size).toBe(21); // every working day of November 2026 has visits, the 2nd as much as the 16th
    expect(Math.min(...loads) / Math.max(...loads)).toBeGreaterThan(0.75);
  });
});
