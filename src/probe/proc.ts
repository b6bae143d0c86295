// Per-process and kernel entries of the target's /proc view, parsed, with errors as data.
import path from 'node:path';
import { failure, failureFrom, ok, type Result } from '../core/result.js';
import { parseNamespaceLink } from '../parse/ns-link.js';
import { parseProcStatus, type ProcStatus } from '../parse/proc-status.js';
import type { ProbeContext } from './context.js';
import { procPidPath } from './context.js';
import { listDirectory, readLinkText, readText } from './fs.js';

type ProcView = Pick<ProbeContext, 'procRoot'>;

export async function readStatus(procRoot: string, pid: 'self' | number): Promise<Result<ProcStatus>> {
  const read = await readText(procPidPath({ procRoot, pid }, 'status'));
  return read.ok ? ok(parseProcStatus(read.value)) : read;
}

/** The inode of /proc/<pid>/ns/<type>, or the errno that stopped us reading it. */
export async function readNamespaceInode(procRoot: string, pid: 'self' | number, type: string): Promise<Result<number>> {
  const link = await readLinkText(procPidPath({ procRoot, pid }, 'ns', type));
  if (!link.ok) return link;
  const inode = parseNamespaceLink(link.value, type);
  return inode === null ? failure('malformed', `unexpected link text "${link.value}"`) : ok(inode);
}

// Bounds the scan so a huge or hostile /proc cannot make a check slow.
const MAX_PIDS_SCANNED = 65536;

/** The numeric PIDs listed in a /proc view. */
export async function listPids(procRoot: string): Promise<Result<number[]>> {
  try {
    const names = await listDirectory(procRoot);
    return ok(names.filter((n) => /^\d+$/.test(n)).slice(0, MAX_PIDS_SCANNED).map(Number));
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
