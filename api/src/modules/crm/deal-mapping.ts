// Pure translation of Bitrix24 records into our domain: a deal becomes a house and its planned visits, an
// ASSIGNED_BY user becomes a brigade when the name says so. No I/O here, so every rule is tested directly.
import { z } from "zod";
import { toCalendarDay } from "../../lib/dates.ts";
import { buildSearchText } from "../houses/search-text.ts";
import { classifyVisitKind } from "../schedule/visit-kinds.ts";
import type { VisitKind } from "../../../../prisma/client.ts";
import type { FieldMap } from "./field-map.ts";

const id = z.union([z.string(), z.number()]).transform((value) => Number(value));
const optionalId = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) =>
    value === null || value === undefined || value === "" || Number(value) === 0 ? null : Number(value),
  );
const multiField = z.array(z.looseObject({ VALUE: z.string() })).optional();

export const crmDealSchema = z.looseObject({
  ID: id,
  TITLE: z.string().nullish(),
  CATEGORY_ID: optionalId,
  STAGE_ID: z.string().nullish(),
  ASSIGNED_BY_ID: optionalId,
  COMPANY_ID: optionalId,
  CONTACT_ID: optionalId,
  DATE_MODIFY: z.string().nullish(),
});
export type CrmDeal = z.infer<typeof crmDealSchema>;

export const crmUserSchema = z.looseObject({ ID: id, NAME: z.string().nullish(), LAST_NAME: z.string().nullish() });
export type CrmUser = z.infer<typeof crmUserSchema>;

export const crmCompanySchema = z.looseObject({
  ID: id,
  TITLE: z.string().nullish(),
  PHONE: multiField,
  EMAIL: multiField,
});
export type CrmCompany = z.infer<typeof crmCompanySchema>;

export const crmContactSchema = z.looseObject({
  ID: id,
  NAME: z.string().nullish(),
  SECOND_NAME: z.string().nullish(),
  LAST_NAME: z.string().nullish(),
  PHONE: multiField,
});
export type CrmContact = z.infer<typeof crmContactSchema>;

export const crmStageSchema = z.looseObject({
  STATUS_ID: z.string(),
  NAME: z.string(),
  SORT: z
    .union([z.string(), z.number()])
    .optional()
    .transform((value) => Number(value ?? 0)),
  SEMANTICS: z.string().nullish(),
});
export type CrmStage = z.infer<typeof crmStageSchema>;

const fieldDescriptor = z.looseObject({
  items: z.array(z.object({ ID: z.union([z.string(), z.number()]), VALUE: z.string() })).optional(),
});
export const crmDealFieldsSchema = z.record(z.string(), fieldDescriptor);

/** List fields' item id -> text, per field name, from `crm.deal.fields`. */
export type ListItemTexts = Map<string, Map<string, string>>;

export function listItemTexts(fields: z.infer<typeof crmDealFieldsSchema>): ListItemTexts {
  const texts: ListItemTexts = new Map();
  for (const [name, field] of Object.entries(fields)) {
    if (field.items) texts.set(name, new Map(field.items.map((item) => [String(item.ID), item.VALUE])));
  }
  return texts;
}

export interface Brigade {
  bitrixUserId: number;
  number: number;
  name: string;
}

const fullName = (person: { NAME?: string | null; SECOND_NAME?: string | null; LAST_NAME?: string | null }) =>
  [person.NAME, person.LAST_NAME]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");

/** A user is a brigade when its name or last name contains the pattern; its number is the first 1-2 digit number. */
export function brigadeOfUser(user: CrmUser, pattern: string): Brigade | null {
  const needle = pattern.toLowerCase();
  const isBrigade = [user.NAME, user.LAST_NAME].some((part) => part?.toLowerCase().includes(needle));
  if (!isBrigade) return null;
  const name = fullName(user);
  const number = /(?<!\d)(\d{1,2})(?!\d)/.exec(name)?.[1];
  return number ? { bitrixUserId: user.ID, number: Number(number), name } : null;
}

export function stageSemantic(stage: CrmStage): "open" | "won" | "lost" {
  if (stage.SEMANTICS === "S" || stage.STATUS_ID.endsWith(":WON") || stage.STATUS_ID === "WON") return "won";
  if (stage.SEMANTICS === "F" || stage.STATUS_ID.endsWith(":LOSE") || stage.STATUS_ID === "LOSE") return "lost";
  return "open";
}

