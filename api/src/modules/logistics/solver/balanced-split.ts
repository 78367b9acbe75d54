// Splitting one day's houses between several brigades so their working days (driving + work at the houses) end
// about the same time: the longest day is what the office feels. Two starts, the brigades' own assignment and a
// sweep around the start cut into sectors of equal work, then single-house moves off the longest day while they
// shorten it. Each day is then ordered by the route solver. Deterministic: no randomness beyond solveRoute's seed.
import { subMatrix, type LatLon, type TravelMatrix } from "../travel-matrix.ts";
import { solveRoute } from "./solve-route.ts";

export interface SplitProblem {
  /** Index 0 is the common start; every other index is a house. */
  matrix: TravelMatrix;
  points: readonly LatLon[];
  /** Minutes of work by matrix index. */
  serviceMinutes: readonly number[];
  groups: number;
  returnsToStart: boolean;
  /** The group each house is in today (its brigade), or -1; houses in progress are `pinned` to it. */
  current: readonly number[];
  pinned: readonly boolean[];
}

export interface Split {
  /** Matrix indices of the houses of each group (unordered). */
  groups: number[][];
  /** Driving + work minutes of each group's day. */
  workMinutes: number[];
}

const MAX_ROUNDS = 400;
/** Best-estimated moves actually solved per round before giving up. */
const MOVES_TRIED = 4;

function dayMinutes(
  problem: SplitProblem,
  group: readonly number[],
  isQuick: boolean,
): { minutes: number; order: number[] } {
  if (group.length === 0) return { minutes: 0, order: [] };
  const indices = [0, ...group];
  const solved = solveRoute(
    { matrix: subMatrix(problem.matrix, indices), start: 0, returnsToStart: problem.returnsToStart },
    isQuick ? { exactMaxStops: 9, kicks: 8, restarts: 1 } : {},
  );
  const work = group.reduce((sum, index) => sum + problem.serviceMinutes[index]!, 0);
  return { minutes: solved.cost + work, order: solved.order.map((local) => indices[local]!) };
}

/** Houses by angle around the start, cut into `groups` runs of about equal work, starting at the widest gap. */
function sweep(problem: SplitProblem): number[][] {
  const centre = problem.points[0]!;
  const houses = problem.points
    .map((point, index) => ({ index, angle: Math.atan2(point.lat - centre.lat, point.lon - centre.lon) }))
    .slice(1);
  houses.sort((a, b) => a.angle - b.angle || a.index - b.index);
  let widest = 0;
  let widestGap = -1;
  houses.forEach((house, i) => {
    const next = houses[(i + 1) % houses.length]!;
    const gap = (next.angle - house.angle + 2 * Math.PI) % (2 * Math.PI);
    if (gap > widestGap) [widestGap, widest] = [gap, (i + 1) % houses.length];
  });
  const ordered = [...houses.slice(widest), ...houses.slice(0, widest)].map((house) => house.index);
  // Each house's share: its work plus the drive from the start, a rough stand-in for its part of the route.
  const weight = (index: number) => problem.serviceMinutes[index]! + problem.matrix.minutes[0]![index]! / 2;
  const total = ordered.reduce((sum, index) => sum + weight(index), 0);
  const groups: number[][] = Array.from({ length: problem.groups }, () => []);
  let done = 0;
  for (const index of ordered) {
    const group = Math.min(problem.groups - 1, Math.floor((done / total) * problem.groups));
    groups[group]!.push(index);
    done += weight(index);
  }
  return groups;
}

/** Minutes `house` adds to a day driven in `order` at its cheapest place (0 = start; an open day ends anywhere). */
function insertionMinutes(problem: SplitProblem, order: readonly number[], house: number): number {
  const cost = (a: number, b: number) => problem.matrix.minutes[a]![b]!;
  const stops = [0, ...order];
  let best = Infinity;
  for (let i = 0; i < stops.length; i += 1) {
    const a = stops[i]!;
    const next = i + 1 < stops.length ? stops[i + 1] : problem.returnsToStart ? 0 : undefined;
    const delta = next === undefined ? cost(a, house) : cost(a, house) + cost(house, next) - cost(a, next);
    best = Math.min(best, delta);
  }
  return best + problem.serviceMinutes[house]!;
}

