import { z } from "../../lib/openapi.ts";
import { isCalendarDay, isMonth } from "../../lib/dates.ts";
import { hasPlausibleYear, idSchema, queryIdSchema, queryInt4Schema, queryTextSchema } from "../../lib/schemas.ts";
import { VISIT_KINDS, VISIT_STATUSES } from "../schedule/visit-kinds.ts";

export const MAX_RANGE_DAYS = 366;

export const queryDay = (name: string) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? undefined : value),
    z
      .string()
      .refine(isCalendarDay, `${name}: ожидается дата ГГГГ-ММ-ДД`)
      .refine(hasPlausibleYear, `${name}: год вне допустимого диапазона`)
      .optional(),
  );

/** Filters shared by the houses list and the dashboard (names as in the original system). */
export const houseFilterQuery = z.object({
  brigade: queryIdSchema("brigade").openapi({ description: "id бригады" }),
  management_company: queryIdSchema("management_company").openapi({ description: "id управляющей компании" }),
  date_from: queryDay("date_from"),
  date_to: queryDay("date_to"),
});

export const listHousesQuery = houseFilterQuery.extend({
  cleaning_date: queryDay("cleaning_date").openapi({ description: "дома с уборкой в этот день" }),
  search: queryTextSchema("search", { max: 200 }).openapi({ description: "поиск по адресу" }),
  page: queryInt4Schema("page", { min: 1 }).default(1),
  limit: queryInt4Schema("limit", { min: 1, max: 100 }).default(20),
});

export const brigadeRef = z
  .object({ id: z.number(), number: z.number().nullable(), name: z.string() })
  .openapi("BrigadeRef");
export const managementCompanyRef = z.object({ id: z.number(), title: z.string() }).openapi("ManagementCompanyRef");
export const visitKind = z.enum(VISIT_KINDS);
export const visitStatus = z.enum(VISIT_STATUSES);

export const houseListItem = z
  .object({
    id: z.number(),
    bitrixId: z.number().nullable(),
    address: z.string(),
    apartments: z.number().nullable(),
    entrances: z.number().nullable(),
    floors: z.number().nullable(),
    managementCompany: managementCompanyRef.nullable(),
    brigade: brigadeRef.nullable(),
    periodicity: z.string(),
    nextVisit: z.object({ date: z.string(), kind: visitKind }).nullable(),
    bitrixUrl: z.string().nullable(),
  })
  .openapi("HouseListItem");

export const houseListResponse = z
  .object({ items: z.array(houseListItem), page: z.number(), limit: z.number(), total: z.number(), pages: z.number() })
  .openapi("HouseList");

export const filtersResponse = z
  .object({
    brigades: z.array(brigadeRef),
    managementCompanies: z.array(managementCompanyRef),
    stages: z.array(
      z.object({ id: z.string(), title: z.string(), sort: z.number(), semantic: z.enum(["open", "won", "lost"]) }),
    ),
  })
  .openapi("CleaningFilters");

export const houseIdParams = z.object({ id: idSchema("id") });
export const houseDetailsQuery = z.object({
  month: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : v),
    z
      .string()
      .refine(isMonth, "month: ожидается ГГГГ-ММ")
      .refine(hasPlausibleYear, "month: год вне допустимого диапазона")
      .optional(),
  ),
});

export const scheduleVisit = z
  .object({
    id: z.number(),
    date: z.string(),
    kind: visitKind,
    label: z.string(),
    status: visitStatus,
    statusLabel: z.string(),
    reportedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
    reportedAt: z.string().nullable(),
    photoCount: z.number(),
  })
  .openapi("ScheduleVisit");

export const houseDetailsResponse = z
  .object({
    house: houseListItem.omit({ periodicity: true, nextVisit: true }).extend({
      title: z.string(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      tariff: z.string().nullable(),
      stage: z.object({ id: z.string(), title: z.string() }).nullable(),
      isArchived: z.boolean(),
      crmModifiedAt: z.string().nullable(),
    }),
    contacts: z.object({
      seniorResident: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
      managementCompany: z
        .object({ id: z.number(), title: z.string(), phones: z.array(z.string()), emails: z.array(z.string()) })
        .nullable(),
    }),
    schedule: z.object({ month: z.string(), periodicity: z.string(), visits: z.array(scheduleVisit) }),
  })
  .openapi("HouseDetails");

export type ListHousesQuery = z.infer<typeof listHousesQuery>;
export type HouseListItem = z.infer<typeof houseListItem>;
export type HouseList = z.infer<typeof houseListResponse>;
export type HouseDetails = z.infer<typeof houseDetailsResponse>;
export type CleaningFilters = z.infer<typeof filtersResponse>;
export type ScheduleVisit = z.infer<typeof scheduleVisit>;
