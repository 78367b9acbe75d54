// Starting orders for the local search. Both work on asymmetric costs: insertion costs are taken in the
// direction the route is driven.
import type { PathProblem } from "./route-problem.ts";
import type { SeededRandom } from "./random.ts";

/** Cheapest insertion: grow the path by the stop whose best insertion adds the least. */
export function cheapestInsertion(path: PathProblem): number[] {
  const { cost, size, from, to } = path;
  const route = [from, to];
  const remaining = new Set(path.nodes);
  while (remaining.size > 0) {
    let bestNode = -1;
    let bestPosition = 1;
    let bestDelta = Infinity;
    for (const node of remaining) {
      for (let i = 0; i + 1 < route.length; i += 1) {
        const a = route[i]!;
        const b = route[i + 1]!;
        const delta = cost[a * size + node]! + cost[node * size + b]! - cost[a * size + b]!;
        if (delta < bestDelta) [bestDelta, bestNode, bestPosition] = [delta, node, i + 1];
      }
    }
    route.splice(bestPosition, 0, bestNode);
    remaining.delete(bestNode);
  }
  return route.slice(1, -1);
}

/** Nearest neighbour: always drive to the closest stop not yet visited. */
export function nearestNeighbour(path: PathProblem): number[] {
  const { cost, size } = path;
  const remaining = new Set(path.nodes);
  const order: number[] = [];
  let here = path.from;
  while (remaining.size > 0) {
    let next = -1;
    let nextCost = Infinity;
    for (const node of remaining) {
      if (cost[here * size + node]! < nextCost) [nextCost, next] = [cost[here * size + node]!, node];
    }
    order.push(next);
    remaining.delete(next);
    here = next;
  }
  return order;
}

/** A seeded random order (Fisher–Yates), for diverse restarts. */
export function randomOrder(path: PathProblem, random: SeededRandom): number[] {
  const order = [...path.nodes];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = random.below(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
