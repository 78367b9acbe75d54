// Fills a fake portal with a plausible houses pipeline: brigade users, management companies, senior residents,
// addresses with map coordinates, and a month of schedule fields as the field map describes them.
import { VISIT_KIND_LABELS } from "../../schedule/visit-kinds.ts";
import type { FieldMap } from "../field-map.ts";
import type { FakeBitrix24, Record_ } from "./fake-bitrix24.ts";
import { portalTime } from "./fake-bitrix24.ts";
import { createRandom } from "./random.ts";

export const KIND_ITEMS = [
  { ID: "101", VALUE: VISIT_KIND_LABELS.wet_all_floors },
  { ID: "102", VALUE: VISIT_KIND_LABELS.sweep_all_floors },
  { ID: "103", VALUE: VISIT_KIND_LABELS.wet_first_floor },
  { ID: "104", VALUE: "Мытьё окон" },
];

export const BRIGADE_COUNT = 8;
export const STREETS = [
  "улица Кирова",
  "улица Ленина",
  "проспект Ленина",
  "улица Кибальчича",
  "Грабцевское шоссе",
  "улица Суворова",
];

export interface SeedOptions {
  deals: number;
  fieldMap: FieldMap;
  seed?: number;
  /** Share of deals in another pipeline (the sync must ignore them). */
  otherCategoryShare?: number;
}

/** Schedule dates of one period of a month: two days, in the portal's date format. */
function periodDates(month: string, half: 0 | 1, random: () => number): string[] {
  const first = half === 0 ? 1 + Math.floor(random() * 6) : 15 + Math.floor(random() * 6);
  return [first, first + 7].map((day) => `${month}-${String(day).padStart(2, "0")}T00:00:00+03:00`);
}

export function seedFakePortal(fake: FakeBitrix24, options: SeedOptions): void {
  const random = createRandom(options.seed ?? 7);
  const map = options.fieldMap;
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;

  fake.fields = {
    ID: { type: "integer" },
    TITLE: { type: "string" },
    [map.fields.address]: { type: "address" },
    [map.fields.apartments]: { type: "integer" },
    [map.fields.entrances]: { type: "integer" },
    [map.fields.floors]: { type: "integer" },
    [map.fields.tariff]: { type: "string" },
  };
  for (const month of map.schedule) {
    for (const period of month.periods) {
      fake.fields[period.dates] = { type: "date", isMultiple: true };
      fake.fields[period.kind] = { type: "enumeration", items: KIND_ITEMS };
    }
  }
  fake.stages = [
    {
      ID: "1",
      ENTITY_ID: `DEAL_STAGE_${map.categoryId}`,
      STATUS_ID: `C${map.categoryId}:NEW`,
      NAME: "Новый дом",
      SORT: "10",
      SEMANTICS: null,
    },
    {
      ID: "2",
      ENTITY_ID: `DEAL_STAGE_${map.categoryId}`,
      STATUS_ID: `C${map.categoryId}:PREPARATION`,
      NAME: "Договор",
      SORT: "20",
      SEMANTICS: null,
    },
    {
      ID: "3",
      ENTITY_ID: `DEAL_STAGE_${map.categoryId}`,
      STATUS_ID: `C${map.categoryId}:WON`,
      NAME: "Обслуживается",
      SORT: "30",
      SEMANTICS: "S",
    },
    {
      ID: "4",
      ENTITY_ID: `DEAL_STAGE_${map.categoryId}`,
      STATUS_ID: `C${map.categoryId}:LOSE`,
      NAME: "Отказ",
      SORT: "40",
      SEMANTICS: "F",
    },
    { ID: "5", ENTITY_ID: "DEAL_STAGE", STATUS_ID: "NEW", NAME: "Новая", SORT: "10", SEMANTICS: null },
  ];
  for (let n = 1; n <= BRIGADE_COUNT; n += 1) {
    fake.users.set(n, {
      ID: String(n),
      NAME: n % 2 ? `Бригада ${n}` : "Старший",
      LAST_NAME: n % 2 ? "" : `БРИГАДА №${n}`,
      ACTIVE: true,
    });
  }
  fake.users.set(50, { ID: "50", NAME: "Ирина", LAST_NAME: "Менеджерова", ACTIVE: true });
  fake.users.set(51, { ID: "51", NAME: "Бригада", LAST_NAME: "резервная", ACTIVE: true });
  const userIds = [...fake.users.keys()];

  const companyCount = Math.max(5, Math.ceil(options.deals / 60));
  for (let id = 1; id <= companyCount; id += 1) {
    fake.companies.set(id, {
      ID: String(id),
      TITLE: `УК «Дом-${id}»`,
      PHONE: [{ VALUE: `+7 4842 ${String(100000 + id)}`, VALUE_TYPE: "WORK" }],
      EMAIL: id % 3 ? [{ VALUE: `uk${id}@example.ru`, VALUE_TYPE: "WORK" }] : [],
    });
  }

  const at = portalTime(Date.now() - 86_400_000);
  for (let id = 1; id <= options.deals; id += 1) {
    const isOther = random() < (options.otherCategoryShare ?? 0.05);
    const street = pick(STREETS);
    const number = 1 + Math.floor(random() * 120);
    const hasCoordinates = random() < 0.7;
    const lat = (54.45 + random() * 0.1).toFixed(6);
    const lon = (36.2 + random() * 0.15).toFixed(6);
    const deal: Record_ = {
      ID: String(id),
      TITLE: `${street}, ${number}`,
      CATEGORY_ID: isOther ? "0" : String(map.categoryId),
      STAGE_ID: isOther
        ? "NEW"
        : pick([`C${map.categoryId}:NEW`, `C${map.categoryId}:PREPARATION`, `C${map.categoryId}:WON`]),
      ASSIGNED_BY_ID: String(pick(userIds)),
      COMPANY_ID: String(1 + Math.floor(random() * companyCount)),
      CONTACT_ID: "0",
      DATE_CREATE: at,
      DATE_MODIFY: at,
      [map.fields.address]:
        random() < 0.1 ? "" : `Калуга, ${street}, ${number}${hasCoordinates ? `|${lat};${lon}|${1000 + id}` : ""}`,
      [map.fields.apartments]: String(20 + Math.floor(random() * 200)),
      [map.fields.entrances]: String(1 + Math.floor(random() * 8)),
      [map.fields.floors]: String(5 + Math.floor(random() * 12)),
      [map.fields.tariff]: `${1000 + Math.floor(random() * 20) * 100}`,
    };
    if (random() < 0.7) {
      const contactId = 10_000 + id;
      fake.contacts.set(contactId, {
        ID: String(contactId),
        NAME: "Анна",
        LAST_NAME: `Старшая-${id}`,
        PHONE: [{ VALUE: `+7 910 ${String(id).padStart(7, "0")}`, VALUE_TYPE: "MOBILE" }],
      });
      deal.CONTACT_ID = String(contactId);
    }
    for (const month of map.schedule) {
      month.periods.forEach((period, index) => {
        deal[period.dates] = periodDates(month.month, index === 0 ? 0 : 1, random);
        deal[period.kind] = index === 0 ? "101" : pick(["101", "102", "103"]);
      });
    }
    fake.deals.set(id, deal);
  }
}
