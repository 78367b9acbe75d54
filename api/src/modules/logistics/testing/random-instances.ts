// Seeded instances for the solver's tests and the benchmark: points around Kaluga and one-way-heavy matrices.
import { offlineMatrix } from "../offline-matrix.ts";
import { createSeededRandom } from "../solver/random.ts";
import { createTravelMatrix, type LatLon, type TravelMatrix } from "../travel-matrix.ts";

export const KALUGA = { lat: 54.5138, lon: 36.2612 };

/** `count` points spread over a 13 × 13 km square around the centre of Kaluga. */
export function randomKalugaPoints(seed: number, count: number): LatLon[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => ({
    lat: KALUGA.lat + (random.next() - 0.5) * 0.12,
    lon: KALUGA.lon + (random.next() - 0.5) * 0.2,
  }));
}

/** An offline matrix over random points, stretched by up to +60% in one direction of each pair (one-way streets). */
export function randomAsymmetricMatrix(seed: number, size: number): TravelMatrix {
  const base = offlineMatrix(randomKalugaPoints(seed, size));
  const random = createSeededRandom(seed ^ 0x9e3779b9);
  const matrix = createTravelMatrix(size, "offline");
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) {
      const stretch = i === j ? 1 : 1 + random.next() * 0.6;
      matrix.minutes[i]![j] = base.minutes[i]![j]! * stretch;
      matrix.km[i]![j] = base.km[i]![j]! * stretch;
    }
  }
  return matrix;
}

/** Every order of `items` (Heap's algorithm): only for the small instances brute force can check. */
export function* permutations(items: readonly number[]): Generator<number[]> {
  const a = [...items];
  const c = new Array<number>(a.length).fill(0);
  yield [...a];
  for (let i = 1; i < a.length;) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      yield [...a];
      c[i]! += 1;
      i = 1;
    } else {
      c[i] = 0;
      i += 1;
    }
  }
}
