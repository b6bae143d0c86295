// ProbeContext: where a check reads from and what it may do. Probes do all I/O through it, so
// the same check runs against the live system, another PID (node level) or a fixture tree.
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import path from 'node:path';

export interface CheckOptions {
  minKernel: string;
  writeTest: boolean;
  binary?: string;
  minMemoryBytes: number;
  minCpuMillicores: number;
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
  /** The process inspected. `self` is this process; a number is another process (node level). */
  pid: 'self' | number;
  /** True when the target is this process on the live /proc, so write tests act on it. */
  isSelf: boolean;
  timeoutMs: number;
  /** Write tests are allowed (the caller did not pass --no-write-test). */
  allowWrite: boolean;
  options: CheckOptions;
  signal: AbortSignal;
}

/** A path inside /proc/<pid> of the target. */
export function procPidPath(ctx: Pick<ProbeContext, 'procRoot' | 'pid'>, ...parts: string[]): string {
  return path.join(ctx.procRoot, String(ctx.pid), ...parts);
}

export type FsResult<T> = { ok: true; value: T } | { ok: false; errno: string; message: string };

/** The errno name of a Node fs error (`ENOENT`, `EACCES` …), or `EUNKNOWN`. */
export function errnoOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

function failure(err: unknown): { ok: false; errno: string; message: string } {
  return { ok: false, errno: errnoOf(err), message: err instanceof Error ? err.message : String(err) };
}

// /proc and /sys files are small; the cap keeps a hostile or wrong --root from costing memory.
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

// O_NONBLOCK: a FIFO planted where a /proc file should be (a hostile --root) must not block the
// open: a thread-pool thread stuck there would even keep the process from exiting.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Reads a small text file (procfs, sysfs, cgroupfs), turning errors into data. */
export async function readText(file: string, maxBytes = MAX_TEXT_BYTES): Promise<FsResult<string>> {
  try {
    const handle = await open(file, READ_FLAGS);
    try {
      if (!(await handle.stat()).isFile()) return { ok: false, errno: 'EINVAL', message: `${file}: not a regular file` };
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.alloc(Math.min(65536, maxBytes - total + 1));
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        chunks.push(buf.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) return { ok: false, errno: 'EFBIG', message: `${file}: larger than ${maxBytes} bytes` };
      }
      return { ok: true, value: Buffer.concat(chunks).toString('utf8') };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return failure(err);
  }
}

/** Reads a symlink's target text (e.g. `pid:[4026531836]` for /proc/<pid>/ns/pid). */
export async function readLinkText(file: string): Promise<FsResult<string>> {
  try {
    return { ok: true, value: await readlink(file) };
  } catch (err) {
    return failure(err);
  }
}
