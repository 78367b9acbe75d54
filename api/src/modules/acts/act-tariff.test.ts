import { describe, expect, it } from "vitest";
import { computeActSum, formatRubles } from "./act-tariff.ts";

describe("computeActSum", () => {
  it("takes a bare number or a monthly price as the month's fee", () => {
    for (const tariff of ["15000", "15 000", "15 000 ₽", "15000 руб.", "15 000 ₽/мес", "15000 в месяц", "15 000,00"]) {
      expect(computeActSum(tariff, 3), tariff).toEqual({ tariff, amount: 15000, basis: "Абонентская плата за месяц" });
    }
  });

  it("multiplies a price per cleaning by the cleanings done", () => {
    expect(computeActSum("1200 ₽ за уборку", 3)).toMatchObject({
      amount: 3600,
      basis: "1 200,00 ₽ × 3 выполненные уборки",
    });
    expect(computeActSum("850,50 руб/уборка", 21)).toMatchObject({
      amount: 17860.5,
      basis: "850,50 ₽ × 21 выполненная уборка",
    });
    expect(computeActSum("1000 за раз", 0)).toMatchObject({ amount: 0, basis: "1 000,00 ₽ × 0 выполненных уборок" });
  });

  it("gives no sum, with the reason, for a price per m², an empty or an unclear tariff", () => {
    expect(computeActSum("2.4 ₽/м²", 4)).toMatchObject({
      amount: null,
      basis: expect.stringContaining("за квадратный метр"),
    });
    expect(computeActSum("3 руб/кв.м", 4).amount).toBeNull();
    expect(computeActSum(null, 4)).toEqual({
      tariff: null,
      amount: null,
      basis: "Тариф не указан в CRM: сумма не рассчитана",
    });
    expect(computeActSum("договорная", 4)).toMatchObject({
      amount: null,
      basis: "Тариф «договорная» не распознан: сумма не рассчитана",
    });
    expect(computeActSum("от 10 000 до 12 000", 4).amount).toBeNull();
  });
});

describe("formatRubles", () => {
  it("groups thousands with spaces and keeps kopecks", () => {
    expect(formatRubles(1234567.5)).toBe("1 234 567,50 ₽");
    expect(formatRubles(0)).toBe("0,00 ₽");
  });
});
