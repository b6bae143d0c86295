import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execThroughChildProcess, execThroughHandles, execToEnd, processHandles, type ExecOutcome, type Handles } from '../../../src/probe/exec.js';

const opts = (timeoutMs = 5000, signal = new AbortController().signal) => ({ timeoutMs, signal, env: { LC_ALL: 'C' } });
const handles = processHandles();

type Exec = (file: string, args: string[], timeoutMs?: number, signal?: AbortSignal) => Promise<ExecOutcome | null>;

// Both paths must give the same outcome for the same program: which one ran is not the caller's business.
const PATHS: [string, Exec][] = [
  ['node\'s process handles', (file, args, t, signal) => execThroughHandles(handles!, file, args, opts(t, signal))],
  ['node:child_process', (file, args, t, signal) => execThroughChildProcess(file, args, opts(t, signal))],
];

describe('this node has the process handles', () => {
  it('process_wrap and pipe_wrap, of the shape execToEnd uses', () => {
    expect(handles).not.toBeNull();
  });
});

describe.each(PATHS)('through %s', (_, exec) => {
  it('an exit code, zero or not, with the output', async () => {
    expect(await exec('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ kind: 'exited', code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(await exec('/bin/sh', ['-c', 'exit 0'])).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('passes only the given environment, and an input that has ended', async () => {
    expect(await exec('/bin/sh', ['-c', 'echo "$LC_ALL:$HOME"'])).toMatchObject({ stdout: 'C:\n' });
    expect(await exec('/bin/sh', ['-c', 'cat; echo read'])).toMatchObject({ kind: 'exited', code: 0, stdout: 'read\n' });
  });

  it('a signal, a time-out and an abort are outcomes, not exceptions', async () => {
    expect(await exec('/bin/sh', ['-c', 'kill -TERM $$'])).toEqual({ kind: 'signalled', signal: 'SIGTERM', stderr: '' });
    const start = Date.now();
    expect(await exec('/bin/sleep', ['5'], 100)).toEqual({ kind: 'timed-out' });
    expect(Date.now() - start).toBeLessThan(2000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await exec('/bin/sleep', ['5'], 5000, controller.signal)).toEqual({ kind: 'aborted' });
  });

  it('spawn errors carry their errno', async () => {
    expect(await exec('/nonexistent/tool', [])).toMatchObject({ kind: 'spawn-failed', errno: 'ENOENT', message: 'spawn /nonexistent/tool ENOENT' });
    // /proc/version has no execute bit: even root gets EACCES.
    expect(await exec('/proc/version', [])).toMatchObject({ kind: 'spawn-failed', errno: 'EACCES' });
  });
});

describe('execToEnd', () => {
  it('answers an abort before the start without running anything', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await execToEnd('/bin/sh', ['-c', 'exit 0'], opts(5000, controller.signal))).toEqual({ kind: 'aborted' });
  });

  it('runs the program through the handles when they work', async () => {
    expect(await execToEnd('/bin/sh', ['-c', 'echo $$; exit 4'], opts())).toMatchObject({ kind: 'exited', code: 4 });
  });
});

describe('where the handles do not keep their contract, nothing is answered (child_process runs it instead)', () => {
  it('a spawn that throws', async () => {
    const broken: Handles = { ...handles!, Process: class { onexit = () => undefined; spawn(): number { throw new TypeError('new contract'); } kill = () => 0; close = () => undefined; } };
    expect(await execThroughHandles(broken, '/bin/true', [], opts())).toBeNull();
  });

  it('pipes without a descriptor to read: the program is stopped', async () => {
    const RealPipe = handles!.Pipe;
    const NoFd = class extends (RealPipe as unknown as new (type: number) => object) {
      get fd(): number {
        return -1;
      }
    } as unknown as Handles['Pipe'];
    const start = Date.now();
    expect(await execThroughHandles({ ...handles!, Pipe: NoFd }, '/bin/sleep', ['5'], opts())).toBeNull();
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('pipes whose output cannot be read after the exit (EISDIR here, not EAGAIN)', async () => {
    const dir = openSync('/', 'r');
    try {
      const RealPipe = handles!.Pipe;
      const Unreadable = class extends (RealPipe as unknown as new (type: number) => object) {
        get fd(): number {
          return dir;
        }
      } as unknown as Handles['Pipe'];
      expect(await execThroughHandles({ ...handles!, Pipe: Unreadable }, '/bin/true', [], opts())).toBeNull();
    } finally {
      closeSync(dir);
    }
  });
});
