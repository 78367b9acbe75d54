// Exact ordering by the Held–Karp dynamic programme over subsets: O(2^k · k²) time, O(2^k · k) memory, so it
// stays well under a few milliseconds up to the 12 stops we promise to solve optimally.
import type { PathProblem } from "./route-problem.ts";

/** Largest number of free stops Held–Karp is allowed (2^16 · 16 cells is about 8 MB). */
export const HELD_KARP_MAX_NODES = 16;

/** The optimal order of `path.nodes` and its cost (including `path.fixedCost`). */
export function solveHeldKarp(path: PathProblem): { order: number[]; cost: number } {
  const { nodes, cost, size, from, to } = path;
  const k = nodes.length;
  if (k > HELD_KARP_MAX_NODES) throw new RangeError(`Held–Karp is limited to ${HELD_KARP_MAX_NODES} stops, got ${k}`);
  if (k === 0) return { order: [], cost: path.fixedCost + cost[from * size + to]! };
  const full = (1 << k) - 1;
  const best = new Float64Array((full + 1) * k).fill(Infinity);
  const parent = new Int8Array((full + 1) * k).fill(-1);
  for (let j = 0; j < k; j += 1) best[(1 << j) * k + j] = cost[from * size + nodes[j]!]!;
  for (let mask = 1; mask <= full; mask += 1) {
    for (let j = 0; j < k; j += 1) {
      const here = best[mask * k + j]!;
      if (here === Infinity || !(mask & (1 << j))) continue;
      const rowBase = nodes[j]! * size;
      for (let t = 0; t < k; t += 1) {
        if (mask & (1 << t)) continue;
        const next = mask | (1 << t);
        const candidate = here + cost[rowBase + nodes[t]!]!;
        if (candidate < best[next * k + t]!) {
          best[next * k + t] = candidate;
          parent[next * k + t] = j;
        }
      }
    }
  }
  let last = 0;
  let total = Infinity;
  for (let j = 0; j < k; j += 1) {
    const candidate = best[full * k + j]! + cost[nodes[j]! * size + to]!;
    if (candidate < total) [total, last] = [candidate, j];
  }
  const order: number[] = [];
  for (let mask = full, j = last; j >= 0;) {
    order.push(nodes[j]!);
    const previous = parent[mask * k + j]!;
    mask &= ~(1 << j);
    j = previous;
  }
  return { order: order.reverse(), cost: total + path.fixedCost };
}
