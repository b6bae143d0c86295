// ProbeContext: where a check reads from and what it may do. Probes do all I/O through it, so
// the same check runs against the live system, another PID (node level) or a fixture tree.
import path from 'node:path';
import type { HostArch } from '../binary/format/elf-machine.js';
import type { RootFs } from './root-fs.js';
import type { RunSignal } from '../core/abort.js';

export interface CheckOptions {
  minKernel: string;
  writeTest: boolean;
  binary?: string;
  minMemoryBytes: number;
  minCpuMillicores: number;
  /** Smallest pids.max accepted; undefined = GOMAXPROCS + a margin (cgroup-pids). */
  minPids?: number;
  appMemoryLimitBytes?: number;
  appCpuMillicores?: number;
}

export interface ProbeContext {
  /** Directory that holds procfs: `/proc`, `/host/proc` or a fixture's `proc`. */
  procRoot: string;
  /** Directory that holds sysfs. */
  sysRoot: string;
  /** The filesystem the app runs in: `/`, `--root`, or `/proc/<pid>/root`. */
  targetRoot: string;
  /** Reads inside `targetRoot`, with symlinks confined to it. */
  root: RootFs;
  /**
   * The filesystem the tool's own mount table refers to (`/` on a live /proc, the tree for a
   * fixture under `--root`). At node level (`--pid`) the cgroup
   * checks read the target's cgroup through the node's own cgroup mounts here, which show every
   * ancestor; the target's own mounts may show only its cgroup.
   */
  toolRoot: RootFs;
  /** The process inspected. `self` is this process; a number is another process (node level). */
  pid: 'self' | number;
  /** True when the target is this process on the live /proc, so write tests act on it. */
  isSelf: boolean;
  timeoutMs: number;
  /** Write tests are allowed (the caller did not pass --no-write-test). */
  allowWrite: boolean;
  options: CheckOptions;
  /** This process's environment (PATH, LD_LIBRARY_PATH …): a probe never reads process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** The machine the tool runs on: an app's ELF must be for it. */
  host: HostArch;
  /** Online CPUs of the machine: Go's GOMAXPROCS when no CPU limit says otherwise. */
  cpus: number;
  signal: RunSignal;
  /**
   * scan: the PID namespace of every process in this /proc view, read once for all targets, so a
   * check that looks for a namespace's processes does not list /proc again for each one.
   */
  pidNamespaces?: ReadonlyMap<number, number>;
  /** This run's reads of /proc entries that stay the same while it runs (probe/proc.ts). */
  procReads: ProcReads;
}

export type ProcReads = Map<string, Promise<unknown>>;

/** A path inside /proc/<pid> of the target. */
export function procPidPath(ctx: Pick<ProbeContext, 'procRoot' | 'pid'>, ...parts: string[]): string {
  return path.join(ctx.procRoot, String(ctx.pid), ...parts);
}
