// The fault matrix (issue 12): each row breaks one thing an initContainer may meet and asserts
// the exit code, the report and exactly what the handoff directory holds afterwards. Rows that
// change mounts, cgroups or users need root; the rest of the suite is in kills.test.ts,
// overlap.test.ts and last-resort.test.ts.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHolder, self } from '../../src/handoff/holder.js';
import { LOCK_NAME } from '../../src/handoff/lock.js';
import { readOnlyDir, SCENARIOS } from '../e2e/scenarios.js';
import { describeE2E } from '../support/e2e.js';
import { removeCgroup } from '../support/remove-cgroup.js';
import { FLAG, HANDOFF_NAMES, plantPrevious, PREVIOUS, snapshot, wholeGeneration } from './handoff-state.js';
import { oneLine, runFault, type FaultRun } from './run.js';

let work: string;
let dir: string;
let termLog: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'preflight-faults-'));
  dir = path.join(work, 'shared');
  termLog = path.join(work, 'termination-log');
  mkdirSync(dir);
  plantPrevious(dir);
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const runArgs = (...extra: string[]) => ['run', '--handoff-dir', dir, '--termination-log', termLog, '--output', 'json', ...extra];
const inShell = (setup: string) => ['sh', '-c', `${setup} && exec "$0" "$@"`];

/** The report was written and the directory holds exactly its generation. */
function expectHandedOff(run: FaultRun, exitCode: number): void {
  expect(run.exitCode, run.stderr).toBe(exitCode);
  expect(run.report).not.toBeNull();
  const g = wholeGeneration(dir);
  expect(g).toMatchObject({ generation: run.report!.handoff!.generation, verdict: run.report!.verdict, reasons: run.report!.reasons });
  expect(run.report!.handoff).toMatchObject({ error: null, kept: [] });
}

/** Blocked by HANDOFF_UNWRITABLE, and the previous run's files are still there, untouched. */
function expectNothingReplaced(run: FaultRun, error: RegExp, others: Record<string, string> = {}): void {
  expect(run.exitCode, run.stderr).toBe(1);
  expect(run.report).toMatchObject({ verdict: 'blocked', handoff: { generation: null, files: [], flagWritten: false } });
  expect(run.report!.reasons).toContain('HANDOFF_UNWRITABLE');
  expect(run.report!.handoff!.error).toMatch(error);
  expect(snapshot(dir)).toEqual({ ...PREVIOUS, ...others });
  expect(readFileSync(termLog, 'utf8')).toMatch(/^init-preflight blocked \(exit 1\)\n(.*\n)*HANDOFF_UNWRITABLE: Cannot write the handoff files/);
}

describeE2E('faults: signals (the tool is PID 1 of its container)', { tools: ['sh'] }, () => {
  // A fake unshare that never ends holds pidns-create inside its time limit, so the signal
  // lands while the checks run.
  function hangingUnshare(): Record<string, string> {
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'unshare'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s during the checks → exit %i within 1 s, one line, termination message says interrupted, directory untouched', async (signal, code) => {
    const run = await runFault(runArgs('--timeout', '20000'), { env: hangingUnshare(), kill: { signal, afterMs: 1500 } });
    expect(run.exitCode).toBe(code);
    expect(run.elapsedMs).toBeLessThan(1000);
    expect(oneLine(run.stderr)).toBe(`init-preflight: interrupted by ${signal}: the run did not finish`);
    expect(run.stdout).toBe('');
    expect(readFileSync(termLog, 'utf8')).toMatch(new RegExp(`^init-preflight interrupted by ${signal} \\(exit ${code}\\): the run did not finish`));
    expect(snapshot(dir)).toEqual(PREVIOUS);
  });

  it('SIGTERM while waiting for another run\'s lock → exit 143; that lock and the previous files stay', async () => {
    const lock = renderHolder(await self([])); // this test process: alive
    writeFileSync(path.join(dir, LOCK_NAME), lock);
    const run = await runFault(runArgs('--timeout', '20000', '--only', 'kernel'), { kill: { signal: 'SIGTERM', afterMs: 1500 } });
    expect(run.exitCode).toBe(143);
    expect(run.elapsedMs).toBeLessThan(1000);
    expect(snapshot(dir)).toEqual({ ...PREVIOUS, [LOCK_NAME]: lock });
  });

  it('a SIGKILLed run\'s lock and temporary files are removed by the next run, by exact name only', async () => {
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"']).toString().trim());
    const temps = HANDOFF_NAMES.map((n) => `.${n}.preflight-tmp`);
    writeFileSync(path.join(dir, LOCK_NAME), renderHolder({ ...(await self([])), pid: dead, temps }));
    for (const t of temps) writeFileSync(path.join(dir, t), 'half written');
    writeFileSync(path.join(dir, '.someone-else.preflight-tmp'), 'not named by the lock');
    const run = await runFault(runArgs('--only', 'kernel'));
    expect(run.exitCode).toBe(0);
    const left = snapshot(dir);
    expect(Object.keys(left)).toEqual(['.someone-else.preflight-tmp', 'preflight.env', 'preflight.json']);
    rmSync(path.join(dir, '.someone-else.preflight-tmp'));
    expectHandedOff(run, 0);
  });
});

