// One writer at a time in a handoff directory (docs/design.md, "Handoff"): a lock file created
// with O_EXCL that names its holder. A lock whose holder is dead is broken, under a second,
// briefly held lock, and only if it is still the very lock judged stale; the temporary files the
// dead holder named are removed with it, by those exact names.
import { lstat, open, readFile, unlink } from '../probe/async-fs.js';
import path from 'node:path';
import { errnoError, errnoOf } from '../core/result.js';
import { liveness, parseHolder, renderHolder, type Holder } from './holder.js';
import type { RunSignal } from '../core/abort.js';

export const LOCK_NAME = '.preflight.lock';
export const BREAK_NAME = '.preflight.lock.break';

// A holder that cannot be looked up (a torn lock file, or a holder in another PID namespace such
// as an earlier attempt of this initContainer) is presumed dead once its lock is this old: a
// handoff holds the lock only for a few small writes.
const UNKNOWN_HOLDER_STALE_MS = 5000;
const MAX_LOCK_BYTES = 4096;
// The break lock is held for two system calls.
const BREAK_LOCK_STALE_MS = 1000;

export interface Lock {
  release(): Promise<void>;
}

interface Seen {
  ino: number;
  text: string;
  ageMs: number;
}

const ignoreMissing = (err: unknown): void => {
  if (errnoOf(err) !== 'ENOENT') throw err;
};

/** Creates `file` exclusively with `content`; a file that could not be written whole is removed. */
async function createExclusive(file: string, content: string): Promise<void> {
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeAll(content);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw err;
  }
  await handle.close();
}

async function inspect(file: string): Promise<Seen | null> {
  try {
    const info = await lstat(file);
    if (!info.isFile()) throw errnoError('EEXIST', `${path.basename(file)} in the handoff directory is not a regular file; remove it`);
    // A lock this tool writes is one short line; anything larger was planted and is not read.
    const text = info.size <= MAX_LOCK_BYTES ? await readFile(file, 'utf8') : '';
    return { ino: info.ino, text, ageMs: Date.now() - info.mtimeMs };
  } catch (err) {
    ignoreMissing(err);
    return null;
  }
}

async function removeStaleBreakLock(file: string): Promise<void> {
  const seen = await inspect(file);
  if (seen && seen.ageMs > BREAK_LOCK_STALE_MS) await unlink(file).catch(ignoreMissing);
}

/** True when the lock `seen` was removed; false when another process got there first. */
async function breakLock(dir: string, lockFile: string, seen: Seen, holder: Holder | null): Promise<boolean> {
  const breakFile = path.join(dir, BREAK_NAME);
  try {
    await createExclusive(breakFile, '');
  } catch (err) {
    if (errnoOf(err) !== 'EEXIST') throw err;
    await removeStaleBreakLock(breakFile);
    return false;
  }
  try {
    const now = await inspect(lockFile);
    if (now === null || now.ino !== seen.ino || now.text !== seen.text) return false;
    for (const temp of holder?.temps ?? []) await unlink(path.join(dir, temp)).catch(ignoreMissing);
    await unlink(lockFile).catch(ignoreMissing);
    return true;
  } finally {
    await unlink(breakFile).catch(() => undefined);
  }
}

function pause(ms: number, signal: RunSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Takes the lock of `dir` for `me`, waiting for a live holder until `deadline` (epoch ms). */
export async function acquireLock(dir: string, me: Holder, deadline: number, signal: RunSignal): Promise<Lock> {
  const lockFile = path.join(dir, LOCK_NAME);
  const content = renderHolder(me);
  for (;;) {
    signal.throwIfAborted();
    try {
      await createExclusive(lockFile, content);
      return { release: () => releaseLock(lockFile, content) };
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST') throw err;
    }
    const seen = await inspect(lockFile);
    if (seen === null) continue;
    const holder = parseHolder(seen.text);
    const state = holder === null ? 'unknown' : await liveness(holder, me);
    const stale = state === 'dead' || (state === 'unknown' && seen.ageMs > UNKNOWN_HOLDER_STALE_MS);
    if (stale && (await breakLock(dir, lockFile, seen, holder))) continue;
    if (Date.now() >= deadline) {
      throw errnoError('EBUSY', `the handoff directory stayed locked by ${holder ? `PID ${holder.pid}` : 'another run'} (${LOCK_NAME}) past --timeout`);
    }
    await pause(5 + Math.random() * 20, signal);
  }
}

/** Removes the lock only while it is still ours: a run judged dead may have lost it. */
async function releaseLock(lockFile: string, content: string): Promise<void> {
  const seen = await inspect(lockFile).catch(() => null);
  if (seen?.text === content) await unlink(lockFile).catch(() => undefined);
}
