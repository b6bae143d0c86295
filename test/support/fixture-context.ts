// A ProbeContext over a fixture tree (or any directory laid out like a root: proc/, sys/, the
// app's files), for running a check in-process. Overrides set what a test varies.
import path from 'node:path';
import type { CheckOptions, ProbeContext } from '../../src/probe/context.js';
import { rootFs } from '../../src/probe/root-fs.js';

export const DEFAULT_CHECK_OPTIONS: CheckOptions = {
  minKernel: '4.15',
  writeTest: false,
  minMemoryBytes: 128 * 2 ** 20,
  minCpuMillicores: 100,
};

export type ContextOverrides = Partial<Omit<ProbeContext, 'options'>> & { options?: Partial<CheckOptions> };

/** `dir` plays the root: /proc is `dir/proc`, /sys is `dir/sys`, the app's files are below `dir`. */
export function fixtureContext(dir: string, overrides: ContextOverrides = {}): ProbeContext {
  const root = path.resolve(dir);
  const { options, ...rest } = overrides;
  const targetRoot = rest.targetRoot ?? root;
  return {
    procRoot: path.join(root, 'proc'),
    sysRoot: path.join(root, 'sys'),
    targetRoot,
    root: rootFs(targetRoot),
    toolRoot: rootFs(root),
    pid: 'self',
    // A fixture is never this process: write tests must not touch the live /proc.
    isSelf: false,
    timeoutMs: 5000,
    allowWrite: false,
    env: {},
    host: { arch: 'x64', endian: 'little' },
    cpus: 4,
    procReads: new Map(),
    signal: new AbortController().signal,
    ...rest,
    options: { ...DEFAULT_CHECK_OPTIONS, ...options },
  };
}

/** Overrides for a check run on the node against `pid` (--pid): its root is proc/<pid>/root of the tree. */
export function nodeLevel(dir: string, pid: number, overrides: ContextOverrides = {}): ContextOverrides {
  const targetRoot = path.join(path.resolve(dir), 'proc', String(pid), 'root');
  return { pid, targetRoot, root: rootFs(targetRoot), ...overrides };
}