describeE2E('faults: time limits give a report', {}, () => {
  it.each([1, 5, 20])('--timeout %i → exit 0, unfinished checks are errors (time limit), handoff and termination message written', async (ms) => {
    const run = await runFault(runArgs('--timeout', String(ms)));
    expectHandedOff(run, 0);
    const errors = run.report!.checks.filter((c) => c.status === 'error');
    // Checks that only read and write the live /proc and /sys answer synchronously, before any
    // timer fires (docs/design.md, "Start-up"); pidns-create waits on a child and cannot answer
    // within 1 ms.
    if (ms === 1) expect(errors.map((c) => c.id)).toEqual(expect.arrayContaining(['pidns-create']));
    for (const c of errors) expect(c.findings.at(-1)!.message).toMatch(/: time limit: no answer within \d+ ms$/);
    // ns-last-pid's error is degrade: a run that cannot tell starts the app degraded.
    if (errors.some((c) => c.id === 'ns-last-pid')) expect(run.report!.verdict).toBe('degraded');
    expect(readFileSync(termLog, 'utf8')).toMatch(new RegExp(`^init-preflight ${run.report!.verdict} \\(exit 0\\)`));
  });
});

describeE2E('faults: the handoff directory', { root: true, tools: ['unshare', 'mount', 'mkfifo'] }, () => {
  it('read-only → exit 1 HANDOFF_UNWRITABLE (EROFS); the previous files stay', async () => {
    expectNothingReplaced(await runFault(runArgs(), { wrap: readOnlyDir(dir) }), /^EROFS/);
  });

  describe('on a small tmpfs', () => {
    let mounted = false;
    beforeEach(() => {
      rmSync(dir, { recursive: true });
      mkdirSync(dir);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0755', 'tmpfs', dir]);
      mounted = true;
      plantPrevious(dir);
    });
    afterEach(() => {
      if (mounted) execFileSync('umount', [dir]);
      mounted = false;
    });

    /** Fills the file system with 4 KiB files, then frees `pages` of them. */
    function fill(pages: number): Record<string, string> {
      const filler: Record<string, string> = {};
      for (let i = 0; ; i++) {
        const name = `filler-${String(i).padStart(3, '0')}`;
        try {
          writeFileSync(path.join(dir, name), 'x'.repeat(4096));
          filler[name] = 'x'.repeat(4096);
        } catch {
          rmSync(path.join(dir, name), { force: true });
          break;
        }
      }
      for (const name of Object.keys(filler).slice(0, pages)) {
        rmSync(path.join(dir, name));
        delete filler[name];
      }
      return filler;
    }

    it('full → exit 1 HANDOFF_UNWRITABLE (ENOSPC); the previous files stay, nothing else added', async () => {
      const filler = fill(0);
      expectNothingReplaced(await runFault(runArgs(), { wrap: SCENARIOS.pidns }), /^ENOSPC/, filler);
    });

    it('nearly full (room for the lock, flag and env, not the report) → the same: all or nothing', async () => {
      const filler = fill(3);
      expectNothingReplaced(await runFault(runArgs('--severity', 'CAP_SYS_ADMIN_GRANTED=degrade'), { wrap: SCENARIOS.pidns }), /^ENOSPC/, filler);
    });
  });

  it.each(HANDOFF_NAMES)('a directory at %s → exit 1 HANDOFF_UNWRITABLE (EISDIR); nothing replaced', async (name) => {
    rmSync(path.join(dir, name));
    mkdirSync(path.join(dir, name));
    const others = Object.fromEntries(Object.entries(PREVIOUS).filter(([n]) => n !== name));
    const run = await runFault(runArgs('--severity', 'CAP_SYS_ADMIN_GRANTED=degrade'), { wrap: SCENARIOS.pidns });
    expect(run.report?.handoff?.kept).toEqual(HANDOFF_NAMES);
    expectNothingReplaced(run, new RegExp(`^EISDIR: ${name.replace('.', '\\.')} in .* is a directory; remove it$`), { ...others, [name]: 'directory' });
  });

  it.each(HANDOFF_NAMES)('a FIFO at %s is replaced (never opened) → exit 0, one whole generation', async (name) => {
    rmSync(path.join(dir, name));
    execFileSync('mkfifo', [path.join(dir, name)]);
    expectHandedOff(await runFault(runArgs('--severity', 'CAP_SYS_ADMIN_GRANTED=degrade'), { wrap: SCENARIOS.pidns }), 0);
  });

  it('a FIFO at the flag name with a ready verdict is removed as a stale flag', async () => {
    rmSync(path.join(dir, FLAG));
    execFileSync('mkfifo', [path.join(dir, FLAG)]);
    const run = await runFault(runArgs(), { wrap: SCENARIOS.pidns });
    expectHandedOff(run, 0);
    expect(run.report).toMatchObject({ verdict: 'ready', handoff: { flagRemoved: true } });
  });

  it('a symlink planted at each name is replaced; the files it pointed at are untouched', async () => {
    const outside = path.join(work, 'victims');
    mkdirSync(outside);
    for (const name of HANDOFF_NAMES) {
      writeFileSync(path.join(outside, name), 'victim');
      rmSync(path.join(dir, name));
      symlinkSync(path.join(outside, name), path.join(dir, name));
    }
    expectHandedOff(await runFault(runArgs('--severity', 'CAP_SYS_ADMIN_GRANTED=degrade'), { wrap: SCENARIOS.pidns }), 0);
    for (const name of HANDOFF_NAMES) expect(readFileSync(path.join(outside, name), 'utf8')).toBe('victim');
  });
});

