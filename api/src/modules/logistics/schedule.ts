// Times along a solved route: the clock starts at `startAt`, each leg adds its driving minutes, each stop its
// service minutes. Pure: the caller passes the start instant (from ctx.clock or the request), never "now".
import type { TravelMatrix } from "./travel-matrix.ts";

export interface ScheduleInput {
  matrix: TravelMatrix;
  start: number;
  /** Stops in visiting order (matrix indices). */
  order: readonly number[];
  returnsToStart: boolean;
  startAt: Date;
  /** Minutes spent at each stop, by matrix index (missing = 0). */
  serviceMinutes?: readonly number[];
}

export interface ScheduledStop {
  index: number;
  arrival: Date;
  departure: Date;
  /** The drive from the previous point (the start for the first stop). */
  legKm: number;
  legMinutes: number;
  serviceMinutes: number;
}

export interface Schedule {
  stops: ScheduledStop[];
  /** The drive back to the start, when the route returns. */
  returnLeg: { km: number; minutes: number; arrival: Date } | null;
  totalKm: number;
  drivingMinutes: number;
  serviceMinutes: number;
  /** From the start to the end of the day: driving plus service. */
  totalMinutes: number;
  finishAt: Date;
}

const MINUTE_MS = 60_000;
const addMinutes = (instant: Date, minutes: number) => new Date(instant.getTime() + Math.round(minutes * MINUTE_MS));

/** Arrival and departure at every stop, and the day's totals. */
export function buildSchedule(input: ScheduleInput): Schedule {
  const { matrix, startAt } = input;
  let here = input.start;
  let elapsed = 0;
  let totalKm = 0;
  let drivingMinutes = 0;
  let serviceTotal = 0;
  const stops: ScheduledStop[] = [];
  for (const index of input.order) {
    const legKm = matrix.km[here]![index]!;
    const legMinutes = matrix.minutes[here]![index]!;
    const service = Math.max(0, input.serviceMinutes?.[index] ?? 0);
    const arrival = addMinutes(startAt, elapsed + legMinutes);
    elapsed += legMinutes + service;
    stops.push({ index, arrival, departure: addMinutes(startAt, elapsed), legKm, legMinutes, serviceMinutes: service });
    totalKm += legKm;
    drivingMinutes += legMinutes;
    serviceTotal += service;
    here = index;
  }
  let returnLeg: Schedule["returnLeg"] = null;
  if (input.returnsToStart && stops.length > 0) {
    const km = matrix.km[here]![input.start]!;
    const minutes = matrix.minutes[here]![input.start]!;
    elapsed += minutes;
    returnLeg = { km, minutes, arrival: addMinutes(startAt, elapsed) };
    totalKm += km;
    drivingMinutes += minutes;
  }
  return {
    stops,
    returnLeg,
    totalKm,
    drivingMinutes,
    serviceMinutes: serviceTotal,
    totalMinutes: elapsed,
    finishAt: addMinutes(startAt, elapsed),
  };
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** "HH:MM" of an instant on the wall clock of `timeZone`, rounded to the nearest minute. */
export function formatClockTime(instant: Date, timeZone: string): string {
  let formatter = clockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("ru-RU", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clockFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(Math.round(instant.getTime() / MINUTE_MS) * MINUTE_MS));
}
