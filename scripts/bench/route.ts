// `npm run bench:route`: the route solver on 10, 25, 40 and 80 demo houses in Kaluga (offline matrix, depot at the
// centre of the houses as LOGISTICS_DEPOT's default), round trips and open days.
// Prints the solver's median time and its tour against the optimum (Held–Karp, ≤ 12 stops) or against the 1-tree
// lower bound and the best tour many long restarts find. Goals: optimum ≤ 12 stops; ≤ 50 ms for 40 stops and
// ≤ 300 ms for 80 on this 2-core machine; within 5% of the best known tour for 40.
import { generateDemoCompany } from "../../prisma/demo/generate.ts";
import { offlineMatrix } from "../../api/src/modules/logistics/offline-matrix.ts";
import { computeLowerBound } from "../../api/src/modules/logistics/solver/lower-bound.ts";
import { solveRoute } from "../../api/src/modules/logistics/solver/solve-route.ts";
import type { RouteProblem } from "../../api/src/modules/logistics/solver/route-problem.ts";

const SIZES = [10, 25, 40, 80];
const RUNS: Record<number, number> = { 10: 21, 25: 15, 40: 11, 80: 7 };
const LONG_SEEDS = Number(process.env.BENCH_ROUTE_SEEDS ?? 6);

const company = generateDemoCompany({ seed: 42, today: "2026-12-01", houses: 500 });

function problemFor(stops: number, returnsToStart: boolean): RouteProblem {
  const houses = company.houses.slice(0, stops).map((house) => ({ lat: house.latitude, lon: house.longitude }));
  const depot = {
    lat: houses.reduce((sum, house) => sum + house.lat, 0) / stops,
    lon: houses.reduce((sum, house) => sum + house.lon, 0) / stops,
  };
  return { matrix: offlineMatrix([depot, ...houses]), start: 0, returnsToStart };
}

function medianMs(problem: RouteProblem, runs: number): number {
  solveRoute(problem);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    solveRoute(problem);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** The best tour long runs find: several seeds, three times the restarts, 25 times the kicks. */
function bestKnown(problem: RouteProblem, stops: number): number {
  let best = Infinity;
  for (let seed = 1; seed <= LONG_SEEDS; seed += 1) {
    best = Math.min(
      best,
      solveRoute(problem, { exactMaxStops: 0, seed, restarts: 6, kicks: Math.max(500, 25 * stops) }).cost,
    );
  }
  return best;
}

const percent = (value: number, reference: number) => `${Math.max(0, (value / reference - 1) * 100).toFixed(2)}%`;
const rows: Record<string, string | number>[] = [];
for (const stops of SIZES) {
  for (const returnsToStart of [true, false]) {
    const problem = problemFor(stops, returnsToStart);
    const solved = solveRoute(problem);
    const ms = medianMs(problem, RUNS[stops]!);
    const row: Record<string, string | number> = {
      stops,
      route: returnsToStart ? "round trip" : "open",
      method: solved.method,
      "median ms": Number(ms.toFixed(2)),
      "tour min": Number(solved.cost.toFixed(2)),
    };
    if (solved.isOptimal) {
      const heuristic = solveRoute(problem, { exactMaxStops: 0 }).cost;
      Object.assign(row, {
        reference: "Held–Karp optimum",
        "vs optimum": percent(solved.cost, solved.cost),
        "heuristic alone vs optimum": percent(heuristic, solved.cost),
      });
    } else {
      const best = bestKnown(problem, stops);
      const bound = computeLowerBound(problem, { upperBound: Math.min(best, solved.cost) }).bound;
      Object.assign(row, {
        reference: bound >= Math.min(best, solved.cost) - 1e-6 ? "bound = tour: optimal" : "1-tree bound",
        "lower bound": Number(bound.toFixed(2)),
        "vs bound": percent(solved.cost, bound),
        "best known": Number(best.toFixed(2)),
        "vs best known": percent(solved.cost, best),
      });
    }
    rows.push(row);
  }
}
console.table(rows);
