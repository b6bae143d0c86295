// Reads per-process /proc entries of the target view, turning errors into nulls where a check
// can go on without them.
import { readdir } from 'node:fs/promises';
import { procPidPath, readLinkText, readText, type FsResult } from './context.js';
import { parseNamespaceLink } from './parse/ns-link.js';
import { parseProcStatus, type ProcStatus } from './parse/proc-status.js';

export async function readStatus(procRoot: string, pid: 'self' | number): Promise<FsResult<ProcStatus>> {
  const read = await readText(procPidPath({ procRoot, pid }, 'status'));
  return read.ok ? { ok: true, value: parseProcStatus(read.value) } : read;
}

/** The inode of /proc/<pid>/ns/<type>, or the errno that stopped us reading it. */
export async function readNamespaceInode(
  procRoot: string,
  pid: 'self' | number,
  type: string,
): Promise<FsResult<number>> {
  const link = await readLinkText(procPidPath({ procRoot, pid }, 'ns', type));
  if (!link.ok) return link;
  const inode = parseNamespaceLink(link.value, type);
  return inode === null ? { ok: false, errno: 'EINVAL', message: `unexpected link text "${link.value}"` } : { ok: true, value: inode };
}

// Bounds the scan so a huge or hostile /proc cannot make a check slow.
const MAX_PIDS_SCANNED = 65536;

/** The numeric PIDs listed in a /proc view. */
export async function listPids(procRoot: string): Promise<number[]> {
  try {
    const names = await readdir(procRoot);
    return names.filter((n) => /^\d+$/.test(n)).slice(0, MAX_PIDS_SCANNED).map(Number);
  } catch {
    return [];
  }
}