describeE2E('faults: hostile process environment', { root: true, tools: ['unshare', 'setpriv', 'mount'], paths: ['/sys/fs/cgroup/memory'] }, () => {
  const asUser = 'setpriv --reuid 65532 --regid 65532 --clear-groups';

  it('/proc/1 unreadable (PID 1 is root, we are uid 65532) → exit 0 degraded, PIDNS_PROC1_UNREADABLE, handoff written', async () => {
    chmodSync(dir, 0o777);
    chmodSync(work, 0o777);
    // sh stays PID 1 (a command followed by another is not exec'd), so /proc/1 is not ours.
    const wrap = ['unshare', '--pid', '--fork', '--mount-proc', 'sh', '-c', `${asUser} "$0" "$@"; exit $?`];
    const run = await runFault(runArgs(), { wrap });
    expectHandedOff(run, 0);
    expect(run.report!.checks.find((c) => c.id === 'pid-namespace')!.findings.map((f) => f.code)).toContain('PIDNS_PROC1_UNREADABLE');
    expect(run.report!.reasons).toContain('NS_LAST_PID_NOT_PERMITTED');
  });

  it('uid 65532, read-only root, no HOME → exit 0 degraded, files 0644 owned by 65532', async () => {
    chmodSync(work, 0o755);
    chownSync(dir, 65532, 65532);
    const setup = `mount --bind ${dir} ${dir} && mount -o remount,bind,ro / && touch /ro-probe 2>/dev/null; test ! -e /ro-probe`;
    const wrap = ['unshare', '--mount', '--pid', '--fork', '--mount-proc', ...inShell(setup), 'env', '-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', ...asUser.split(' ')];
    const run = await runFault(['run', '--handoff-dir', dir, '--output', 'json'], { wrap });
    expectHandedOff(run, 0);
    expect(run.report).toMatchObject({ verdict: 'degraded', reasons: ['NS_LAST_PID_NOT_PERMITTED'] });
    for (const name of ['preflight.env', 'preflight.json']) expect(statSync(path.join(dir, name))).toMatchObject({ uid: 65532, mode: 0o100644 });
  });

  it('a handoff dir the run may write but not read (0333, uid 65532) → exit 0, one whole generation', async () => {
    chmodSync(work, 0o755);
    chownSync(dir, 65532, 65532);
    chmodSync(dir, 0o333);
    const run = await runFault(['run', '--handoff-dir', dir, '--output', 'json'], { wrap: asUser.split(' ') });
    chmodSync(dir, 0o755);
    expectHandedOff(run, 0);
  });

  describe('a 32 MiB memory cgroup (v1)', () => {
    const cgroup = `/sys/fs/cgroup/memory/preflight-faults-${process.pid}`;
    beforeEach(() => {
      mkdirSync(cgroup);
      writeFileSync(path.join(cgroup, 'memory.limit_in_bytes'), String(32 * 1024 * 1024));
    });
    afterEach(() => removeCgroup(cgroup));

    it('→ exit 1 blocked by MEMORY_LIMIT_TOO_LOW with a report, not an OOM kill; handoff written', async () => {
      const run = await runFault(runArgs(), { wrap: [...inShell(`echo $$ > ${cgroup}/cgroup.procs`), ...SCENARIOS.pidns] });
      expectHandedOff(run, 1);
      expect(run.report).toMatchObject({ verdict: 'blocked', reasons: ['MEMORY_LIMIT_TOO_LOW'] });
      expect(readFileSync(path.join(cgroup, 'memory.oom_control'), 'utf8')).toMatch(/^oom_kill 0$/m);
      expect(existsSync(path.join(dir, FLAG))).toBe(false);
    });
  });

  it.each([24, 32])('ulimit -n %i → exit 0 with a report; descriptor exhaustion is a check error, never a crash', async (n) => {
    const run = await runFault(runArgs(), { wrap: [...inShell(`ulimit -n ${n}`), ...SCENARIOS.pidns] });
    expectHandedOff(run, 0);
    for (const c of run.report!.checks.filter((x) => x.status === 'error')) expect(c.findings.at(-1)!.message).toMatch(/EMFILE/);
  });

  it('ulimit -n 16 → node itself cannot start (its own thread pool); the exit code never reads as a verdict, nothing written', async () => {
    const run = await runFault(runArgs(), { wrap: inShell('ulimit -n 16') });
    expect([0, 1, 2]).not.toContain(run.exitCode);
    expect(run.report).toBeNull();
    expect(snapshot(dir)).toEqual(PREVIOUS);
  });
});