/** Minutes taking `house` out of a day driven in `order` saves. */
function removalMinutes(problem: SplitProblem, order: readonly number[], house: number): number {
  const cost = (a: number, b: number) => problem.matrix.minutes[a]![b]!;
  const at = order.indexOf(house);
  const previous = at === 0 ? 0 : order[at - 1]!;
  const next = at + 1 < order.length ? order[at + 1] : problem.returnsToStart ? 0 : undefined;
  const saved =
    next === undefined ? cost(previous, house) : cost(previous, house) + cost(house, next) - cost(previous, next);
  return saved + problem.serviceMinutes[house]!;
}

/**
 * Moves single houses off the longest day while that makes the longest of the two days involved shorter. Moves are
 * ranked by the insertion/removal estimate on the current orders, and only the two days a move touches are solved
 * again, so a round costs a few solver calls however many houses there are.
 */
function improve(problem: SplitProblem, start: number[][]): Split {
  const groups = start.map((group) => [...group]);
  const solved = groups.map((group) => dayMinutes(problem, group, true));
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const days = solved.map((day) => day.minutes);
    const longest = days.indexOf(Math.max(...days));
    const moves: { house: number; to: number; estimate: number }[] = [];
    for (const house of groups[longest]!) {
      if (problem.pinned[house]) continue;
      const without = days[longest]! - removalMinutes(problem, solved[longest]!.order, house);
      for (let to = 0; to < groups.length; to += 1) {
        if (to === longest) continue;
        const estimate = Math.max(without, days[to]! + insertionMinutes(problem, solved[to]!.order, house));
        if (estimate < days[longest]! - 1e-6) moves.push({ house, to, estimate });
      }
    }
    moves.sort((a, b) => a.estimate - b.estimate || a.house - b.house || a.to - b.to);
    let isMoved = false;
    for (const move of moves.slice(0, MOVES_TRIED)) {
      const from = groups[longest]!.filter((index) => index !== move.house);
      const to = [...groups[move.to]!, move.house];
      const fromDay = dayMinutes(problem, from, true);
      const toDay = dayMinutes(problem, to, true);
      if (Math.max(fromDay.minutes, toDay.minutes) < days[longest]! - 1e-6) {
        [groups[longest], groups[move.to]] = [from, to];
        [solved[longest], solved[move.to]] = [fromDay, toDay];
        isMoved = true;
        break;
      }
    }
    if (!isMoved) break;
  }
  return { groups, workMinutes: groups.map((group) => dayMinutes(problem, group, false).minutes) };
}

/** Splits the houses between `problem.groups` days with the longest day as short as found. */
export function splitBalanced(problem: SplitProblem): Split {
  const houses = problem.points.map((_, index) => index).slice(1);
  const own: number[][] = Array.from({ length: problem.groups }, () => []);
  const swept = sweep(problem);
  // Houses in progress stay with their brigade in every start.
  for (const group of swept) {
    for (const house of [...group]) {
      if (problem.pinned[house] && problem.current[house]! >= 0 && problem.current[house] !== swept.indexOf(group)) {
        group.splice(group.indexOf(house), 1);
        swept[problem.current[house]!]!.push(house);
      }
    }
  }
  for (const house of houses) own[problem.current[house]! >= 0 ? problem.current[house]! : 0]!.push(house);
  const candidates = [improve(problem, own), improve(problem, swept)];
  return candidates.reduce((best, split) =>
    Math.max(...split.workMinutes) < Math.max(...best.workMinutes) - 1e-6 ? split : best,
  );
}
