// Reads of small kernel text files (procfs, sysfs) that turn every error into data.
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { failure, failureFrom, ok, type Result } from '../core/result.js';

// /proc and /sys files are small; the cap keeps a hostile or wrong --root from costing memory.
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

// O_NONBLOCK: a FIFO planted where a /proc file should be (a hostile --root) must not block the
// open: a thread-pool thread stuck there would even keep the process from exiting.
export const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Reads a small text file (procfs, sysfs, cgroupfs); anything but a regular file is EINVAL. */
export async function readText(file: string, maxBytes = MAX_TEXT_BYTES): Promise<Result<string>> {
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

/** Reads a symlink's target text (e.g. `pid:[4026531836]` for /proc/<pid>/ns/pid). */
export async function readLinkText(file: string): Promise<Result<string>> {
  try {
    return ok(await readlink(file));
  } catch (err) {
    return failureFrom(err);
  }
}
