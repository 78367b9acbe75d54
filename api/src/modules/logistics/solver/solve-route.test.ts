import { describe, expect, it } from "vitest";
import { offlineMatrix } from "../offline-matrix.ts";
import { permutations, randomAsymmetricMatrix, randomKalugaPoints } from "../testing/random-instances.ts";
import { createTravelMatrix, type TravelMatrix } from "../travel-matrix.ts";
import { computeLowerBound } from "./lower-bound.ts";
import { pathCost, toPathProblem, type RouteProblem } from "./route-problem.ts";
import { solveRoute } from "./solve-route.ts";

/** The best cost over every order: the ground truth for small instances. */
function bruteForce(problem: RouteProblem): number {
  const path = toPathProblem(problem);
  let best = Infinity;
  for (const order of permutations(path.nodes)) best = Math.min(best, pathCost(path, order));
  return best;
}

/** The cost of the solver's order, recomputed from the matrix (not trusted from the solver). */
function routeCost(problem: RouteProblem, order: number[]): number {
  const m = problem.matrix.minutes;
  let total = 0;
  let here = problem.start;
  for (const stop of order) [total, here] = [total + m[here]![stop]!, stop];
  return total + (problem.returnsToStart ? m[here]![problem.start]! : 0);
}

function smallInstances(): RouteProblem[] {
  const problems: RouteProblem[] = [];
  for (let seed = 1; seed <= 48; seed += 1) {
    const size = 2 + (seed % 7); // 1..7 stops besides the start
    const matrix = seed % 2 ? randomAsymmetricMatrix(seed, size) : offlineMatrix(randomKalugaPoints(seed, size));
    const returnsToStart = seed % 4 < 2;
    const firstStop = seed % 3 === 0 && size > 2 ? size - 1 : undefined;
    problems.push({
      matrix,
      start: seed % size,
      returnsToStart,
      firstStop: firstStop === seed % size ? undefined : firstStop,
    });
  }
  return problems;
}

describe("solveRoute on small instances", () => {
  it("finds the brute-force optimum exactly (Held–Karp), open and closed, symmetric and one-way", () => {
    for (const problem of smallInstances()) {
      const solved = solveRoute(problem);
      expect(solved.isOptimal).toBe(true);
      expect(routeCost(problem, solved.order)).toBeCloseTo(bruteForce(problem), 9);
      expect(solved.cost).toBeCloseTo(routeCost(problem, solved.order), 9);
    }
  });

  it("reaches the same optimum with the heuristic alone", () => {
    for (const problem of smallInstances()) {
      const solved = solveRoute(problem, { exactMaxStops: 0 });
      expect(routeCost(problem, solved.order)).toBeCloseTo(bruteForce(problem), 9);
    }
  });

  it("visits every stop exactly once and never the start", () => {
    for (const problem of smallInstances()) {
      const { order } = solveRoute(problem);
      const stops = Array.from({ length: problem.matrix.size }, (_, i) => i).filter((i) => i !== problem.start);
      expect([...order].sort((a, b) => a - b)).toEqual(stops);
    }
  });

  it("is exact for 9 stops too, checked against all 362,880 orders", () => {
    const problem: RouteProblem = { matrix: randomAsymmetricMatrix(77, 10), start: 0, returnsToStart: true };
    expect(solveRoute(problem).cost).toBeCloseTo(bruteForce(problem), 9);
  });
});

