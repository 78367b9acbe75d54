import { describe, expect, it } from "vitest";
import { brigadeOfUser, mapDeal, parseAddress } from "./deal-mapping.ts";
import { DEFAULT_FIELD_MAP, mergeFieldMap } from "./field-map.ts";

describe("deal mapping", () => {
  it("keeps the address text and the coordinates of Bitrix24's address field", () => {
    expect(parseAddress("Калуга, улица Кирова, 3|54.513;36.261|123")).toEqual({
      address: "Калуга, улица Кирова, 3",
      latitude: 54.513,
      longitude: 36.261,
    });
    expect(parseAddress("Калуга, улица Кирова, 3")).toEqual({
      address: "Калуга, улица Кирова, 3",
      latitude: null,
      longitude: null,
    });
  });

  it("recognises brigades by name or last name and takes the first 1-2 digit number", () => {
    expect(brigadeOfUser({ ID: 5, NAME: "БРИГАДА 12", LAST_NAME: "" }, "бригад")).toMatchObject({ number: 12 });
    expect(brigadeOfUser({ ID: 6, NAME: "Старший", LAST_NAME: "Бригада №3 (2024)" }, "бригад")).toMatchObject({
      number: 3,
    });
    expect(brigadeOfUser({ ID: 7, NAME: "Бригада", LAST_NAME: "резерв" }, "бригад")).toBeNull();
    expect(brigadeOfUser({ ID: 8, NAME: "Иван 2", LAST_NAME: "Петров" }, "бригад")).toBeNull();
  });

  it("turns schedule fields into visits in the company's time zone, kinds resolved through list items", () => {
    const texts = new Map([
      ["UF_CRM_1741592855565", new Map([["7", "Подметание лестничных площадок и маршей всех этажей"]])],
    ]);
    const house = mapDeal(
      {
        ID: 10,
        TITLE: "Кирова 3",
        CATEGORY_ID: 34,
        STAGE_ID: "C34:NEW",
        ASSIGNED_BY_ID: null,
        COMPANY_ID: null,
        CONTACT_ID: null,
        DATE_MODIFY: "2025-09-01T12:00:00+03:00",
        UF_CRM_1669561599956: "",
        UF_CRM_1741592774017: ["2025-09-02T00:00:00+03:00", "2025-09-09T00:00:00+03:00"],
        UF_CRM_1741592855565: "7",
        UF_CRM_1741592892232: "2025-09-16T00:00:00+03:00",
        UF_CRM_1741592945060: "Влажная уборка 1 этажа и лифта",
      },
      DEFAULT_FIELD_MAP,
      texts,
      "Europe/Moscow",
    );
    expect(house.address).toBe("Кирова 3");
    expect(house.visits).toEqual([
      { date: "2025-09-02", kind: "sweep_all_floors", kindText: "Подметание лестничных площадок и маршей всех этажей" },
      { date: "2025-09-09", kind: "sweep_all_floors", kindText: "Подметание лестничных площадок и маршей всех этажей" },
      { date: "2025-09-16", kind: "wet_first_floor", kindText: "Влажная уборка 1 этажа и лифта" },
    ]);
  });

  it("merges a partial field map over the defaults, month by month", () => {
    const merged = mergeFieldMap(DEFAULT_FIELD_MAP, {
      fields: { tariff: "UF_CRM_TARIFF" },
      schedule: [{ month: "2025-10", periods: [{ dates: "UF_A", kind: "UF_B" }] }],
    });
    expect(merged.categoryId).toBe(34);
    expect(merged.fields).toMatchObject({ tariff: "UF_CRM_TARIFF", address: "UF_CRM_1669561599956" });
    expect(merged.schedule.map((entry) => entry.month)).toEqual(["2025-09", "2025-10"]);
    expect(() => mergeFieldMap(DEFAULT_FIELD_MAP, { schedule: [{ month: "сентябрь", periods: [] }] })).toThrow();
  });
});
