// A seeded generator for the fault suite: CI replays the same kills every time; FAULT_SEED
// explores others (the failing seed is in the test name).
export const FAULT_SEED = Number(process.env.FAULT_SEED ?? 12);

/** mulberry32: small, fast, good enough to pick delays and signals. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