describe("solveRoute limits and options", () => {
  it("proves the optimum up to 12 stops and switches to local search at 13", () => {
    const twelve = solveRoute({ matrix: offlineMatrix(randomKalugaPoints(5, 13)), start: 0, returnsToStart: true });
    expect(twelve).toMatchObject({ isOptimal: true, method: "held-karp" });
    const thirteen = solveRoute({ matrix: offlineMatrix(randomKalugaPoints(5, 14)), start: 0, returnsToStart: true });
    expect(thirteen).toMatchObject({ isOptimal: false, method: "local-search" });
  });

  it("puts a visit already in progress first, exact and heuristic alike", () => {
    for (const size of [8, 30]) {
      const matrix = offlineMatrix(randomKalugaPoints(size, size));
      for (const returnsToStart of [true, false]) {
        const { order } = solveRoute({ matrix, start: 0, returnsToStart, firstStop: 4 });
        expect(order[0]).toBe(4);
        expect(new Set(order).size).toBe(size - 1);
      }
    }
  });

  it("drives a one-way ring in its cheap direction", () => {
    const size = 20;
    const ring: TravelMatrix = createTravelMatrix(size, "osrm");
    for (let i = 0; i < size; i += 1) {
      for (let j = 0; j < size; j += 1) {
        const ahead = (j - i + size) % size;
        ring.minutes[i]![j] = ring.km[i]![j] = i === j ? 0 : ahead === 1 ? 1 : 10 + ahead;
      }
    }
    const solved = solveRoute({ matrix: ring, start: 0, returnsToStart: true });
    expect(solved.order).toEqual(Array.from({ length: size - 1 }, (_, i) => i + 1));
    expect(solved.cost).toBe(size);
  });

  it("gives the same order for the same input, every time", () => {
    const problem: RouteProblem = { matrix: randomAsymmetricMatrix(404, 41), start: 0, returnsToStart: false };
    const first = solveRoute(problem);
    expect(solveRoute(problem)).toEqual(first);
    expect(solveRoute({ ...problem, matrix: structuredClone(problem.matrix) })).toEqual(first);
  });

  it("minimises kilometres when asked to", () => {
    const matrix = randomAsymmetricMatrix(9, 8);
    for (let i = 0; i < 8; i += 1) for (let j = 0; j < 8; j += 1) matrix.km[i]![j] = matrix.minutes[j]![i]!;
    const problem: RouteProblem = { matrix, start: 0, returnsToStart: true, objective: "km" };
    const path = toPathProblem(problem);
    let best = Infinity;
    for (const order of permutations(path.nodes)) best = Math.min(best, pathCost(path, order));
    expect(solveRoute(problem).cost).toBeCloseTo(best, 9);
  });

  it("handles a day with no stop or a single stop", () => {
    const matrix = offlineMatrix(randomKalugaPoints(3, 2));
    expect(
      solveRoute({ matrix: offlineMatrix(randomKalugaPoints(3, 1)), start: 0, returnsToStart: true }),
    ).toMatchObject({ order: [], cost: 0 });
    expect(solveRoute({ matrix, start: 0, returnsToStart: true }).cost).toBeCloseTo(2 * matrix.minutes[0]![1]!, 9);
    expect(solveRoute({ matrix, start: 0, returnsToStart: false, firstStop: 1 })).toMatchObject({ order: [1] });
  });

  it("refuses a start or first stop outside the matrix, and a broken matrix", () => {
    const matrix = offlineMatrix(randomKalugaPoints(3, 4));
    expect(() => solveRoute({ matrix, start: 4, returnsToStart: true })).toThrow(RangeError);
    expect(() => solveRoute({ matrix, start: 0, returnsToStart: true, firstStop: 0 })).toThrow(RangeError);
    const broken = structuredClone(matrix);
    broken.minutes[1]![2] = Number.NaN;
    expect(() => solveRoute({ matrix: broken, start: 0, returnsToStart: true })).toThrow(RangeError);
  });
});

describe("computeLowerBound", () => {
  it("never exceeds the optimum on small instances", () => {
    for (const problem of smallInstances()) {
      expect(computeLowerBound(problem).bound).toBeLessThanOrEqual(bruteForce(problem) + 1e-6);
    }
  });

  it("is close under the solver's tour for 40 stops, closed and open", () => {
    const matrix = offlineMatrix(randomKalugaPoints(40, 41));
    for (const returnsToStart of [true, false]) {
      const problem: RouteProblem = { matrix, start: 0, returnsToStart };
      const tour = solveRoute(problem).cost;
      const { bound } = computeLowerBound(problem, { upperBound: tour });
      expect(bound).toBeLessThanOrEqual(tour + 1e-6);
      expect(bound).toBeGreaterThan(tour * 0.95);
    }
  });
});
