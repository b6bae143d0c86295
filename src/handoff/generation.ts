// One generation of handoff files (docs/design.md, "Handoff"): every file is written and fsynced
// under its fixed temporary name first; only then are they renamed over their targets, one by
// one, and the directory is fsynced. A failure before the renames replaces nothing.
import { lstat, open, rename, unlink } from '../probe/async-fs.js';
import path from 'node:path';
import { errnoError, errnoOf } from '../core/result.js';
import { tempName } from './holder.js';

/** A handoff name and what it must hold: text, or nothing (the file is removed). */
export interface Entry {
  name: string;
  content: string | null;
}

// A directory we may write but not read (mode 0333) cannot be opened to fsync; the renames have
// happened and are atomic, and failing now would report a failed handoff over complete files.
const CANNOT_FSYNC = new Set(['EINVAL', 'EACCES', 'EPERM']);

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch((err: unknown) => {
    if (CANNOT_FSYNC.has(errnoOf(err))) return null;
    throw err;
  });
  if (handle === null) return;
  try {
    await handle.sync();
  } catch (err) {
    // Some filesystems cannot fsync a directory; the renames are still atomic there.
    if (!CANNOT_FSYNC.has(errnoOf(err))) throw err;
  } finally {
    await handle.close();
  }
}

async function unlinkIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return false;
    throw err;
  }
}

/** The names that exist in `dir` (whatever their type). */
export async function present(dir: string, names: readonly string[]): Promise<string[]> {
  const found = await Promise.all(names.map((n) => lstat(path.join(dir, n)).then(() => true, () => false)));
  return names.filter((_, i) => found[i]);
}

/**
 * A rename cannot replace a directory, and unlink cannot remove one: found before anything is
 * written, a directory at a handoff name fails the generation whole.
 */
async function assertReplaceable(dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const info = await lstat(path.join(dir, name)).catch(() => null);
    if (info?.isDirectory()) throw errnoError('EISDIR', `${name} in ${dir} is a directory; remove it`);
  }
}

async function writeTemp(dir: string, entry: Entry & { content: string }): Promise<void> {
  const temp = path.join(dir, tempName(entry.name));
  // Under the lock, a file at our fixed temporary name is what a killed run left.
  await unlinkIfPresent(temp);
  // O_EXCL: nothing planted at the name is followed.
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.chmod(0o644); // the umask must not make the file unreadable to the app's user
    await handle.writeAll(entry.content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes the temporary files of `names`, if any. */
export async function removeTemps(dir: string, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((n) => unlinkIfPresent(path.join(dir, tempName(n))).catch(() => false)));
}

/** Writes every entry's temporary file; on failure none is left and no target was touched. */
export async function prepare(dir: string, entries: readonly Entry[]): Promise<void> {
  await assertReplaceable(dir, entries.map((e) => e.name));
  try {
    for (const entry of entries) if (entry.content !== null) await writeTemp(dir, { ...entry, content: entry.content });
  } catch (err) {
    await removeTemps(dir, entries.map((e) => e.name));
    throw err;
  }
}

/**
 * Renames the prepared files over their targets (a symlink there is replaced, never followed)
 * and removes the names that must be absent, in `entries` order; `done` hears of each name as
 * it changes, so a failure part-way is reported exactly.
 */
export async function commit(dir: string, entries: readonly Entry[], done: (name: string, changed: boolean) => void): Promise<void> {
  for (const { name, content } of entries) {
    const target = path.join(dir, name);
    if (content === null) done(name, await unlinkIfPresent(target));
    else {
      await rename(path.join(dir, tempName(name)), target);
      done(name, true);
    }
  }
  await fsyncDirectory(dir);
}
