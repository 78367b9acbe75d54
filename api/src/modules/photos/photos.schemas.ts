// Shapes of the photo archive: a house's photo proof by visit, and one photo by id. Zod and schemas only.
import { z } from "../../lib/openapi.ts";
import { actIdSchema, optionalMonth } from "../acts/acts.schemas.ts";
import { visitStatus } from "../houses/houses.schemas.ts";

/** A photo is addressed as "<visit id>-<position>" (0-based): a visit's photos are only ever appended. */
export const PHOTO_ID_PATTERN = /^(\d{1,10})-(\d{1,3})$/;

export const housePhotosParams = z.object({ id: actIdSchema("id") });
export const housePhotosQuery = z.object({
  month: optionalMonth.openapi({ description: "ГГГГ-ММ; по умолчанию текущий месяц" }),
});
export const photoIdParams = z.object({
  id: z
    .string()
    .regex(PHOTO_ID_PATTERN, "id: ожидается «<id уборки>-<номер фото>», например 1042-0")
    .openapi({ example: "1042-0" }),
});

export const photoRef = z.object({ id: z.string(), url: z.string() });

export const visitPhotos = z
  .object({
    visitId: z.number(),
    date: z.string(),
    kindLabel: z.string(),
    status: visitStatus,
    finishedAt: z.string().nullable(),
    reportedBy: z.string().nullable(),
    photos: z.array(photoRef),
  })
  .openapi("VisitPhotos");

export const housePhotosResponse = z
  .object({
    houseId: z.number(),
    address: z.string(),
    month: z.string(),
    /** Visits of the month that have photo proof, by date. */
    visits: z.array(visitPhotos),
    /** Done visits of the month without any photo. */
    doneWithoutPhotos: z.number(),
  })
  .openapi("HousePhotos");

export type HousePhotos = z.infer<typeof housePhotosResponse>;
export type VisitPhotos = z.infer<typeof visitPhotos>;
