// Request and response shapes of /api/acts. Imports zod and other schemas only: the mini-app imports the types.
import { z } from "../../lib/openapi.ts";
import { isMonth } from "../../lib/dates.ts";
import { idSchema, queryIdSchema } from "../../lib/schemas.ts";
import { brigadeRef, managementCompanyRef, visitKind, visitStatus } from "../houses/houses.schemas.ts";

const blankToUndefined = (value: unknown) => (value === "" || value === undefined ? undefined : value);

/** A positive int4 id given as a number or a string of digits (the project's one rule for ids). */
export const actIdSchema = (name: string) => idSchema(name);

const monthSchema = z
  .string({ error: "month: ожидается месяц ГГГГ-ММ" })
  .refine(isMonth, "month: ожидается месяц ГГГГ-ММ");
/** "YYYY-MM"; absent means the month acts are usually made for: the previous one. */
export const optionalMonth = z
  .preprocess(blankToUndefined, monthSchema.optional())
  .openapi({ description: "ГГГГ-ММ; по умолчанию прошлый месяц", example: "2026-11" });

export const listActsQuery = z.object({
  month: optionalMonth,
  management_company: queryIdSchema("management_company").openapi({ description: "id управляющей компании" }),
  brigade: queryIdSchema("brigade").openapi({ description: "id бригады" }),
});

export const monthQuery = z.object({ month: optionalMonth });
export const actIdParams = z.object({ id: actIdSchema("id") });
export const markSentBody = z.object({ month: monthSchema });

export const actStatus = z.enum(["draft", "sent"]);

export const actTotals = z
  .object({
    /** Every visit of the month's schedule. */
    planned: z.number(),
    done: z.number(),
    missed: z.number(),
    /** Neither done nor missed yet (planned or in progress). */
    pending: z.number(),
    /** Done without photo proof. */
    withoutPhotos: z.number(),
  })
  .openapi("ActTotals");

export const actSum = z
  .object({
    tariff: z.string().nullable(),
    /** Rubles, when the tariff allows a sum (a monthly fee or a price per cleaning); otherwise null. */
    amount: z.number().nullable(),
    /** How the sum was found, or why there is none, in Russian. */
    basis: z.string(),
  })
  .openapi("ActSum");

export const actListItem = z
  .object({
    house: z.object({
      id: z.number(),
      address: z.string(),
      apartments: z.number().nullable(),
      entrances: z.number().nullable(),
      floors: z.number().nullable(),
    }),
    managementCompany: managementCompanyRef.nullable(),
    brigade: brigadeRef.nullable(),
    totals: actTotals,
    sum: actSum,
    status: actStatus,
    sentAt: z.string().nullable(),
    sentBy: z.string().nullable(),
    /** What to fix before sending: missed cleanings, visits without photos, unreported ones. */
    warnings: z.array(z.string()),
    /** Signed download paths (no Authorization header needed) until `linksExpireAt`. */
    links: z.object({ pdf: z.string(), docx: z.string() }),
  })
  .openapi("ActListItem");

export const actListResponse = z
  .object({
    month: z.string(),
    monthLabel: z.string(),
    items: z.array(actListItem),
    totals: actTotals,
    /** With a management company filter: all its acts as one PDF or a ZIP of per-house PDFs. */
    companyLinks: z.object({ pdf: z.string(), zip: z.string() }).nullable(),
    linksExpireAt: z.string(),
  })
  .openapi("ActList");

export const actStatusResponse = z
  .object({
    houseId: z.number(),
    month: z.string(),
    status: actStatus,
    sentAt: z.string().nullable(),
    sentBy: z.string().nullable(),
  })
  .openapi("ActStatus");

export const actStatusListResponse = z.object({ items: z.array(actStatusResponse) }).openapi("ActStatusList");

export const actLinkBody = z.object({
  target: z.enum(["house", "management-company"]),
  id: actIdSchema("id"),
  month: monthSchema,
  format: z.enum(["pdf", "docx", "zip"]),
});

export const actLinkResponse = z
  .object({
    /** Path of a download that needs no Authorization header (for Telegram's openLink / downloadFile). */
    url: z.string(),
    fileName: z.string(),
    expiresAt: z.string(),
  })
  .openapi("ActLink");

export const actVisit = z.object({
  id: z.number(),
  date: z.string(),
  kind: visitKind,
  kindLabel: z.string(),
  status: visitStatus,
  statusLabel: z.string(),
  finishedAt: z.string().nullable(),
  reportedBy: z.string().nullable(),
  photoCount: z.number(),
});

export type ListActsQuery = z.infer<typeof listActsQuery>;
export type ActTotals = z.infer<typeof actTotals>;
export type ActSum = z.infer<typeof actSum>;
export type ActListItem = z.infer<typeof actListItem>;
export type ActList = z.infer<typeof actListResponse>;
export type ActStatusView = z.infer<typeof actStatusResponse>;
export type ActLink = z.infer<typeof actLinkResponse>;
export type ActVisit = z.infer<typeof actVisit>;
