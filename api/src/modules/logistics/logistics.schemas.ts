// Request and response of POST /api/logistics/route, and the checks on coordinates and stop counts. Imports zod
// only: the mini-app shares this file.
import { z } from "zod";

export const MAX_ROUTE_STOPS = 200;
/** A route may be planned for a day at most this far from today, either way. */
export const MAX_DAYS_FROM_TODAY = 366;

export const ROUTE_PROVIDERS = ["offline", "osrm", "google"] as const;

/** Ids are int4 in the database: a larger number is bad input (400), never a query error. */
const MAX_ID = 2_147_483_647;

/** Real coordinates: in range, finite, and not the 0,0 a failed geocoder leaves behind. */
export function hasUsableCoordinates(lat: number | null | undefined, lon: number | null | undefined): boolean {
  if (typeof lat !== "number" || typeof lon !== "number" || !Number.isFinite(lat) || !Number.isFinite(lon))
    return false;
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
}

export const latLonSchema = z
  .object({
    lat: z
      .number({ message: "широта должна быть числом" })
      .min(-90, "широта от −90 до 90")
      .max(90, "широта от −90 до 90"),
    lon: z
      .number({ message: "долгота должна быть числом" })
      .min(-180, "долгота от −180 до 180")
      .max(180, "долгота от −180 до 180"),
  })
  .refine((point) => hasUsableCoordinates(point.lat, point.lon), "координаты 0,0 не похожи на настоящие");

const isCalendarDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
};

/** Whether `day` is within MAX_DAYS_FROM_TODAY of `today` (both "YYYY-MM-DD"); the service passes today. */
export function isDayWithinPlanningRange(day: string, today: string): boolean {
  if (!isCalendarDay(day) || !isCalendarDay(today)) return false;
  return (
    Math.abs(Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) <= MAX_DAYS_FROM_TODAY * 86_400_000
  );
}

export const routeRequestSchema = z
  .object({
    brigade: z.number().int().positive("brigade: id бригады").max(MAX_ID, "brigade: нет такой бригады").optional(),
    date: z.string().refine(isCalendarDay, "date: ожидается дата ГГГГ-ММ-ДД").optional(),
    houseIds: z
      .array(z.number().int().positive("houseIds: id дома").max(MAX_ID, "houseIds: нет такого дома"))
      .min(1, "houseIds: нужен хотя бы один дом")
      .max(MAX_ROUTE_STOPS, `houseIds: не больше ${MAX_ROUTE_STOPS} домов в маршруте`)
      .refine((ids) => new Set(ids).size === ids.length, "houseIds: дом указан дважды")
      .optional(),
    start: latLonSchema.optional(),
    returnToStart: z.boolean().optional(),
    startTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "startTime: ожидается время ЧЧ:ММ")
      .optional(),
    provider: z.enum(["auto", ...ROUTE_PROVIDERS]).optional(),
  })
  .refine((request) => request.brigade === undefined || request.houseIds === undefined, {
    message: "укажите бригаду или список домов, но не то и другое",
    path: ["houseIds"],
  });

export const routeStopSchema = z.object({
  houseId: z.number(),
  address: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** "HH:MM" in APP_TIMEZONE. */
  arrival: z.string(),
  departure: z.string(),
  legKm: z.number(),
  legMinutes: z.number(),
  /** Minutes of work at the house (size × kind); for a cleaning in progress, what is left of it. */
  serviceMinutes: z.number().optional(),
  /** The day's visit to start next at this house («Начать»), null when the house has none that day. */
  visitId: z.number().nullable().optional(),
  visitStatus: z.enum(["planned", "in_progress", "missed"]).nullable().optional(),
  kindLabel: z.string().nullable().optional(),
});

export const skippedHouseSchema = z.object({ houseId: z.number(), address: z.string(), reason: z.string() });

const brigadeSchema = z.object({ id: z.number(), number: z.number().nullable(), name: z.string() });

export const routeResponseSchema = z.object({
  provider: z.enum(ROUTE_PROVIDERS),
  /** Present when the configured provider failed and the offline estimate was used. */
  fallbackReason: z.string().optional(),
  stops: z.array(routeStopSchema),
  totalKm: z.number(),
  totalMinutes: z.number(),
  skipped: z.array(skippedHouseSchema),
  mapUrls: z.object({ yandex: z.string(), google: z.string(), googleParts: z.array(z.string()).optional() }),
  /** The day planned ("YYYY-MM-DD"), its brigade (null for a list of houses), where it starts and when it ends. */
  date: z.string().optional(),
  brigade: brigadeSchema.nullable().optional(),
  start: z.object({ lat: z.number(), lon: z.number(), label: z.string() }).optional(),
  returnsToStart: z.boolean().optional(),
  finish: z.string().optional(),
});

/** POST /api/logistics/plan: one day's houses of several brigades split so their days end about together. */
export const planRequestSchema = z.object({
  brigades: z
    .array(z.number().int().positive("brigades: id бригады").max(MAX_ID, "brigades: нет такой бригады"))
    .min(2, "brigades: нужно хотя бы две бригады")
    .max(20, "brigades: не больше 20 бригад")
    .refine((ids) => new Set(ids).size === ids.length, "brigades: бригада указана дважды"),
  date: z.string().refine(isCalendarDay, "date: ожидается дата ГГГГ-ММ-ДД").optional(),
  start: latLonSchema.optional(),
  returnToStart: z.boolean().optional(),
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "startTime: ожидается время ЧЧ:ММ")
    .optional(),
  provider: z.enum(["auto", ...ROUTE_PROVIDERS]).optional(),
});

export const planResponseSchema = z.object({
  provider: z.enum(ROUTE_PROVIDERS),
  fallbackReason: z.string().optional(),
  date: z.string(),
  start: z.object({ lat: z.number(), lon: z.number(), label: z.string() }),
  returnsToStart: z.boolean(),
  routes: z.array(
    z.object({
      brigade: brigadeSchema,
      stops: z.array(routeStopSchema),
      totalKm: z.number(),
      totalMinutes: z.number(),
      finish: z.string(),
      mapUrls: z.object({ yandex: z.string(), google: z.string(), googleParts: z.array(z.string()).optional() }),
    }),
  ),
  skipped: z.array(skippedHouseSchema),
  /** Minutes between the longest and the shortest day. */
  spreadMinutes: z.number(),
});

export type PlanRequest = z.infer<typeof planRequestSchema>;
export type PlanResponse = z.infer<typeof planResponseSchema>;

/** The points a matrix may be asked for: the start plus at most MAX_ROUTE_STOPS houses. */
export const routePointsSchema = z
  .array(latLonSchema)
  .min(1)
  .max(MAX_ROUTE_STOPS + 1, `не больше ${MAX_ROUTE_STOPS} домов в маршруте`);

export type RouteRequest = z.infer<typeof routeRequestSchema>;
export type RouteResponse = z.infer<typeof routeResponseSchema>;
export type RouteStop = z.infer<typeof routeStopSchema>;
export type SkippedHouse = z.infer<typeof skippedHouseSchema>;