/** Bitrix24's address field is `text|lat;lon|id`: the text for people, the coordinates for the map. */
export function parseAddress(raw: string): { address: string; latitude: number | null; longitude: number | null } {
  const match = /^(.*?)\|\s*(-?\d+(?:\.\d+)?)\s*;\s*(-?\d+(?:\.\d+)?)\s*(?:\|.*)?$/s.exec(raw);
  if (!match) return { address: raw.split("|")[0]!.trim(), latitude: null, longitude: null };
  return { address: match[1]!.trim(), latitude: Number(match[2]), longitude: Number(match[3]) };
}

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

function toInt(value: unknown): number | null {
  const raw = first(value);
  if (raw === null || raw === undefined || raw === "" || raw === false) return null;
  const number = Number.parseInt(String(raw), 10);
  return Number.isFinite(number) ? number : null;
}

function toText(value: unknown): string | null {
  const raw = first(value);
  if (raw === null || raw === undefined || raw === false) return null;
  const text = String(raw).trim();
  return text ? text : null;
}

function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined || value === "" || value === false) return [];
  return [value];
}

export interface PlannedVisit {
  date: string;
  kind: VisitKind;
  kindText: string | null;
}

export interface MappedHouse {
  bitrixId: number;
  title: string;
  address: string;
  searchText: string;
  latitude: number | null;
  longitude: number | null;
  apartments: number | null;
  entrances: number | null;
  floors: number | null;
  tariff: string | null;
  stageId: string | null;
  crmModifiedAt: Date | null;
  companyBitrixId: number | null;
  assignedUserId: number | null;
  contactId: number | null;
  visits: PlannedVisit[];
}

/** The schedule of a deal: every date of every mapped period, with the kind its list field names. */
export function dealVisits(deal: CrmDeal, map: FieldMap, texts: ListItemTexts, timeZone: string): PlannedVisit[] {
  const visits = new Map<string, PlannedVisit>();
  for (const month of map.schedule) {
    for (const period of month.periods) {
      const rawKind = toText(deal[period.kind]);
      const kindText =
        rawKind === null ? null : (texts.get(period.kind)?.get(rawKind) ?? (/^\d+$/.test(rawKind) ? null : rawKind));
      const kind = classifyVisitKind(kindText);
      for (const value of toList(deal[period.dates])) {
        let date: string;
        try {
          date = toCalendarDay(String(value), timeZone);
        } catch {
          continue;
        }
        visits.set(`${date}|${kind}`, { date, kind, kindText });
      }
    }
  }
  return [...visits.values()].sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/** A deal of the houses pipeline as the house we keep. */
export function mapDeal(deal: CrmDeal, map: FieldMap, texts: ListItemTexts, timeZone: string): MappedHouse {
  const title = deal.TITLE?.trim() || `Сделка ${deal.ID}`;
  const { address, latitude, longitude } = parseAddress(toText(deal[map.fields.address]) ?? title);
  const finalAddress = address || title;
  const modified = deal.DATE_MODIFY ? new Date(deal.DATE_MODIFY) : null;
  return {
    bitrixId: deal.ID,
    title,
    address: finalAddress,
    searchText: buildSearchText(finalAddress),
    latitude,
    longitude,
    apartments: toInt(deal[map.fields.apartments]),
    entrances: toInt(deal[map.fields.entrances]),
    floors: toInt(deal[map.fields.floors]),
    tariff: toText(deal[map.fields.tariff]),
    stageId: deal.STAGE_ID ?? null,
    crmModifiedAt: modified && !Number.isNaN(modified.getTime()) ? modified : null,
    companyBitrixId: deal.COMPANY_ID,
    assignedUserId: deal.ASSIGNED_BY_ID,
    contactId: deal.CONTACT_ID,
    visits: dealVisits(deal, map, texts, timeZone),
  };
}

export const contactName = (contact: CrmContact) => fullName(contact) || null;
export const firstValue = (values: { VALUE: string }[] | undefined) =>
  values?.find((item) => item.VALUE.trim())?.VALUE.trim() ?? null;

/** Months the field map covers: visits outside them are not the CRM's to remove. */
export function scheduleMonths(map: FieldMap): string[] {
  return map.schedule.map((entry) => entry.month);
}
