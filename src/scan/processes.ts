// Every process in a /proc view, with what scan groups them by: the PID namespace, the name, and
// the cgroup paths that carry the pod identity. A process that exits meanwhile or that we may
// not read is counted, never fatal.
import { procPidPath } from '../probe/context.js';
import { readText } from '../probe/fs.js';
import { listPids, readNamespaceInode } from '../probe/proc.js';
import { parseProcCgroup } from '../parse/proc-cgroup.js';
import type { Result } from '../core/result.js';
import { mapBounded } from './bounded.js';

export interface ProcessInfo {
  pid: number;
  comm: string;
  pidNamespace: number;
  /** The process's cgroup paths, v2 entry first. */
  cgroupPaths: string[];
}

export interface ProcessCensus {
  listed: number;
  processes: ProcessInfo[];
  /** Gone between the directory listing and the reads (ENOENT, ESRCH). */
  vanished: number;
  /** Not readable by us, by errno (EACCES when not root or without CAP_SYS_PTRACE). */
  unreadable: Record<string, number>;
}

type Read = { ok: true; info: ProcessInfo } | { ok: false; code: string };

const GONE = new Set(['ENOENT', 'ESRCH']);

function firstFailure(...results: Result<unknown>[]): string | null {
  for (const r of results) if (!r.ok) return r.code;
  return null;
}

async function readProcess(procRoot: string, pid: number): Promise<Read> {
  const [ns, comm, cgroup] = await Promise.all([
    readNamespaceInode({ procRoot }, pid, 'pid'),
    readText(procPidPath({ procRoot, pid }, 'comm')),
    readText(procPidPath({ procRoot, pid }, 'cgroup')),
  ]);
  if (!ns.ok || !comm.ok || !cgroup.ok) return { ok: false, code: firstFailure(ns, comm, cgroup)! };
  const entries = parseProcCgroup(cgroup.value).sort((a, b) => a.hierarchyId - b.hierarchyId);
  return { ok: true, info: { pid, comm: comm.value.trim(), pidNamespace: ns.value, cgroupPaths: entries.map((e) => e.path) } };
}

// Enough parallel reads to keep the thread pool busy, few enough to stay small in memory.
const IN_FLIGHT = 64;

export async function census(procRoot: string): Promise<Result<ProcessCensus>> {
  const pids = await listPids(procRoot);
  if (!pids.ok) return pids;
  const reads = await mapBounded(pids.value, IN_FLIGHT, (pid) => readProcess(procRoot, pid));
  const result: ProcessCensus = { listed: pids.value.length, processes: [], vanished: 0, unreadable: {} };
  for (const r of reads) {
    if (r.ok) result.processes.push(r.info);
    else if (GONE.has(r.code)) result.vanished++;
    else result.unreadable[r.code] = (result.unreadable[r.code] ?? 0) + 1;
  }
  return { ok: true, value: result };
}
