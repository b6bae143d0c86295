// Crash-safe file replacement: a reader sees the old file or the new one, never a torn one.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some filesystems cannot fsync a directory; the rename is still atomic there.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await handle.close();
  }
}

/**
 * Writes `content` to a fresh temporary name (O_EXCL, so nothing planted is followed), fsyncs it,
 * renames it over `name` (replacing a symlink there rather than writing through it) and fsyncs the
 * directory. On any failure the temporary file is removed and the error rethrown.
 */
export async function writeFileAtomic(dir: string, name: string, content: string): Promise<void> {
  const temp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.chmod(0o644); // the umask must not make the file unreadable to the app's user
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path.join(dir, name));
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDirectory(dir);
}

/** Removes exactly `name` (a symlink itself, never its target). True when something was removed. */
export async function removeFile(dir: string, name: string): Promise<boolean> {
  try {
    await unlink(path.join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  await fsyncDirectory(dir);
  return true;
}
