// The route solver, written by hand: no maintained JS library solves small asymmetric TSP paths well offline
// (the npm TSP packages are symmetric-only toys or abandoned, and VROOM/OR-Tools have no Node 20 build here).
// Up to EXACT_MAX_STOPS free stops the Held–Karp optimum; above that cheapest insertion and nearest neighbour
// starts, 2-opt + Or-opt, and an iterated local search with segment-swap kicks. The effort is a fixed number of
// kicks, never a wall-clock budget, so the same input always gives the same route on any machine.
import { HELD_KARP_MAX_NODES, solveHeldKarp } from "./held-karp.ts";
import { cheapestInsertion, nearestNeighbour, randomOrder } from "./construction.ts";
import { improveOrder } from "./local-search.ts";
import { createSeededRandom, type SeededRandom } from "./random.ts";
import { toPathProblem, type PathProblem, type RouteProblem } from "./route-problem.ts";

/** Up to this many stops (besides a fixed first one) the answer is the proven optimum. */
export const EXACT_MAX_STOPS = 12;

export interface SolveOptions {
  /** Free stops solved exactly (default EXACT_MAX_STOPS, at most 16); 0 forces the heuristic. */
  exactMaxStops?: number;
  /** Kicks of the iterated local search per restart (default grows with the stop count). */
  kicks?: number;
  /** Restarts from different starting orders (default 2: cheapest insertion, nearest neighbour). */
  restarts?: number;
  seed?: number;
}

export interface SolvedRoute {
  /** Matrix indices of the stops in visiting order (the fixed first stop included, the start excluded). */
  order: number[];
  /** Total of the objective (minutes or km), including the drive back when the route returns. */
  cost: number;
  isOptimal: boolean;
  method: "held-karp" | "local-search";
}

// Kicks grow with the stops but each costs O(stops²), so the total is capped: 80 stops get 120 kicks per restart,
// 200 stops 30. Measured by `npm run bench:route`: more kicks found no shorter tours on the demo houses.
const defaultKicks = (stops: number) => Math.max(20, Math.min(Math.round(stops * 1.5), Math.floor(1.2e6 / stops ** 2)));

/** A segment swap (the asymmetric-safe double bridge): A B C D → A C B D, with B and C kept short on long days. */
function kick(order: readonly number[], random: SeededRandom): number[] {
  const k = order.length;
  const span = k < 12 ? k : Math.min(30, Math.floor(k / 3));
  const a = random.below(k - 2);
  const b = Math.min(k - 1, a + 1 + random.below(span));
  const c = Math.min(k, b + 1 + random.below(span));
  return [...order.slice(0, a), ...order.slice(b, c), ...order.slice(a, b), ...order.slice(c)];
}

function iteratedLocalSearch(path: PathProblem, start: readonly number[], kicks: number, random: SeededRandom) {
  let best = improveOrder(path, start);
  if (path.nodes.length < 4) return best;
  for (let i = 0; i < kicks; i += 1) {
    const candidate = improveOrder(path, kick(best.order, random));
    if (candidate.cost < best.cost - 1e-9) best = candidate;
  }
  return best;
}

/** Orders a day's stops: exact up to EXACT_MAX_STOPS, near-optimal and deterministic above. */
export function solveRoute(problem: RouteProblem, options: SolveOptions = {}): SolvedRoute {
  const path = toPathProblem(problem);
  const prefix = problem.firstStop === undefined ? [] : [problem.firstStop];
  const exactMaxStops = Math.min(options.exactMaxStops ?? EXACT_MAX_STOPS, HELD_KARP_MAX_NODES);
  if (path.nodes.length <= Math.max(exactMaxStops, 1)) {
    const exact = solveHeldKarp(path);
    return { order: [...prefix, ...exact.order], cost: exact.cost, isOptimal: true, method: "held-karp" };
  }
  const random = createSeededRandom(options.seed ?? 0x2f6b_a11c);
  const kicks = options.kicks ?? defaultKicks(path.nodes.length);
  const restarts = Math.max(1, options.restarts ?? 2);
  const starts = [cheapestInsertion(path), nearestNeighbour(path)];
  while (starts.length < restarts) starts.push(randomOrder(path, random));
  let best: { order: number[]; cost: number } | undefined;
  for (const start of starts.slice(0, restarts)) {
    const found = iteratedLocalSearch(path, start, kicks, random);
    if (!best || found.cost < best.cost - 1e-9) best = found;
  }
  return { order: [...prefix, ...best!.order], cost: best!.cost, isOptimal: false, method: "local-search" };
}
