// Options → ProbeContext: which /proc, /sys and filesystem the checks look at.
import { stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { UsageError, type Options } from '../cli/options.js';
import type { ProbeContext } from './context.js';
import { rootFs } from './root-fs.js';

// Reporting and the handoff need a little of the run's time budget after the checks.
const REPORT_RESERVE_MS = 250;

export function buildContext(options: Options, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): ProbeContext {
  const root = path.resolve(options.root);
  const procRoot = path.join(root, 'proc');
  const pid = options.pid;
  const isSelf = root === '/' && (pid === 'self' || pid === process.pid);
  // Another process's filesystem is reachable through its /proc/<pid>/root link.
  const targetRoot = pid === 'self' ? root : path.join(procRoot, String(pid), 'root');
  return {
    procRoot,
    sysRoot: path.join(root, 'sys'),
    targetRoot,
    root: rootFs(targetRoot),
    pid: isSelf ? 'self' : pid,
    isSelf,
    timeoutMs: Math.max(50, options.timeoutMs - REPORT_RESERVE_MS),
    allowWrite: options.checks.writeTest,
    options: options.checks,
    env,
    host: { arch: process.arch, endian: endianness() === 'LE' ? 'little' : 'big' },
    signal,
  };
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then((s) => s.isDirectory(), () => false);
}

/** A --root or --pid that is not there is the caller's mistake (exit 2), not a finding. */
export async function assertTargetExists(options: Options): Promise<void> {
  if (!(await isDirectory(options.root))) throw new UsageError(`--root: ${options.root} is not a directory`);
  const proc = path.join(options.root, 'proc', String(options.pid));
  if (options.pid !== 'self' && !(await isDirectory(proc))) throw new UsageError(`--pid: no process ${options.pid} (${proc} does not exist)`);
}
