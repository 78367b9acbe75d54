// How long a brigade stays at a house, so arrival times are believable: entrances × floors × minutes per floor,
// by the visit's kind, plus a fixed setup (parking, keys, carrying the equipment in).
import type { VisitKind } from "../../../../prisma/client.ts";

export interface ServiceTimeSettings {
  /** Minutes per floor of one entrance, by kind (LOGISTICS_WET_FLOOR_MINUTES, LOGISTICS_SWEEP_FLOOR_MINUTES…). */
  minutesPerFloor: Record<VisitKind, number>;
  /** Minutes at every house whatever its size (LOGISTICS_SETUP_MINUTES). */
  setupMinutes: number;
  /** Used when the CRM has no entrances or floors for the house. */
  defaultEntrances: number;
  defaultFloors: number;
}

export const DEFAULT_SERVICE_TIME_SETTINGS: ServiceTimeSettings = {
  minutesPerFloor: { wet_all_floors: 2.5, sweep_all_floors: 1.5, wet_first_floor: 6, other: 2.5 },
  setupMinutes: 5,
  defaultEntrances: 1,
  defaultFloors: 5,
};

export interface HouseVisit {
  entrances: number | null | undefined;
  floors: number | null | undefined;
  kind: VisitKind;
}

const positiveOr = (value: number | null | undefined, fallback: number) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value) : fallback;

/** Whole minutes a visit of `kind` takes at a house; a first-floor cleaning counts one floor per entrance. */
export function serviceMinutes(
  visit: HouseVisit,
  settings: ServiceTimeSettings = DEFAULT_SERVICE_TIME_SETTINGS,
): number {
  const entrances = positiveOr(visit.entrances, settings.defaultEntrances);
  const floors = visit.kind === "wet_first_floor" ? 1 : positiveOr(visit.floors, settings.defaultFloors);
  return Math.round(settings.setupMinutes + entrances * floors * settings.minutesPerFloor[visit.kind]);
}
