import { describe, expect, it } from "vitest";
import { haversineKm, offlineMatrix } from "./offline-matrix.ts";

const kirovaStreet = { lat: 54.5138, lon: 36.2612 };
const grabtsevskoe = { lat: 54.5441, lon: 36.3262 };

describe("offline travel matrix", () => {
  it("measures straight-line distance like a map does", () => {
    expect(haversineKm({ lat: 54.5, lon: 36.25 }, { lat: 54.6, lon: 36.25 })).toBeCloseTo(11.12, 2);
    expect(haversineKm(kirovaStreet, kirovaStreet)).toBe(0);
  });

  it("stretches by the road factor and drives at the average speed (defaults 1.35 and 25 km/h)", () => {
    const straight = haversineKm(kirovaStreet, grabtsevskoe);
    const matrix = offlineMatrix([kirovaStreet, grabtsevskoe]);
    expect(matrix.km[0]![1]).toBeCloseTo(straight * 1.35, 9);
    expect(matrix.minutes[0]![1]).toBeCloseTo(((straight * 1.35) / 25) * 60, 9);
    expect(matrix.minutes[1]![0]).toBe(matrix.minutes[0]![1]);
    expect(matrix).toMatchObject({ size: 2, source: "offline", estimatedPairs: 0 });
    expect(matrix.km[1]![1]).toBe(0);
  });

  it("takes other settings as plain numbers", () => {
    const matrix = offlineMatrix([kirovaStreet, grabtsevskoe], { roadFactor: 1, speedKmh: 60 });
    expect(matrix.minutes[0]![1]).toBeCloseTo(haversineKm(kirovaStreet, grabtsevskoe), 9);
    expect(() => offlineMatrix([kirovaStreet], { roadFactor: 0.5, speedKmh: 25 })).toThrow(RangeError);
    expect(() => offlineMatrix([kirovaStreet], { roadFactor: 1.35, speedKmh: 0 })).toThrow(RangeError);
  });
});
