// A solved day as the API answers it: stops with wall-clock times, totals and the maps links. Shared by the one
// brigade route and the split of a day between brigades, so both read the same.
import type { RouteStop } from "./logistics.schemas.ts";
import { buildMapUrls } from "./map-links.ts";
import { planRoute } from "./plan-route.ts";
import type { RouteCandidate } from "./route-day.ts";
import { formatClockTime } from "./schedule.ts";
import type { LatLon, TravelMatrix } from "./travel-matrix.ts";

const MINUTE_MS = 60_000;
const round1 = (value: number) => Math.round(value * 10) / 10;

export interface StartPoint extends LatLon {
  label: string;
  /** False for the centre of the houses (no depot known): the maps app then starts where the phone is. */
  isReal: boolean;
}

export interface BuildRouteInput {
  /** Stop i is matrix index i + 1; index 0 is the start. */
  candidates: RouteCandidate[];
  matrix: TravelMatrix;
  start: StartPoint;
  returnsToStart: boolean;
  startAt: Date;
  now: Date;
  isToday: boolean;
  /** The request named the start time: it is kept even with a cleaning in progress. */
  isStartTimeGiven: boolean;
  timeZone: string;
}

export interface BuiltRoute {
  stops: RouteStop[];
  totalKm: number;
  totalMinutes: number;
  mapUrls: { yandex: string; google: string; googleParts: string[] };
  finish: string;
}

/** Orders and times the candidates; a cleaning in progress comes first, and today the brigade is there now. */
export function buildRoute(input: BuildRouteInput): BuiltRoute {
  const { candidates, matrix, start, returnsToStart, now, isToday, timeZone } = input;
  if (candidates.length === 0) {
    return {
      stops: [],
      totalKm: 0,
      totalMinutes: 0,
      mapUrls: { yandex: "", google: "", googleParts: [] },
      finish: formatClockTime(input.startAt, timeZone),
    };
  }
  // The most recently started, if several are in progress.
  const inProgress = candidates
    .map((candidate, index) => ({ candidate, index: index + 1 }))
    .filter(({ candidate }) => candidate.startedAt !== null)
    .sort((a, b) => b.candidate.startedAt!.getTime() - a.candidate.startedAt!.getTime())[0];
  const firstStop = inProgress?.index;
  let startAt = input.startAt;
  if (firstStop !== undefined && isToday && !input.isStartTimeGiven) {
    startAt = new Date(Math.max(startAt.getTime(), now.getTime()) - matrix.minutes[0]![firstStop]! * MINUTE_MS);
  }
  const planned = planRoute({
    matrix,
    start: 0,
    returnsToStart,
    firstStop,
    startAt,
    serviceMinutes: [0, ...candidates.map((candidate) => candidate.serviceMinutes)],
  });
  const stops: RouteStop[] = planned.schedule.stops.map((scheduled) => {
    const candidate = candidates[scheduled.index - 1]!;
    const isHere = scheduled.index === firstStop && isToday && candidate.startedAt !== null;
    return {
      houseId: candidate.houseId,
      address: candidate.address,
      lat: candidate.lat,
      lon: candidate.lon,
      arrival: formatClockTime(isHere ? candidate.startedAt! : scheduled.arrival, timeZone),
      departure: formatClockTime(scheduled.departure, timeZone),
      legKm: round1(scheduled.legKm),
      legMinutes: Math.round(scheduled.legMinutes),
      serviceMinutes: scheduled.serviceMinutes,
      visitId: candidate.visitId,
      visitStatus: candidate.visitStatus,
      kindLabel: candidate.kindLabel,
    };
  });
  // Without a known start the maps app navigates from where the phone is to the first house.
  const route: LatLon[] = [
    ...(start.isReal || stops.length === 1 ? [start] : []),
    ...stops,
    ...(returnsToStart ? [start] : []),
  ];
  return {
    stops,
    totalKm: round1(planned.schedule.totalKm),
    totalMinutes: Math.round(planned.schedule.totalMinutes),
    mapUrls: buildMapUrls(route.map(({ lat, lon }) => ({ lat, lon }))),
    finish: formatClockTime(planned.schedule.finishAt, timeZone),
  };
}
