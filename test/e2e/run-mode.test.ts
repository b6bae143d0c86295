import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeE2E, runCli, runJson } from '../support/e2e.js';
import { readOnlyDir, SCENARIOS } from './scenarios.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'preflight-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const handoffArgs = () => ['run', '--handoff-dir', path.join(dir, 'shared'), '--termination-log', path.join(dir, 'termination-log')];
const read = (name: string) => readFile(path.join(dir, 'shared', name), 'utf8');

describeE2E('run mode: handoff files and termination message', { root: true, tools: ['unshare', 'setpriv'] }, () => {
  beforeEach(() => execFileSync('mkdir', [path.join(dir, 'shared')]));

  it('degraded (/proc/sys read-only): flag, env, json and termination message', async () => {
    const { run, report } = await runJson(handoffArgs(), { wrap: SCENARIOS.procSysReadOnly });
    expect(run.exitCode).toBe(0);
    expect(report.handoff).toMatchObject({ flagWritten: true, error: null });
    expect(await read('disable_pid_ns')).toBe('NS_LAST_PID_READ_ONLY\n');
    expect(await read('preflight.env')).toBe(`PREFLIGHT_VERDICT='degraded'\nPREFLIGHT_DISABLE_PID_NS='1'\nPREFLIGHT_REASONS='NS_LAST_PID_READ_ONLY'\nPREFLIGHT_GENERATION='${report.handoff!.generation}'\n`);
    const saved = JSON.parse(await read('preflight.json'));
    expect(saved).toMatchObject({ schemaVersion: 1, verdict: 'degraded', handoff: { flagWritten: true, generation: report.handoff!.generation } });
    expect(await readFile(path.join(dir, 'termination-log'), 'utf8')).toMatch(/^init-preflight degraded \(exit 0\)\nNS_LAST_PID_READ_ONLY: /);
    expect((await readdir(path.join(dir, 'shared'))).sort()).toEqual(['disable_pid_ns', 'preflight.env', 'preflight.json']);
  });

  it('a later ready run removes the stale flag', async () => {
    await runJson(handoffArgs(), { wrap: SCENARIOS.procSysReadOnly });
    const { run, report } = await runJson(handoffArgs(), { wrap: SCENARIOS.pidns });
    expect(run.exitCode).toBe(0);
    expect(report).toMatchObject({ verdict: 'ready', handoff: { flagWritten: false, flagRemoved: true } });
    expect(existsSync(path.join(dir, 'shared', 'disable_pid_ns'))).toBe(false);
    expect(await read('preflight.env')).toContain("PREFLIGHT_DISABLE_PID_NS='0'");
  });

  it('--flag-name and PREFLIGHT_* configuration', async () => {
    const { report } = await runJson(['run'], {
      wrap: SCENARIOS.noCaps,
      env: { PREFLIGHT_HANDOFF_DIR: path.join(dir, 'shared'), PREFLIGHT_FLAG_NAME: 'no_pidns' },
    });
    expect(report.verdict).toBe('degraded');
    expect(await read('no_pidns')).toBe('NS_LAST_PID_NOT_PERMITTED\n');
  });

  it('missing handoff dir → HANDOFF_UNWRITABLE, blocked, exit 1, termination message says so', async () => {
    const args = ['run', '--handoff-dir', path.join(dir, 'absent'), '--termination-log', path.join(dir, 'termination-log')];
    const { run, report } = await runJson(args, { wrap: SCENARIOS.pidns });
    expect(run.exitCode).toBe(1);
    expect(report).toMatchObject({ verdict: 'blocked', reasons: ['HANDOFF_UNWRITABLE'] });
    expect(report.handoff?.error).toMatch(/^ENOENT/);
    expect(await readFile(path.join(dir, 'termination-log'), 'utf8')).toMatch(/^init-preflight blocked \(exit 1\)\nHANDOFF_UNWRITABLE: /);
  });

  it('read-only handoff dir → HANDOFF_UNWRITABLE (EROFS), exit 1', async () => {
    const shared = path.join(dir, 'shared');
    const { run, report } = await runJson(['run', '--handoff-dir', shared], { wrap: readOnlyDir(shared) });
    expect(run.exitCode).toBe(1);
    expect(report.reasons).toContain('HANDOFF_UNWRITABLE');
    expect(report.handoff?.error).toMatch(/^EROFS/);
    expect(await readdir(shared)).toEqual([]);
  });

  it('check never writes', async () => {
    const { run } = await runJson(['check', '--handoff-dir', path.join(dir, 'shared'), '--termination-log', path.join(dir, 'termination-log')], { wrap: SCENARIOS.procSysReadOnly });
    expect(run.exitCode).toBe(0);
    expect(await readdir(dir)).toEqual(['shared']);
    expect(await readdir(path.join(dir, 'shared'))).toEqual([]);
  });

  it('the default termination log is only written where the kubelet created it', async () => {
    const log = path.join(dir, 'termination-log');
    const { run } = await runJson(['run', '--handoff-dir', path.join(dir, 'shared')], { wrap: SCENARIOS.pidns });
    expect(run.exitCode).toBe(0);
    expect(existsSync(log)).toBe(false);
  });
});

describeE2E('usage errors: exit 2, one line, no stack', {}, () => {
  it.each([
    [['check', '--bogus'], /Unknown argument: bogus/],
    [['check', '--severity', 'PIDNS_HOST'], /--severity: expected CODE=level/],
    [['check', '--min-kernel', 'abc'], /--min-kernel/],
    [['explain', 'NOT_A_CODE'], /unknown finding code/],
    [['check', '--pid', '999999999'], /--pid: no process 999999999/],
    [['check', '--root', '/nonexistent'], /--root: \/nonexistent is not a directory/],
    [['run', '--only', ','], /--only: names no check/],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a PREFLIGHT_ variable with a typo is named', async () => {
    const run = await runCli(['check'], { env: { PREFLIGHT_HANDOF_DIR: '/x' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/PREFLIGHT_HANDOF_DIR/);
  });
});

describeE2E('never hang', { tools: ['mkfifo'] }, () => {
  it('a FIFO planted in a --root tree gives an error result, not a hang', async () => {
    const root = path.join(dir, 'root');
    execFileSync('mkdir', ['-p', path.join(root, 'proc/sys/kernel')]);
    execFileSync('mkfifo', [path.join(root, 'proc/sys/kernel/osrelease')]);
    const started = Date.now();
    const { run, report } = await runJson(['check', '--root', root, '--only', 'kernel', '--timeout', '1000']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.exitCode).toBe(0);
    expect(report.checks.find((c) => c.id === 'kernel')).toMatchObject({
      status: 'error',
      findings: [{ code: 'KERNEL_CHECK_ERROR', severity: 'warn' }],
    });
  });

  it('explain lists every code and explains one', async () => {
    const list = await runCli(['explain']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^NS_LAST_PID_READ_ONLY\s+degrade\s+/m);
    expect(list.stdout).toMatch(/^HANDOFF_UNWRITABLE\s+fail\s+/m);
    const one = await runCli(['explain', 'ns_last_pid_read_only']);
    expect(one.stdout).toMatch(/cause and evidence:[\s\S]*remedy:/);
  });
});
