// Per-process and kernel entries of the target's /proc view, parsed, with errors as data.
import path from 'node:path';
import { memoized } from '../core/memo.js';
import { failure, failureFrom, ok, type Result } from '../core/result.js';
import { parseNamespaceLink } from '../parse/ns-link.js';
import { parseProcStatus, type ProcStatus } from '../parse/proc-status.js';
import type { ProbeContext } from './context.js';
import { procPidPath } from './context.js';
import { listDirectory, readLinkText, readText } from './fs.js';
import { isDigits } from '../parse/text.js';

type ProcView = Pick<ProbeContext, 'procRoot'> & Partial<Pick<ProbeContext, 'procReads'>>;

/**
 * One read per run of an entry that stays the same while the checks run: several checks ask
 * for the same status, namespace links, mountinfo and cgroup file, and every read and parse is
 * paid by every pod's start-up. Without a run's memo (the handoff's lock holder), a fresh read.
 */
function once<T>(ctx: ProcView, file: string, read: (file: string) => Promise<T>): Promise<T> {
  return ctx.procReads ? (memoized(ctx.procReads, file, () => read(file)) as Promise<T>) : read(file);
}

export function readStatus(ctx: ProcView, pid: 'self' | number): Promise<Result<ProcStatus>> {
  return once(ctx, procPidPath({ procRoot: ctx.procRoot, pid }, 'status'), async (file) => {
    const read = await readText(file);
    return read.ok ? ok(parseProcStatus(read.value)) : read;
  });
}

/** The inode of /proc/<pid>/ns/<type>, or the errno that stopped us reading it. */
export function readNamespaceInode(ctx: ProcView, pid: 'self' | number, type: string): Promise<Result<number>> {
  return once(ctx, procPidPath({ procRoot: ctx.procRoot, pid }, 'ns', type), async (file) => {
    const link = await readLinkText(file);
    if (!link.ok) return link;
    const inode = parseNamespaceLink(link.value, type);
    return inode === null ? failure('malformed', `unexpected link text "${link.value}"`) : ok(inode);
  });
}

/** /proc/<pid>/<name> as text (mountinfo, cgroup), once per run. */
export function readProcText(ctx: ProcView, pid: 'self' | number, name: string): Promise<Result<string>> {
  return once(ctx, procPidPath({ procRoot: ctx.procRoot, pid }, name), readText);
}

// Bounds the scan so a huge or hostile /proc cannot make a check slow.
const MAX_PIDS_SCANNED = 65536;

/** The numeric PIDs listed in a /proc view. */
export async function listPids(procRoot: string): Promise<Result<number[]>> {
  try {
    const names = await listDirectory(procRoot);
    return ok(names.filter((n) => isDigits(n)).slice(0, MAX_PIDS_SCANNED).map(Number));
  } catch (err) {
    return failureFrom(err);
  }
}

/** The target kernel's release string, read through the probe's /proc (fixtures have their own). */
export async function readKernelRelease(ctx: ProcView): Promise<Result<string>> {
  const read = await readText(path.join(ctx.procRoot, 'sys/kernel/osrelease'));
  return read.ok ? ok(read.value.trim()) : read;
}

/**
 * The kernel's banner (/proc/version) and, on Ubuntu, /proc/version_signature after it: where a
 * distribution names the upstream version its release string hides. Missing files read as empty.
 */
export async function readKernelBanner(ctx: ProcView): Promise<Result<string>> {
  const read = (name: string) => readText(path.join(ctx.procRoot, name));
  const [version, signature] = await Promise.all([read('version'), read('version_signature')]);
  if (!version.ok && version.code !== 'ENOENT') return version;
  const text = (r: Result<string>) => (r.ok ? r.value : '');
  return ok(`${text(version)}\n${text(signature)}`);
}