describeE2E('faults: usage errors → exit 2, one line, nothing written', { tools: ['sh'] }, () => {
  /** A zombie: its parent exec'd into sleep, which never reaps it. */
  async function zombiePid(): Promise<{ pid: number; stop: () => void }> {
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    for (let i = 0; i < 100 && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 20));
    return { pid, stop: () => parent.kill('SIGKILL') };
  }

  it.each([
    ['nothing selected', ['--only', 'kernel', '--skip', 'kernel'], /^init-preflight: --only\/--skip: no check is left to run \(see --help\)$/],
    ['empty --handoff-dir', ['--handoff-dir', ''], /^init-preflight: --handoff-dir: must not be empty/],
    ['empty --binary', ['--binary', ''], /^init-preflight: --binary: must not be empty/],
    ['empty --root', ['--root', ''], /^init-preflight: --root: must not be empty/],
    ['unknown --output', ['--output', 'xml'], /^init-preflight: --output: expected text or json, got "xml"/],
    ['control characters in a value', ['--min-kernel', 'x\ny\u001b[2J'], /^init-preflight: --min-kernel: expected a version like 5\.9 or 5\.15\.0, got "x\\ny\\u001b\[2J"/],
    ['a 100 KB value', ['--min-kernel', 'y'.repeat(100_000)], /got "y{80}… \(100000 characters\)" \(see --help\)$/],
    ['--pid of a kernel thread', ['--pid', '2'], /^init-preflight: --pid: 2 is a kernel thread, not an app's process/],
  ] as const)('%s', async (_label, extra, message) => {
    // The bad option comes last: a scalar given twice takes the last value.
    const run = await runFault(['run', '--handoff-dir', dir, '--termination-log', termLog, '--output', 'text', ...extra]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(message);
    expect(snapshot(dir)).toEqual(PREVIOUS);
    expect(existsSync(termLog)).toBe(false);
  });

  it('--pid of a zombie → exit 2', async () => {
    const z = await zombiePid();
    try {
      const run = await runFault(['check', '--pid', String(z.pid)]);
      expect(run.exitCode).toBe(2);
      expect(oneLine(run.stderr)).toBe(`init-preflight: --pid: process ${z.pid} has exited (a zombie not yet reaped): nothing to inspect (see --help)`);
    } finally {
      z.stop();
    }
  });

  it('repeated scalar options: the last wins', async () => {
    const run = await runFault(['check', '--timeout', '1', '--timeout', '5000', '--output', 'xml', '--output', 'json', '--only', 'kernel']);
    expect(run.exitCode).toBe(0);
    expect(run.report!.checks.find((c) => c.id === 'kernel')!.status).toBe('pass');
  });
});
