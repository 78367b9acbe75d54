// What the solver is asked, and the one normal form every algorithm works on: a path from `from` through `nodes`
// to `to`. A round trip is a path from the start back to the start; an open route ends at a dummy node that every
// stop reaches at zero cost; a fixed first stop (a visit already in progress) becomes the path's origin.
import { isUsableMatrix, type TravelMatrix } from "../travel-matrix.ts";

export interface RouteProblem {
  matrix: TravelMatrix;
  /** Matrix index where the day starts (the depot or the brigade's position). Every other index is a stop. */
  start: number;
  /** Whether the route comes back to `start` at the end of the day. */
  returnsToStart: boolean;
  /** A stop that must come first (a visit already in progress). */
  firstStop?: number;
  /** What to minimise: driving minutes (default) or kilometres. */
  objective?: "minutes" | "km";
}

export interface PathProblem {
  /** Side of `cost`: the matrix size, plus one when the end is the dummy. */
  size: number;
  /** Row-major costs, `cost[a * size + b]`. */
  cost: Float64Array;
  from: number;
  to: number;
  /** Indices to order between `from` and `to`. */
  nodes: number[];
  /** Cost paid before `from` (start → fixed first stop). */
  fixedCost: number;
}

/** Checks the problem and brings it to the path normal form. */
export function toPathProblem(problem: RouteProblem): PathProblem {
  const { matrix, start, firstStop } = problem;
  if (!isUsableMatrix(matrix)) throw new RangeError("travel matrix must be square, finite and non-negative");
  const isIndex = (value: number) => Number.isInteger(value) && value >= 0 && value < matrix.size;
  if (!isIndex(start)) throw new RangeError(`start ${start} is outside the matrix of ${matrix.size}`);
  if (firstStop !== undefined && (!isIndex(firstStop) || firstStop === start)) {
    throw new RangeError(`first stop ${firstStop} must be a stop of the matrix other than the start`);
  }
  const rows = problem.objective === "km" ? matrix.km : matrix.minutes;
  const size = problem.returnsToStart ? matrix.size : matrix.size + 1;
  const cost = new Float64Array(size * size);
  for (let i = 0; i < matrix.size; i += 1) {
    const row = rows[i]!;
    for (let j = 0; j < matrix.size; j += 1) cost[i * size + j] = i === j ? 0 : row[j]!;
  }
  const from = firstStop ?? start;
  const to = problem.returnsToStart ? start : matrix.size;
  const nodes: number[] = [];
  for (let i = 0; i < matrix.size; i += 1) if (i !== start && i !== firstStop) nodes.push(i);
  const fixedCost = firstStop === undefined ? 0 : cost[start * size + firstStop]!;
  return { size, cost, from, to, nodes, fixedCost };
}

/** The cost of visiting `order` (a permutation of `path.nodes`) between `path.from` and `path.to`. */
export function pathCost(path: PathProblem, order: ArrayLike<number>): number {
  const { cost, size } = path;
  let total = path.fixedCost;
  let previous = path.from;
  for (let i = 0; i < order.length; i += 1) {
    total += cost[previous * size + order[i]!]!;
    previous = order[i]!;
  }
  return total + cost[previous * size + path.to]!;
}
