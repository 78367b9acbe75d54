// 2-opt and Or-opt on a path whose two ends are fixed. Both are asymmetric-safe: a reversed segment is priced in
// the direction it will be driven, using prefix sums of the forward and backward costs along the current path.
import type { PathProblem } from "./route-problem.ts";

const EPSILON = 1e-9;

/** Working state: `p[0]` is `from`, `p[k + 1]` is `to`, the stops sit in between. */
interface Tour {
  p: Int32Array;
  /** forward[t] = cost of p[0] → … → p[t]; backward[t] = cost of the same stretch driven the other way. */
  forward: Float64Array;
  backward: Float64Array;
}

function createTour(path: PathProblem, order: readonly number[]): Tour {
  const p = new Int32Array(order.length + 2);
  p[0] = path.from;
  p.set(order, 1);
  p[order.length + 1] = path.to;
  const tour = { p, forward: new Float64Array(p.length), backward: new Float64Array(p.length) };
  refreshSums(path, tour);
  return tour;
}

function refreshSums(path: PathProblem, tour: Tour): void {
  const { cost, size } = path;
  const { p, forward, backward } = tour;
  for (let t = 1; t < p.length; t += 1) {
    forward[t] = forward[t - 1]! + cost[p[t - 1]! * size + p[t]!]!;
    backward[t] = backward[t - 1]! + cost[p[t]! * size + p[t - 1]!]!;
  }
}

/** Reverses p[i..j] when that shortens the path; true if any move was applied. */
function twoOpt(path: PathProblem, tour: Tour): boolean {
  const { cost, size } = path;
  const { p, forward, backward } = tour;
  const k = p.length - 2;
  let isImproved = false;
  for (let i = 1; i < k; i += 1) {
    for (let j = i + 1; j <= k; j += 1) {
      const before = p[i - 1]! * size;
      const delta =
        cost[before + p[j]!]! +
        cost[p[i]! * size + p[j + 1]!]! -
        cost[before + p[i]!]! -
        cost[p[j]! * size + p[j + 1]!]! +
        (backward[j]! - backward[i]!) -
        (forward[j]! - forward[i]!);
      if (delta < -EPSILON) {
        p.subarray(i, j + 1).reverse();
        refreshSums(path, tour);
        isImproved = true;
      }
    }
  }
  return isImproved;
}

/** Moves a segment of 1–3 stops elsewhere, as it is or reversed; true if any move was applied. */
function orOpt(path: PathProblem, tour: Tour): boolean {
  const { cost, size } = path;
  const { p, forward, backward } = tour;
  const k = p.length - 2;
  let isImproved = false;
  for (let length = 1; length <= 3; length += 1) {
    for (let i = 1; i + length - 1 <= k; i += 1) {
      const end = i + length - 1;
      const first = p[i]!;
      const last = p[end]!;
      const removed =
        cost[p[i - 1]! * size + first]! + cost[last * size + p[end + 1]!]! - cost[p[i - 1]! * size + p[end + 1]!]!;
      const reversal = backward[end]! - backward[i]! - (forward[end]! - forward[i]!);
      let bestDelta = -EPSILON;
      let bestJ = -1;
      let isBestReversed = false;
      for (let j = 0; j <= k; j += 1) {
        if (j >= i - 1 && j <= end) continue;
        const a = p[j]!;
        const b = p[j + 1]!;
        const opened = cost[a * size + b]!;
        const straight = cost[a * size + first]! + cost[last * size + b]! - opened - removed;
        const reversed = cost[a * size + last]! + cost[first * size + b]! - opened - removed + reversal;
        if (straight < bestDelta) [bestDelta, bestJ, isBestReversed] = [straight, j, false];
        if (reversed < bestDelta) [bestDelta, bestJ, isBestReversed] = [reversed, j, true];
      }
      if (bestJ < 0) continue;
      const segment = Array.from(p.subarray(i, end + 1));
      if (isBestReversed) segment.reverse();
      const rest = [...p.subarray(0, i), ...p.subarray(end + 1)];
      const insertAt = bestJ < i ? bestJ + 1 : bestJ + 1 - length;
      rest.splice(insertAt, 0, ...segment);
      p.set(rest);
      refreshSums(path, tour);
      isImproved = true;
    }
  }
  return isImproved;
}

/** Runs 2-opt and Or-opt until neither improves; returns the local optimum's order and cost. */
export function improveOrder(path: PathProblem, order: readonly number[]): { order: number[]; cost: number } {
  const tour = createTour(path, order);
  if (order.length >= 2) {
    let isImproved = true;
    while (isImproved) {
      const byTwoOpt = twoOpt(path, tour);
      const byOrOpt = orOpt(path, tour);
      isImproved = byTwoOpt || byOrOpt;
    }
  }
  return {
    order: Array.from(tour.p.subarray(1, tour.p.length - 1)),
    cost: tour.forward[tour.p.length - 1]! + path.fixedCost,
  };
}
