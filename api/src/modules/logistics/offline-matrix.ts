// The offline default: straight-line distance stretched by a road factor, driven at an average city speed.
// Good enough to order a day's houses without any routing service; OSRM or Google replace it when configured.
import { createTravelMatrix, type LatLon, type TravelMatrix } from "./travel-matrix.ts";

export interface OfflineMatrixSettings {
  /** Road distance / straight-line distance (LOGISTICS_ROAD_FACTOR). */
  roadFactor: number;
  /** Average driving speed in km/h (LOGISTICS_SPEED_KMH). */
  speedKmh: number;
}

export const DEFAULT_OFFLINE_SETTINGS: OfflineMatrixSettings = { roadFactor: 1.35, speedKmh: 25 };

const EARTH_RADIUS_KM = 6371.0088;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km between two points (haversine formula). */
export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The estimated drive between two points: road km and minutes. */
export function offlineLeg(a: LatLon, b: LatLon, settings: OfflineMatrixSettings = DEFAULT_OFFLINE_SETTINGS) {
  const km = haversineKm(a, b) * settings.roadFactor;
  return { km, minutes: (km / settings.speedKmh) * 60 };
}

/** The offline travel matrix between `points` (symmetric, diagonal 0). */
export function offlineMatrix(
  points: readonly LatLon[],
  settings: OfflineMatrixSettings = DEFAULT_OFFLINE_SETTINGS,
): TravelMatrix {
  if (!(settings.roadFactor >= 1) || !(settings.speedKmh > 0)) {
    throw new RangeError(
      `offline matrix needs roadFactor >= 1 and speedKmh > 0, got ${settings.roadFactor} and ${settings.speedKmh}`,
    );
  }
  const matrix = createTravelMatrix(points.length, "offline");
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const leg = offlineLeg(points[i]!, points[j]!, settings);
      matrix.km[i]![j] = matrix.km[j]![i] = leg.km;
      matrix.minutes[i]![j] = matrix.minutes[j]![i] = leg.minutes;
    }
  }
  return matrix;
}
