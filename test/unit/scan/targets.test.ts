import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src/scan/progress.js';
import { groupTargets } from '../../../src/scan/targets.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const UID = '0c1f2b7e-9d11-4f6c-1b0e-2d5e4c8a9a43';

describe('scan targets', () => {
  it('one per PID namespace, split by container, the lowest PID first', () => {
    const targets = groupTargets([
      { pid: 30, comm: 'sidecar', pidNamespace: 7, cgroupPaths: [`/kubepods/pod${UID}/${B}`] },
      { pid: 12, comm: 'sleep', pidNamespace: 7, cgroupPaths: [`/kubepods/pod${UID}/${A}`] },
      { pid: 10, comm: 'app', pidNamespace: 7, cgroupPaths: [`/kubepods/pod${UID}/${A}`] },
      { pid: 1, comm: 'init', pidNamespace: 1, cgroupPaths: ['/'] },
    ]);
    expect(targets).toEqual([
      { pidNamespace: 1, containerId: null, podUid: null, pids: [1], comm: 'init' },
      { pidNamespace: 7, containerId: A, podUid: UID, pids: [10, 12], comm: 'app' },
      { pidNamespace: 7, containerId: B, podUid: UID, pids: [30], comm: 'sidecar' },
    ]);
  });
});

describe('progress line', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { isTTY, out, write: (t: string) => out.push(t) };
  };

  it('only on a TTY and only after a second', () => {
    let now = 0;
    const tty = stream(true);
    const line = progressLine(tty, () => now);
    line.update(1, 5);
    now = 1500;
    line.update(2, 5);
    line.done();
    expect(tty.out).toEqual(['\rinit-preflight scan: 2/5 targets…', '\r\x1b[K']);
    const pipe = stream(false);
    const quiet = progressLine(pipe, () => now);
    now = 5000;
    quiet.update(1, 1);
    quiet.done();
    expect(pipe.out).toEqual([]);
  });
});
