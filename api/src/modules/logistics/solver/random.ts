/** mulberry32: a tiny seeded PRNG, so the same input always gives the same route. */
export function createSeededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** An integer in [0, bound). */
  const below = (bound: number) => Math.floor(next() * bound);
  return { next, below };
}

export type SeededRandom = ReturnType<typeof createSeededRandom>;
