/** The seed of this run: `AO_RELIABILITY_SEED` to replay a failure, else a fixed default. */
export function reliabilitySeed(fallback: number): number {
  const configured = Number(process.env.AO_RELIABILITY_SEED);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
}

/** mulberry32: a small, fast, seedable generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
