import { describe, expect, it } from "vitest";
import { offlineMatrix } from "../offline-matrix.ts";
import { randomKalugaPoints } from "../testing/random-instances.ts";
import { splitBalanced, type SplitProblem } from "./balanced-split.ts";
import { solveRoute } from "./solve-route.ts";
import { subMatrix } from "../travel-matrix.ts";

function problemOf(seed: number, houses: number, groups: number, unevenTo = 0): SplitProblem {
  const points = randomKalugaPoints(seed, houses + 1);
  const serviceMinutes = [0, ...Array.from({ length: houses }, (_, i) => 20 + ((i * 37) % 60))];
  // Today's assignment, deliberately lopsided: most houses on the first brigade.
  const current = [
    -1,
    ...Array.from({ length: houses }, (_, i) => (i < houses - unevenTo ? 0 : 1 + (i % (groups - 1)))),
  ];
  return {
    matrix: offlineMatrix(points),
    points,
    serviceMinutes,
    groups,
    returnsToStart: true,
    current,
    pinned: current.map(() => false),
  };
}

const dayOf = (problem: SplitProblem, group: number[]) =>
  solveRoute({ matrix: subMatrix(problem.matrix, [0, ...group]), start: 0, returnsToStart: true }).cost +
  group.reduce((sum, i) => sum + problem.serviceMinutes[i]!, 0);

describe("splitting a day between brigades", () => {
  it("gives every house to exactly one brigade and evens out a lopsided day", () => {
    const problem = problemOf(7, 30, 3, 6);
    const split = splitBalanced(problem);
    expect(split.groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const before = Math.max(
      ...[0, 1, 2].map((group) =>
        dayOf(
          problem,
          problem.current.flatMap((g, i) => (g === group ? [i] : [])),
        ),
      ),
    );
    const after = Math.max(...split.workMinutes);
    expect(after).toBeLessThan(before * 0.6);
    // Within 15% of a perfectly even split of the work alone (driving makes a perfect split impossible).
    const work = problem.serviceMinutes.reduce((sum, minutes) => sum + minutes, 0);
    expect(after).toBeLessThan((work / 3) * 1.15 + 60);
    split.groups.forEach((group, index) => expect(split.workMinutes[index]).toBeCloseTo(dayOf(problem, group), 6));
  });

  it("keeps a house in progress with its brigade and is deterministic", () => {
    const problem = problemOf(11, 20, 2, 2);
    const pinned = problem.current.map((_, index) => index === 1 || index === 2);
    const withPins = { ...problem, pinned };
    const split = splitBalanced(withPins);
    expect(split.groups[0]).toEqual(expect.arrayContaining([1, 2]));
    expect(splitBalanced(withPins)).toEqual(split);
  });
});
