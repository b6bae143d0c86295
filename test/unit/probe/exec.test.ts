import { describe, expect, it } from 'vitest';
import { execToEnd } from '../../../src/probe/exec.js';

const opts = (timeoutMs = 5000, signal = new AbortController().signal) => ({ timeoutMs, signal, env: { LC_ALL: 'C' } });

describe('execToEnd', () => {
  it('an exit code, zero or not, with the output', async () => {
    expect(await execToEnd('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], opts())).toEqual({ kind: 'exited', code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(await execToEnd('/bin/sh', ['-c', 'exit 0'], opts())).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('passes only the given environment', async () => {
    expect(await execToEnd('/bin/sh', ['-c', 'echo "$LC_ALL:$HOME"'], opts())).toMatchObject({ stdout: 'C:\n' });
  });

  it('a signal, a time-out and an abort are outcomes, not exceptions', async () => {
    expect(await execToEnd('/bin/sh', ['-c', 'kill -TERM $$'], opts())).toEqual({ kind: 'signalled', signal: 'SIGTERM', stderr: '' });
    expect(await execToEnd('/bin/sleep', ['5'], opts(100))).toEqual({ kind: 'timed-out' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await execToEnd('/bin/sleep', ['5'], opts(5000, controller.signal))).toEqual({ kind: 'aborted' });
  });

  it('spawn errors carry their errno', async () => {
    expect(await execToEnd('/nonexistent/tool', [], opts())).toMatchObject({ kind: 'spawn-failed', errno: 'ENOENT' });
    // /proc/version has no execute bit: even root gets EACCES.
    expect(await execToEnd('/proc/version', [], opts())).toMatchObject({ kind: 'spawn-failed', errno: 'EACCES' });
  });
});
