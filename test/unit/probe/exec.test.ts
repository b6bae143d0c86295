import { describe, expect, it } from 'vitest';
import { execAsynchronously, execSynchronously, execToEnd, SYNC_BUDGET_MS, type ExecOutcome } from '../../../src/probe/exec.js';

const opts = (timeoutMs = 5000, signal = new AbortController().signal) => ({ timeoutMs, signal, env: { LC_ALL: 'C' } });

// Both paths must give the same outcome for the same program: which one ran is not the caller's business.
const PATHS: [string, (file: string, args: string[], timeoutMs?: number) => Promise<ExecOutcome | null>][] = [
  ['synchronous', async (file, args, timeoutMs = 5000) => execSynchronously(file, args, { LC_ALL: 'C' }, timeoutMs)],
  ['asynchronous', (file, args, timeoutMs) => execAsynchronously(file, args, opts(timeoutMs))],
];

describe.each(PATHS)('the %s path', (_, exec) => {
  it('an exit code, zero or not, with the output', async () => {
    expect(await exec('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ kind: 'exited', code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(await exec('/bin/sh', ['-c', 'exit 0'])).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('passes only the given environment', async () => {
    expect(await exec('/bin/sh', ['-c', 'echo "$LC_ALL:$HOME"'])).toMatchObject({ stdout: 'C:\n' });
  });

  it('a signal and a time-out are outcomes, not exceptions', async () => {
    expect(await exec('/bin/sh', ['-c', 'kill -TERM $$'])).toEqual({ kind: 'signalled', signal: 'SIGTERM', stderr: '' });
    expect(await exec('/bin/sleep', ['5'], 100)).toEqual({ kind: 'timed-out' });
  });

  it('spawn errors carry their errno', async () => {
    expect(await exec('/nonexistent/tool', [])).toMatchObject({ kind: 'spawn-failed', errno: 'ENOENT', message: 'spawn /nonexistent/tool ENOENT' });
    // /proc/version has no execute bit: even root gets EACCES.
    expect(await exec('/proc/version', [])).toMatchObject({ kind: 'spawn-failed', errno: 'EACCES' });
  });
});

describe('execToEnd', () => {
  it('answers synchronously when the program ends within the budget', async () => {
    const start = Date.now();
    expect(await execToEnd('/bin/sh', ['-c', 'exit 4'], opts())).toMatchObject({ kind: 'exited', code: 4 });
    expect(Date.now() - start).toBeLessThan(SYNC_BUDGET_MS);
  });

  it('runs a program slower than the budget again, asynchronously, within the time limit', async () => {
    const start = Date.now();
    expect(await execToEnd('/bin/sh', ['-c', `sleep ${(SYNC_BUDGET_MS + 150) / 1000}; exit 5`], opts())).toMatchObject({ kind: 'exited', code: 5 });
    expect(Date.now() - start).toBeGreaterThan(SYNC_BUDGET_MS + 150);
    // The time limit covers both attempts.
    const limited = Date.now();
    expect(await execToEnd('/bin/sleep', ['5'], opts(SYNC_BUDGET_MS + 100))).toEqual({ kind: 'timed-out' });
    expect(Date.now() - limited).toBeLessThan(SYNC_BUDGET_MS + 400);
  });

  it('a limit shorter than the budget leaves the event loop free: a timer set before fires in time', async () => {
    let fired = 0;
    const start = Date.now();
    setTimeout(() => (fired = Date.now() - start), 20);
    expect(await execToEnd('/bin/sleep', ['5'], opts(SYNC_BUDGET_MS - 50))).toEqual({ kind: 'timed-out' });
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThan(SYNC_BUDGET_MS - 50);
  });

  it('an abort is an outcome: before the start, and while the asynchronous attempt runs', async () => {
    const before = new AbortController();
    before.abort();
    expect(await execToEnd('/bin/sleep', ['5'], opts(5000, before.signal))).toEqual({ kind: 'aborted' });
    const later = new AbortController();
    setTimeout(() => later.abort(), SYNC_BUDGET_MS + 100);
    expect(await execToEnd('/bin/sleep', ['5'], opts(5000, later.signal))).toEqual({ kind: 'aborted' });
  });

});
