// The houses a route is planned over, read in one query: a brigade's visits of the day, or the houses asked for
// with whatever visits they have that day. Each house becomes a stop (with its minutes of work and the visit to
// start next) or a skipped entry with its reason in Russian, before any distance is computed.
import type { VisitKind, VisitStatus } from "../../../../prisma/client.ts";
import type { AppConfig } from "../../config.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { VISIT_KIND_SHORT_LABELS } from "../schedule/visit-kinds.ts";
import { hasUsableCoordinates, type SkippedHouse } from "./logistics.schemas.ts";
import { formatClockTime } from "./schedule.ts";
import { serviceMinutes, type ServiceTimeSettings } from "./service-minutes.ts";

interface HouseVisitRow {
  house_id: number;
  address: string;
  latitude: number | null;
  longitude: number | null;
  entrances: number | null;
  floors: number | null;
  brigade_id: number | null;
  is_archived: boolean;
  visit_id: number | null;
  kind: VisitKind | null;
  kind_text: string | null;
  status: VisitStatus | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

export interface DayHouse {
  houseId: number;
  address: string;
  lat: number | null;
  lon: number | null;
  entrances: number | null;
  floors: number | null;
  brigadeId: number | null;
  isArchived: boolean;
  visits: {
    id: number;
    kind: VisitKind;
    kindText: string | null;
    status: VisitStatus;
    startedAt: Date | null;
    finishedAt: Date | null;
  }[];
}

export interface RouteCandidate {
  houseId: number;
  address: string;
  lat: number;
  lon: number;
  serviceMinutes: number;
  visitId: number | null;
  visitStatus: "planned" | "in_progress" | "missed" | null;
  kindLabel: string | null;
  /** When the cleaning in progress was started (it then comes first). */
  startedAt: Date | null;
}

const SELECT = `
  SELECT h.id AS house_id, h.address, h.latitude, h.longitude, h.entrances, h.floors, h.brigade_id, h.is_archived,
         v.id AS visit_id, v.kind, v.kind_text, v.status, v.started_at, v.finished_at
    FROM houses h`;

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

function groupByHouse(rows: HouseVisitRow[]): DayHouse[] {
  const houses = new Map<number, DayHouse>();
  for (const row of rows) {
    let house = houses.get(row.house_id);
    if (!house) {
      house = {
        houseId: row.house_id,
        address: row.address,
        lat: row.latitude,
        lon: row.longitude,
        entrances: row.entrances,
        floors: row.floors,
        brigadeId: row.brigade_id,
        isArchived: row.is_archived,
        visits: [],
      };
      houses.set(row.house_id, house);
    }
    if (row.visit_id !== null && row.kind !== null && row.status !== null) {
      house.visits.push({
        id: row.visit_id,
        kind: row.kind,
        kindText: row.kind_text,
        status: row.status,
        startedAt: toDate(row.started_at),
        finishedAt: toDate(row.finished_at),
      });
    }
  }
  return [...houses.values()];
}

/** The houses of a brigade with a visit on `day` (archived houses left out), by house id. */
export async function loadBrigadeDay(
  ctx: ServiceContext,
  options: { brigadeId: number; day: string },
): Promise<DayHouse[]> {
  const rows = await ctx.db.query<HouseVisitRow>(
    `${SELECT} JOIN cleaning_visits v ON v.house_id = h.id AND v.date = $1::date
      WHERE h.brigade_id = $2 AND NOT h.is_archived
      ORDER BY h.id, v.kind`,
    [options.day, options.brigadeId],
  );
  return groupByHouse(rows);
}

/** The houses asked for, with their visits on `day` if any, by house id. */
export async function loadHouses(
  ctx: ServiceContext,
  options: { houseIds: number[]; day: string },
): Promise<DayHouse[]> {
  const rows = await ctx.db.query<HouseVisitRow>(
    `${SELECT} LEFT JOIN cleaning_visits v ON v.house_id = h.id AND v.date = $1::date
      WHERE h.id = ANY($2::int[])
      ORDER BY h.id, v.kind`,
    [options.day, options.houseIds],
  );
  return groupByHouse(rows);
}

/** Service-time settings from the configuration. */
export function serviceTimeSettings(config: AppConfig): ServiceTimeSettings {
  const { logistics } = config;
  return {
    minutesPerFloor: {
      wet_all_floors: logistics.wetFloorMinutes,
      sweep_all_floors: logistics.sweepFloorMinutes,
      wet_first_floor: logistics.firstFloorMinutes,
      other: logistics.wetFloorMinutes,
    },
    setupMinutes: logistics.setupMinutes,
    defaultEntrances: 1,
    defaultFloors: 5,
  };
}

const kindLabelOf = (visit: DayHouse["visits"][number]) =>
  visit.kind === "other" && visit.kindText ? visit.kindText : VISIT_KIND_SHORT_LABELS[visit.kind];

/**
 * Splits the day's houses into stops and skipped ones. A house without a visit that day (an explicit list) is
 * planned as a wet cleaning; a cleaning in progress today counts only the minutes left of it.
 */
export function classifyHouses(
  houses: DayHouse[],
  options: { settings: ServiceTimeSettings; now: Date; isToday: boolean; timeZone: string },
): { candidates: RouteCandidate[]; skipped: SkippedHouse[] } {
  const candidates: RouteCandidate[] = [];
  const skipped: SkippedHouse[] = [];
  for (const house of houses) {
    const skip = (reason: string) => skipped.push({ houseId: house.houseId, address: house.address, reason });
    const open = house.visits.filter((visit) => visit.status !== "done");
    if (house.isArchived) {
      skip("дом в архиве");
      continue;
    }
    if (house.visits.length > 0 && open.length === 0) {
      const finished = house.visits
        .map((visit) => visit.finishedAt)
        .filter((at): at is Date => at !== null)
        .sort((a, b) => b.getTime() - a.getTime())[0];
      skip(
        finished ? `уборка уже выполнена (в ${formatClockTime(finished, options.timeZone)})` : "уборка уже выполнена",
      );
      continue;
    }
    if (!hasUsableCoordinates(house.lat, house.lon)) {
      skip(
        house.lat === null || house.lon === null
          ? "нет координат — уточните адрес дома в CRM"
          : "неверные координаты дома — уточните адрес в CRM",
      );
      continue;
    }
    const work = open.length > 0 ? open : [{ kind: "wet_all_floors" as const }];
    const size = { entrances: house.entrances, floors: house.floors };
    // The setup (parking, keys) is paid once per house, however many cleanings it has that day.
    let minutes =
      work.reduce((sum, visit) => sum + serviceMinutes({ ...size, kind: visit.kind }, options.settings), 0) -
      (work.length - 1) * options.settings.setupMinutes;
    const inProgress = open.find((visit) => visit.status === "in_progress");
    const startedAt = inProgress?.startedAt ?? null;
    if (inProgress && startedAt && options.isToday) {
      minutes = Math.max(0, minutes - (options.now.getTime() - startedAt.getTime()) / 60_000);
    }
    const next = inProgress ?? open.find((visit) => visit.status === "planned") ?? open[0];
    candidates.push({
      houseId: house.houseId,
      address: house.address,
      lat: house.lat!,
      lon: house.lon!,
      serviceMinutes: Math.round(minutes),
      visitId: next?.id ?? null,
      visitStatus: next ? (next.status as RouteCandidate["visitStatus"]) : null,
      kindLabel: open.length > 0 ? open.map(kindLabelOf).join(" + ") : null,
      startedAt: inProgress ? startedAt : null,
    });
  }
  return { candidates, skipped };
}
