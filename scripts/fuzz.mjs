#!/usr/bin/env node
// A longer fuzzing run than CI's: `node scripts/fuzz.mjs [scale] [seed]` runs the ELF and
// /proc/cgroup parser fuzz tests with scale × their CI case counts (default 20: 2,000,000 ELF
// cases, 200,000 per parser) from a new seed, and prints the seed so a failure can be replayed
// (FUZZ_SEED=<seed> FUZZ_SCALE=1 npx vitest run <file>).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const scale = process.argv[2] ?? '20';
const seed = process.argv[3] ?? String(randomInt(2 ** 31));
const files = ['test/unit/binary/format/readers-fuzz.test.ts', 'test/unit/parse/parsers-fuzz.test.ts'];
console.log(`fuzz: scale ${scale}, seed ${seed}`);
const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', ...files], { stdio: 'inherit', env: { ...process.env, FUZZ_SCALE: scale, FUZZ_SEED: seed } });
console.log(`fuzz: ${run.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s (scale ${scale}, seed ${seed})`);
process.exit(run.status ?? 1);
