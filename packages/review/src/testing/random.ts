/**
 * mulberry32: a tiny seeded PRNG giving floats in [0, 1). The same seed replays the same draws, so a
 * test that prints its seed can be repeated exactly. The one copy every test, fuzzer and bench uses.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
