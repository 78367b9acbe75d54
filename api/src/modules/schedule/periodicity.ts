import type { VisitKind } from "../../../../prisma/client.ts";

export const PERIODICITY_LABELS = {
  none: "не указана",
  individual: "индивидуальная",
} as const;

/**
 * The periodicity label of a house for one month, from that month's real visits. Each distinct date counts
 * once per kind: "2 раза", "4 раза", "2 раза + подметание 2 раза", "2 раза + 1 этажи", "индивидуальная"
 * (any other mix) or "не указана" (no dates).
 */
export function computePeriodicity(visits: { date: string; kind: VisitKind }[]): string {
  if (visits.length === 0) return PERIODICITY_LABELS.none;
  const datesByKind = new Map<VisitKind, Set<string>>();
  for (const visit of visits) {
    const dates = datesByKind.get(visit.kind) ?? new Set<string>();
    dates.add(visit.date);
    datesByKind.set(visit.kind, dates);
  }
  const wet = datesByKind.get("wet_all_floors")?.size ?? 0;
  const sweep = datesByKind.get("sweep_all_floors")?.size ?? 0;
  const firstFloor = datesByKind.get("wet_first_floor")?.size ?? 0;
  const other = datesByKind.get("other")?.size ?? 0;

  if (other === 0) {
    if (sweep === 0 && firstFloor === 0 && (wet === 2 || wet === 4)) return `${wet} раза`;
    if (wet === 2 && sweep === 2 && firstFloor === 0) return "2 раза + подметание 2 раза";
    if (wet === 2 && firstFloor === 2 && sweep === 0) return "2 раза + 1 этажи";
  }
  return PERIODICITY_LABELS.individual;
}
