// A lower bound on the best route, for the benchmark: the Held–Karp 1-tree bound with subgradient ascent on node
// penalties. The path normal form is closed into a cycle by a forced edge `to`–`from`; an asymmetric matrix is
// symmetrised with min(c_ab, c_ba), which keeps the bound valid (only weaker).
import { solveRoute } from "./solve-route.ts";
import { pathCost, toPathProblem, type RouteProblem } from "./route-problem.ts";

export interface LowerBound {
  bound: number;
  /** The upper bound the step sizes were aimed at (a solver tour unless one was given). */
  upperBound: number;
  iterations: number;
}

interface OneTree {
  cost: number;
  degree: Int32Array;
}

/** Minimum spanning tree over every node but `special` (Prim, O(m²)), plus the two cheapest edges of `special`. */
function oneTree(weight: Float64Array, m: number, special: number, penalty: Float64Array): OneTree {
  const degree = new Int32Array(m);
  const key = new Float64Array(m).fill(Infinity);
  const link = new Int32Array(m).fill(-1);
  const isInTree = new Uint8Array(m);
  const at = (a: number, b: number) => weight[a * m + b]! + penalty[a]! + penalty[b]!;
  const root = special === 0 ? 1 : 0;
  key[root] = 0;
  let cost = 0;
  for (let added = 0; added < m - 1; added += 1) {
    let u = -1;
    for (let v = 0; v < m; v += 1) if (v !== special && !isInTree[v] && (u < 0 || key[v]! < key[u]!)) u = v;
    isInTree[u] = 1;
    if (link[u]! >= 0) {
      cost += key[u]!;
      degree[u]! += 1;
      degree[link[u]!]! += 1;
    }
    for (let v = 0; v < m; v += 1) {
      if (v === special || isInTree[v]) continue;
      const candidate = at(u, v);
      if (candidate < key[v]!) [key[v], link[v]] = [candidate, u];
    }
  }
  let first = -1;
  let second = -1;
  for (let v = 0; v < m; v += 1) {
    if (v === special) continue;
    if (first < 0 || at(special, v) < at(special, first)) [second, first] = [first, v];
    else if (second < 0 || at(special, v) < at(special, second)) second = v;
  }
  cost += at(special, first) + at(special, second);
  degree[special] = 2;
  degree[first]! += 1;
  degree[second]! += 1;
  return { cost, degree };
}

/** A lower bound on the cost of any route for `problem` (Held–Karp 1-tree with subgradient ascent). */
export function computeLowerBound(
  problem: RouteProblem,
  options: { upperBound?: number; maxIterations?: number } = {},
): LowerBound {
  const path = toPathProblem(problem);
  const upperBound = options.upperBound ?? solveRoute(problem).cost;
  if (path.nodes.length <= 1) return { bound: pathCost(path, path.nodes), upperBound, iterations: 0 };
  const vertices = [path.from, ...path.nodes, ...(path.to === path.from ? [] : [path.to])];
  const m = vertices.length;
  const weight = new Float64Array(m * m);
  let total = 0;
  for (let a = 0; a < m; a += 1) {
    for (let b = 0; b < m; b += 1) {
      const ca = path.cost[vertices[a]! * path.size + vertices[b]!]!;
      const cb = path.cost[vertices[b]! * path.size + vertices[a]!]!;
      weight[a * m + b] = a === b ? 0 : Math.min(ca, cb);
      total += weight[a * m + b]!;
    }
  }
  // The closing edge to → from is not driven: force it into every 1-tree with a huge discount, added back below.
  const hasForcedEdge = path.to !== path.from;
  const force = total + 1;
  if (hasForcedEdge) weight[(m - 1) * m] = weight[m - 1] = -force;
  const special = hasForcedEdge ? m - 1 : 0;
  const shift = (hasForcedEdge ? force : 0) + path.fixedCost;

  const penalty = new Float64Array(m);
  let best = -Infinity;
  let lambda = 2;
  let sinceBest = 0;
  const period = Math.max(20, Math.ceil(m / 2));
  const maxIterations = options.maxIterations ?? Math.min(5000, 60 * m);
  let iterations = 0;
  for (; iterations < maxIterations && lambda > 1e-5; iterations += 1) {
    const tree = oneTree(weight, m, special, penalty);
    let penaltySum = 0;
    let squares = 0;
    for (let v = 0; v < m; v += 1) {
      penaltySum += penalty[v]!;
      squares += (tree.degree[v]! - 2) ** 2;
    }
    const value = tree.cost - 2 * penaltySum + shift;
    if (value > best + 1e-9) [best, sinceBest] = [value, 0];
    else if ((sinceBest += 1) >= period) [lambda, sinceBest] = [lambda / 2, 0];
    // Every degree is 2: the 1-tree is a tour, so the bound is the optimum.
    if (squares === 0) break;
    const step = (lambda * Math.max(upperBound - value, 1e-6 * Math.abs(upperBound))) / squares;
    for (let v = 0; v < m; v += 1) penalty[v]! += step * (tree.degree[v]! - 2);
  }
  return { bound: best, upperBound, iterations };
}
