import { describe, expect, it } from "vitest";
import { computePeriodicity } from "./periodicity.ts";
import { classifyVisitKind } from "./visit-kinds.ts";

// The exact strings of the CRM's list field "Тип уборки".
const WET_ALL = "Влажная уборка лестничных площадок всех этажей и лифта";
const SWEEP = "Подметание лестничных площадок и маршей всех этажей, влажная уборка 1 этажа";
const WET_FIRST = "Влажная уборка 1 этажа и лифта";

const visits = (...pairs: [string, string][]) => pairs.map(([date, text]) => ({ date, kind: classifyVisitKind(text) }));

describe("classifyVisitKind on the CRM's real strings", () => {
  it("recognises the three kinds and keeps anything else as other", () => {
    expect(classifyVisitKind(WET_ALL)).toBe("wet_all_floors");
    expect(classifyVisitKind(WET_FIRST)).toBe("wet_first_floor");
    expect(classifyVisitKind("Генеральная уборка с мойкой окон")).toBe("other");
    expect(classifyVisitKind("")).toBe("other");
    expect(classifyVisitKind(null)).toBe("other");
  });

  it("treats the sweeping text as sweeping although it also mentions wet cleaning of the first floor", () => {
    expect(classifyVisitKind(SWEEP)).toBe("sweep_all_floors");
    expect(classifyVisitKind(SWEEP.toUpperCase())).toBe("sweep_all_floors");
  });
});

describe("computePeriodicity", () => {
  it("says 'не указана' without dates", () => {
    expect(computePeriodicity([])).toBe("не указана");
  });

  it("counts 2 and 4 wet cleanings", () => {
    expect(computePeriodicity(visits(["2025-09-03", WET_ALL], ["2025-09-17", WET_ALL]))).toBe("2 раза");
    expect(
      computePeriodicity(
        visits(["2025-09-01", WET_ALL], ["2025-09-08", WET_ALL], ["2025-09-15", WET_ALL], ["2025-09-22", WET_ALL]),
      ),
    ).toBe("4 раза");
  });

  it("counts each distinct date once (the CRM repeats a date across its two period fields)", () => {
    expect(computePeriodicity(visits(["2025-09-03", WET_ALL], ["2025-09-03", WET_ALL], ["2025-09-17", WET_ALL]))).toBe(
      "2 раза",
    );
  });

  it("labels wet cleaning plus sweeping", () => {
    expect(
      computePeriodicity(
        visits(["2025-09-02", WET_ALL], ["2025-09-09", SWEEP], ["2025-09-16", WET_ALL], ["2025-09-23", SWEEP]),
      ),
    ).toBe("2 раза + подметание 2 раза");
  });

  it("labels wet cleaning plus first floors", () => {
    expect(
      computePeriodicity(
        visits(["2025-09-02", WET_ALL], ["2025-09-09", WET_FIRST], ["2025-09-16", WET_ALL], ["2025-09-23", WET_FIRST]),
      ),
    ).toBe("2 раза + 1 этажи");
  });

  it("calls any other mix individual", () => {
    expect(computePeriodicity(visits(["2025-09-02", WET_ALL]))).toBe("индивидуальная");
    expect(computePeriodicity(visits(["2025-09-02", WET_ALL], ["2025-09-09", SWEEP], ["2025-09-16", WET_ALL]))).toBe(
      "индивидуальная",
    );
    expect(
      computePeriodicity(visits(["2025-09-02", WET_ALL], ["2025-09-16", WET_ALL], ["2025-09-20", "Мойка окон"])),
    ).toBe("индивидуальная");
    expect(computePeriodicity(visits(["2025-09-02", SWEEP], ["2025-09-16", SWEEP]))).toBe("индивидуальная");
  });
});
