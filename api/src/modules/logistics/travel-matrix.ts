// The one shape every travel-time source returns, so the solver never knows where the numbers came from.

/** A point on the map in degrees (WGS 84). */
export interface LatLon {
  lat: number;
  lon: number;
}

export type MatrixSource = "offline" | "osrm" | "google";

/**
 * Minutes and kilometres between `size` points: `minutes[i][j]` is the drive from i to j. Asymmetric is allowed
 * (one-way streets); the diagonal is 0. `estimatedPairs` counts cells a provider could not route and that were
 * filled with the offline estimate instead.
 */
export interface TravelMatrix {
  size: number;
  minutes: number[][];
  km: number[][];
  source: MatrixSource;
  estimatedPairs: number;
}

/** An empty size × size matrix (all zero) to be filled by a provider. */
export function createTravelMatrix(size: number, source: MatrixSource): TravelMatrix {
  const square = () => Array.from({ length: size }, () => new Array<number>(size).fill(0));
  return { size, minutes: square(), km: square(), source, estimatedPairs: 0 };
}

/** True when the matrix is square, finite and non-negative everywhere: what the solver relies on. */
export function isUsableMatrix(matrix: TravelMatrix): boolean {
  const isSquare = (rows: number[][]) =>
    rows.length === matrix.size &&
    rows.every((row) => row.length === matrix.size && row.every((v) => Number.isFinite(v) && v >= 0));
  return isSquare(matrix.minutes) && isSquare(matrix.km);
}

/** The rows and columns `indices` of a matrix, in that order (index 0 of the result = indices[0]). */
export function subMatrix(matrix: TravelMatrix, indices: readonly number[]): TravelMatrix {
  const result = createTravelMatrix(indices.length, matrix.source);
  indices.forEach((from, i) => {
    indices.forEach((to, j) => {
      result.minutes[i]![j] = matrix.minutes[from]![to]!;
      result.km[i]![j] = matrix.km[from]![to]!;
    });
  });
  return result;
}
