// Options → ProbeContext: which /proc, /sys and filesystem the checks look at.
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { shown } from '../cli/echo.js';
import { UsageError, type Options } from '../cli/options.js';
import { hasExited, parseProcStat } from '../parse/proc-stat.js';
import { parseProcStatus, type ProcStatus } from '../parse/proc-status.js';
import { ok, type Result } from '../core/result.js';
import { procPidPath, type ProbeContext } from './context.js';
import { readKernelTextSync, readText, statPath } from './fs.js';
import { rootFs } from './root-fs.js';
import type { RunSignal } from '../core/abort.js';

// Reporting and the handoff need a little of the run's time budget after the checks: up to a
// quarter of a short one, so even --timeout 1 gives the checks a limit and the run a report.
const REPORT_RESERVE_MS = 250;

export function checkTimeLimit(timeoutMs: number): number {
  return timeoutMs - Math.min(REPORT_RESERVE_MS, Math.floor(timeoutMs / 4));
}

/**
 * Where the mount points of `<proc>/self/mountinfo` lie. On a live procfs `self` is this
 * process, whose mounts are paths in its own root, `/`, even under `--root /host` (a
 * `kubectl debug node` pod sees the node's cgroup mounts at /host/sys/fs/cgroup). In a fixture
 * tree, `self` is the tree's own account of the tool, and its paths are inside the tree.
 */
function toolRootOf(root: string, procRoot: string): string {
  try {
    return readlinkSync(path.join(procRoot, 'self')) === String(process.pid) ? '/' : root;
  } catch {
    return root;
  }
}

export function buildContext(options: Options, signal: RunSignal, env: NodeJS.ProcessEnv = process.env): ProbeContext {
  const root = path.resolve(options.root);
  const procRoot = path.join(root, 'proc');
  const pid = options.pid;
  const isSelf = root === '/' && (pid === 'self' || pid === process.pid);
  // Another process's filesystem is reachable through its /proc/<pid>/root link.
  const targetRoot = pid === 'self' ? root : path.join(procRoot, String(pid), 'root');
  const own = ownStatus();
  return {
    procRoot,
    sysRoot: path.join(root, 'sys'),
    targetRoot,
    root: rootFs(targetRoot),
    toolRoot: rootFs(toolRootOf(root, procRoot)),
    pid: isSelf ? 'self' : pid,
    isSelf,
    timeoutMs: checkTimeLimit(options.timeoutMs),
    allowWrite: options.checks.writeTest,
    options: options.checks,
    env,
    host: { arch: process.arch, endian: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'little' : 'big' },
    cpus: (own.ok ? own.value.cpusAllowed : null) ?? 1,
    // The checks of this process read the same status: they get this reading.
    procReads: new Map(isSelf ? [[procPidPath({ procRoot, pid: 'self' }, 'status'), Promise.resolve(own)]] : []),
    signal,
  };
}

let ownStatusRead: Result<ProcStatus> | undefined;

/**
 * This process's status, read once per process (scan builds a context per target). Its
 * Cpus_allowed_list is the sched_getaffinity mask os.availableParallelism() counts, read here
 * because loading node:os costs every start-up ~0.5 ms; 1 CPU when there is no /proc to read
 * (the checks then say what they could not read).
 */
function ownStatus(): Result<ProcStatus> {
  if (ownStatusRead === undefined) {
    const read = readKernelTextSync('/proc/self/status');
    ownStatusRead = read.ok ? ok(parseProcStatus(read.value)) : read;
  }
  return ownStatusRead;
}

async function isDirectory(dir: string): Promise<boolean> {
  return statPath(path.resolve(dir)).then((s) => s.isDirectory(), () => false);
}

/**
 * A zombie has exited and a kernel thread has no filesystem, cgroup limits or binary of an app:
 * either would be inspected as an empty process and judged. An unreadable stat is left to the
 * checks, which say what they could not read.
 */
async function assertInspectable(proc: string, pid: number): Promise<void> {
  const read = await readText(path.join(proc, 'stat'));
  const stat = read.ok ? parseProcStat(read.value) : null;
  if (stat && hasExited(stat)) throw new UsageError(`--pid: process ${pid} has exited (a zombie not yet reaped): nothing to inspect`);
  if (stat?.kernelThread) throw new UsageError(`--pid: ${pid} is a kernel thread, not an app's process`);
}

/** A --root or --pid that is not there (or not a process) is the caller's mistake (exit 2), not a finding. */
export async function assertTargetExists(options: Options): Promise<void> {
  if (!(await isDirectory(options.root))) throw new UsageError(`--root: ${shown(options.root)} is not a directory`);
  if (options.pid === 'self') return;
  const proc = path.join(options.root, 'proc', String(options.pid));
  if (!(await isDirectory(proc))) throw new UsageError(`--pid: no process ${options.pid} (${shown(proc)} does not exist)`);
  await assertInspectable(proc, options.pid);
}
