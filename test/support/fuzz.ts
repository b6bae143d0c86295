// Fuzzing budget and seed, shared by the fuzz tests: CI runs a fixed seed at scale 1 (bounded
// time); `node scripts/fuzz.mjs` runs more cases from a new seed. A failure prints the seed and
// the shrunk case; FUZZ_SEED replays it.
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261207);
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** fast-check parameters for `runs` cases at scale 1. */
export function fuzzParameters(runs: number): { numRuns: number; seed: number } {
  return { numRuns: Math.max(1, Math.round(runs * FUZZ_SCALE)), seed: FUZZ_SEED };
}
