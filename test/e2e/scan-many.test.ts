// The benchmark's scenario, small (scripts/bench-scan.mjs runs it at ≥ 1,000 processes in ≥ 100
// namespaces): many PID namespaces of sleepers, one scan. Every namespace is a row with the
// process count lsns reports, and the JSON (well over a pipe's 64 KiB) arrives whole.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E, runCli } from '../support/e2e.js';

const NAMESPACES = 20;
const PER = 5;
const SCRIPT = `i=1; while [ $i -lt ${PER} ]; do sleep 600 & i=$((i + 1)); done; exec sleep 600`;

function lsns(): Map<number, number> {
  const out = JSON.parse(execFileSync('lsns', ['-t', 'pid', '--json', '-o', 'NS,NPROCS'], { encoding: 'utf8' })) as { namespaces: { ns: number; nprocs: number }[] };
  return new Map(out.namespaces.map((n) => [Number(n.ns), Number(n.nprocs)]));
}

describeE2E('scan over many PID namespaces', { root: true, tools: ['unshare', 'lsns'] }, () => {
  const groups: ChildProcess[] = [];

  beforeAll(async () => {
    for (let i = 0; i < NAMESPACES; i++) groups.push(spawn('unshare', ['--pid', '--fork', '--kill-child', 'sh', '-c', SCRIPT], { detached: true, stdio: 'ignore' }));
    for (let i = 0; i < 250 && [...lsns().values()].filter((n) => n === PER).length < NAMESPACES; i++) await sleep(20);
  });

  afterAll(() => {
    for (const g of groups) if (g.pid !== undefined) process.kill(-g.pid, 'SIGKILL');
  });

  it('one row per namespace with lsns\'s process count; the JSON is whole', async () => {
    const run = await runCli(['scan', '--output', 'json'], { timeoutMs: 60_000 });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(65536);
    const report = JSON.parse(run.stdout) as { rows: { pidNamespace: number; processes: number; comm: string }[] };
    const truth = lsns();
    const ours = report.rows.filter((r) => truth.get(r.pidNamespace) === PER);
    expect(ours).toHaveLength(NAMESPACES);
    for (const row of ours) expect(row).toMatchObject({ processes: PER, comm: 'sleep' });
  });
});
