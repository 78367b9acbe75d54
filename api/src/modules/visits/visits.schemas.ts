import { z } from "../../lib/openapi.ts";
import { brigadeRef, visitKind, visitStatus } from "../houses/houses.schemas.ts";

const INT4_MAX = 2_147_483_647;
const idMessage = `ожидается id — целое число от 1 до ${INT4_MAX}`;
const visitId = z.coerce.number({ error: idMessage }).int(idMessage).min(1, idMessage).max(INT4_MAX, idMessage);

export const visitParams = z.object({ visitId });

export const todayVisitsQuery = z.object({
  brigade: z
    .preprocess((value) => (value === "" ? undefined : value), visitId.optional())
    .openapi({ description: "id бригады (офис); бригада видит только свою" }),
});

export const dayVisitSchema = z
  .object({
    id: z.number(),
    houseId: z.number(),
    address: z.string(),
    kind: visitKind,
    kindLabel: z.string(),
    status: visitStatus,
    photoCount: z.number(),
    brigade: brigadeRef.nullable(),
  })
  .openapi("DayVisit");

export const todayVisitsResponse = z
  .object({ date: z.string(), items: z.array(dayVisitSchema) })
  .openapi("TodayVisits");

export const visitActionResponse = z
  .object({
    visit: dayVisitSchema.extend({ date: z.string() }),
    /** False when the action had already been done (a repeat): nothing changed. */
    isChanged: z.boolean(),
  })
  .openapi("VisitActionResult");

export type TodayVisits = z.infer<typeof todayVisitsResponse>;
export type DayVisitView = z.infer<typeof dayVisitSchema>;
export type VisitActionResult = z.infer<typeof visitActionResponse>;
