// 50 overlapping runs on one handoff directory (25 degraded, 25 ready) while a reader in another
// thread reads the three files as fast as it can. No read ever sees a torn file; once the writers
// have ended, every read sees one whole generation, the one a completed run reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { describeE2E } from '../support/e2e.js';
import { HANDOFF_NAMES, readGeneration, wholeGeneration } from './handoff-state.js';
import { FAULT_SEED, seeded } from './random.js';
import { runFault } from './run.js';

const RUNS = 50;
const SETTLE_MS = 500; // the reader goes on this long after the last writer ended

const dir = mkdtempSync(path.join(tmpdir(), 'preflight-overlap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Observation {
  t: number;
  files: Record<string, string | undefined>;
}

/** Reads the handoff names in a loop until `stop` is set; keeps each distinct state once, with its first and last time. */
function startReader(stop: Int32Array): Promise<{ reads: number; states: (Observation & { last: number })[] }> {
  const worker = new Worker(
    `const { readFileSync } = require('node:fs'); const path = require('node:path');
     const { workerData, parentPort } = require('node:worker_threads');
     const stop = new Int32Array(workerData.stop); const states = []; let reads = 0; let prev = '';
     const read = (n) => { try { return readFileSync(path.join(workerData.dir, n), 'utf8'); } catch { return undefined; } };
     while (Atomics.load(stop, 0) === 0) {
       const files = {}; for (const n of workerData.names) files[n] = read(n); reads++;
       const key = JSON.stringify(files); const t = Date.now();
       if (key !== prev) { states.push({ t, last: t, files }); prev = key; } else states[states.length - 1].last = t;
     }
     parentPort.postMessage({ reads, states });`,
    { eval: true, workerData: { dir, names: HANDOFF_NAMES, stop: stop.buffer } },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** A file on its own is whole: the env file parses line by line, the JSON parses. */
function torn(files: Record<string, string | undefined>): string | null {
  const env = files['preflight.env'];
  if (env !== undefined && !/^(PREFLIGHT_[A-Z_]+|GOMEMLIMIT|GOMAXPROCS)='[^']*'\n(.*\n)*PREFLIGHT_GENERATION='[0-9a-f]{16}'\n$/.test(env)) return `torn preflight.env: ${JSON.stringify(env)}`;
  try {
    if (files['preflight.json'] !== undefined) JSON.parse(files['preflight.json']);
  } catch {
    return 'torn preflight.json';
  }
  return null;
}

describeE2E(`faults: ${RUNS} overlapping runs and a concurrent reader (seed ${FAULT_SEED})`, {}, () => {
  it('never a torn file; after the writers, one whole generation that a completed run reported', { timeout: 240_000 }, async () => {
    const random = seeded(FAULT_SEED);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = startReader(stop);
    const runs = await Promise.all(
      Array.from({ length: RUNS }, async (_, i) => {
        const degraded = i % 2 === 0;
        await new Promise((r) => setTimeout(r, Math.floor(random() * 2000)));
        // A generous --timeout: on a loaded machine 50 runs can queue for the lock a long time.
        const args = ['run', '--handoff-dir', dir, '--output', 'json', '--only', 'capabilities', '--timeout', '120000'];
        const run = await runFault([...args, '--severity', `CAP_SYS_ADMIN_GRANTED=${degraded ? 'degrade' : 'warn'}`], { timeoutMs: 170_000 });
        return { run, degraded };
      }),
    );
    const writersEnded = Date.now();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    Atomics.store(stop, 0, 1);
    const { reads, states } = await reader;

    for (const { run, degraded } of runs) {
      expect(run.exitCode, `${run.stderr} ${JSON.stringify(run.report?.handoff)} ${JSON.stringify(run.report?.checks.map((c) => c.findings))}`).toBe(0);
      expect(run.report).toMatchObject({ verdict: degraded ? 'degraded' : 'ready', handoff: { error: null } });
    }
    expect(states.map((s) => torn(s.files)).filter((t) => t !== null)).toEqual([]);
    const after = states.filter((s) => s.last >= writersEnded);
    expect(after).toHaveLength(1);
    const final = readGeneration(after[0]!.files);
    if (final instanceof Error) throw final;
    const reporter = runs.find(({ run }) => run.report!.handoff!.generation === final.generation);
    expect(reporter, `generation ${final.generation} was not reported by any run`).toBeDefined();
    expect(final).toMatchObject({ verdict: reporter!.run.report!.verdict, reasons: reporter!.run.report!.reasons });
    expect(wholeGeneration(dir)).toEqual(final);
    const disagreeing = states.filter((s) => readGeneration(s.files) instanceof Error).length;
    console.info(`overlap: ${reads} reads, ${states.length} distinct states, ${disagreeing} between two generations (while writers ran)`);
  });
});
