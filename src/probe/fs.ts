// Reads of small kernel text files (procfs, sysfs, cgroupfs) that turn every error into data.
//
// The live /proc and /sys are read synchronously: their files are made by the kernel on read and
// never block, and a sync read costs a fraction of a thread-pool round trip (start-up is paid by
// every pod). Everything else — a --root tree, another process's filesystem through
// /proc/<pid>/root — may be FUSE or NFS that hangs, so it goes through the thread pool, where a
// stuck read cannot stop the run's deadline from firing.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, statSync, writeSync, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, stat } from './async-fs.js';
import { failure, failureFrom, ok, type Result } from '../core/result.js';
import { isLiveKernelPath } from './path-kind.js';

// /proc and /sys files are small; the cap keeps a hostile or wrong --root from costing memory.
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

// O_NONBLOCK: a FIFO planted where a /proc file should be (a hostile --root) must not block the
// open: a thread-pool thread stuck there would even keep the process from exiting.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

// Sync reads run one at a time, so they share one buffer instead of allocating per file.
let scratch = Buffer.allocUnsafe(16 * 1024);

function readTextSync(file: string, maxBytes: number): Result<string> {
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS);
  } catch (err) {
    return failureFrom(err);
  }
  try {
    if (!fstatSync(fd).isFile()) return failure('EINVAL', `${file}: not a regular file`);
    let total = 0;
    for (;;) {
      if (total === scratch.length) scratch = Buffer.concat([scratch, Buffer.allocUnsafe(scratch.length)]);
      const n = readSync(fd, scratch, total, Math.min(scratch.length - total, maxBytes - total + 1), null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return failure('EFBIG', `${file}: larger than ${maxBytes} bytes`);
    }
    return ok(scratch.toString('utf8', 0, total));
  } catch (err) {
    return failureFrom(err);
  } finally {
    closeSync(fd);
  }
}

/** A live /proc or /sys file read synchronously, where no promise can be waited for. */
export function readKernelTextSync(file: string): Result<string> {
  return isLiveKernelPath(file) ? readTextSync(file, MAX_TEXT_BYTES) : failure('EINVAL', `${file}: not on the live /proc or /sys`);
}

async function readTextAsync(file: string, maxBytes: number): Promise<Result<string>> {
  try {
    const handle = await open(file, READ_FLAGS);
    try {
      if (!(await handle.stat()).isFile()) return failure('EINVAL', `${file}: not a regular file`);
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.alloc(Math.min(65536, maxBytes - total + 1));
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        chunks.push(buf.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) return failure('EFBIG', `${file}: larger than ${maxBytes} bytes`);
      }
      return ok(Buffer.concat(chunks).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch (err) {
    return failureFrom(err);
  }
}

/** Reads a small text file (procfs, sysfs, cgroupfs); anything but a regular file is EINVAL. */
export function readText(file: string, maxBytes = MAX_TEXT_BYTES): Promise<Result<string>> {
  return isLiveKernelPath(file) ? Promise.resolve(readTextSync(file, maxBytes)) : readTextAsync(file, maxBytes);
}

/** Reads a symlink's target text (e.g. `pid:[4026531836]` for /proc/<pid>/ns/pid). */
export async function readLinkText(file: string): Promise<Result<string>> {
  try {
    return ok(await onLiveKernel(file, (f) => readlinkSync(f), (f) => readlink(f)));
  } catch (err) {
    return failureFrom(err);
  }
}

/**
 * Runs `sync` on the live kernel filesystems, `async` elsewhere; rejects as the async one would.
 * `/` itself counts: every lookup in the live root starts by stat-ing it (RootFs), and the
 * container's own root directory is always cached.
 */
function onLiveKernel<T>(file: string, sync: (file: string) => T, async: (file: string) => Promise<T>): Promise<T> {
  if (file !== '/' && !isLiveKernelPath(file)) return async(file);
  try {
    return Promise.resolve(sync(file));
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Writes `text` at the start of an existing file in one write(2), as `echo text > file` does to a
 * sysctl. Rejects with the open's or the write's error (EROFS, EPERM …).
 */
export function writeInPlace(file: string, text: string): Promise<void> {
  return onLiveKernel(
    file,
    (f) => {
      const fd = openSync(f, 'r+');
      try {
        writeSync(fd, text, 0);
      } finally {
        closeSync(fd);
      }
    },
    async (f) => {
      const handle = await open(f, 'r+');
      try {
        await handle.writeAll(text, 0);
      } finally {
        await handle.close();
      }
    },
  );
}

export const lstatPath = (file: string): Promise<Stats> => onLiveKernel(file, (f) => lstatSync(f), (f) => lstat(f));
export const statPath = (file: string): Promise<Stats> => onLiveKernel(file, (f) => statSync(f), (f) => stat(f));
export const listDirectory = (dir: string): Promise<string[]> => onLiveKernel(dir, (d) => readdirSync(d), (d) => readdir(d));
