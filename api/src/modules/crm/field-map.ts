// Which Bitrix24 fields hold what. The portal adds new UF fields every month for the schedule, so the map is
// data: built-in defaults from the original portal, overridden by the JSON file in BITRIX24_FIELD_MAP.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { isMonth } from "../../lib/dates.ts";

const periodSchema = z.object({ dates: z.string().min(1), kind: z.string().min(1) });
const monthSchema = z.object({
  month: z.string().refine(isMonth, "month must be YYYY-MM"),
  periods: z.array(periodSchema),
});

export const fieldMapSchema = z.object({
  categoryId: z.number().int().nonnegative(),
  fields: z.object({
    address: z.string(),
    apartments: z.string(),
    entrances: z.string(),
    floors: z.string(),
    tariff: z.string(),
  }),
  schedule: z.array(monthSchema),
  brigadeNamePattern: z.string().min(1),
});

export type FieldMap = z.infer<typeof fieldMapSchema>;

const partialFieldMapSchema = z.object({
  categoryId: fieldMapSchema.shape.categoryId.optional(),
  fields: fieldMapSchema.shape.fields.partial().optional(),
  schedule: z.array(monthSchema).optional(),
  brigadeNamePattern: z.string().min(1).optional(),
});

export const DEFAULT_FIELD_MAP: FieldMap = {
  categoryId: 34,
  fields: {
    address: "UF_CRM_1669561599956",
    apartments: "UF_CRM_1669704529022",
    entrances: "UF_CRM_1669705507390",
    floors: "UF_CRM_1669704631166",
    tariff: "UF_CRM_1669706387893",
  },
  schedule: [
    {
      month: "2025-09",
      periods: [
        { dates: "UF_CRM_1741592774017", kind: "UF_CRM_1741592855565" },
        { dates: "UF_CRM_1741592892232", kind: "UF_CRM_1741592945060" },
      ],
    },
  ],
  brigadeNamePattern: "бригад",
};

/** Merges a partial map over the defaults; schedule months from the file replace or extend the default months. */
export function mergeFieldMap(base: FieldMap, override: unknown): FieldMap {
  const parsed = partialFieldMapSchema.parse(override);
  const months = new Map(base.schedule.map((entry) => [entry.month, entry]));
  for (const entry of parsed.schedule ?? []) months.set(entry.month, entry);
  return {
    categoryId: parsed.categoryId ?? base.categoryId,
    fields: { ...base.fields, ...parsed.fields },
    schedule: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
    brigadeNamePattern: parsed.brigadeNamePattern ?? base.brigadeNamePattern,
  };
}

/** The field map in force: defaults, or defaults merged with the file named in BITRIX24_FIELD_MAP. */
export function loadFieldMap(path: string | undefined): FieldMap {
  if (!path) return DEFAULT_FIELD_MAP;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`BITRIX24_FIELD_MAP: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return mergeFieldMap(DEFAULT_FIELD_MAP, json);
  } catch (error) {
    throw new Error(`BITRIX24_FIELD_MAP: ${path} does not match the expected shape: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Every UF field the sync reads, for the `select` of deal lists. */
export function dealSelect(map: FieldMap): string[] {
  const schedule = map.schedule.flatMap((entry) => entry.periods.flatMap((period) => [period.dates, period.kind]));
  return [
    "ID",
    "TITLE",
    "CATEGORY_ID",
    "STAGE_ID",
    "ASSIGNED_BY_ID",
    "COMPANY_ID",
    "CONTACT_ID",
    "DATE_MODIFY",
    ...new Set([...Object.values(map.fields), ...schedule]),
  ];
}
