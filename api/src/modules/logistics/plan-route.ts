// The engine's one call for a day: order the stops, then put times on them.
import { buildSchedule, type Schedule } from "./schedule.ts";
import { solveRoute, type SolvedRoute, type SolveOptions } from "./solver/solve-route.ts";
import type { RouteProblem } from "./solver/route-problem.ts";

export interface PlanRouteInput extends RouteProblem {
  startAt: Date;
  /** Minutes at each stop by matrix index (see serviceMinutes). */
  serviceMinutes?: readonly number[];
}

export type PlannedRoute = SolvedRoute & { schedule: Schedule };

/** Orders the stops of `input.matrix` and schedules them from `input.startAt`. */
export function planRoute(input: PlanRouteInput, options: SolveOptions = {}): PlannedRoute {
  const solved = solveRoute(input, options);
  const schedule = buildSchedule({
    matrix: input.matrix,
    start: input.start,
    order: solved.order,
    returnsToStart: input.returnsToStart,
    startAt: input.startAt,
    serviceMinutes: input.serviceMinutes,
  });
  return { ...solved, schedule };
}
