// File access inside the app's root filesystem (`/`, `--root`, `/proc/<pid>/root`). Paths are
// resolved component by component like openat2(RESOLVE_IN_ROOT): absolute symlinks restart at
// the root, `..` stops at the root, and a hop limit stops loops, so a hostile image can never
// make the check read outside its root.
import { constants, type Stats } from 'node:fs';
import { open, readdir, type FileHandle } from './async-fs.js';
import path from 'node:path';
import type { ByteSource } from '../binary/format/byte-source.js';
import { memoized } from '../core/memo.js';
import { errnoOf, failure, ok, type Result } from '../core/result.js';
import { lstatPath, readLinkText, readText } from './fs.js';
import { isNormalAbsolute } from './path-kind.js';

/** Linux's limit on symlinks followed in one lookup (MAXSYMLINKS). */
const MAX_SYMLINK_HOPS = 40;

export type EntryKind = 'file' | 'directory' | 'other';

/** What stat says about an entry, as the kernel's permission checks need it. */
export interface EntryStat {
  kind: EntryKind;
  mode: number;
  uid: number;
  gid: number;
}

export interface ResolvedPath extends EntryStat {
  /** The path inside the root with every symlink resolved. */
  path: string;
  /** Every directory the lookup searched, in order (the root first): each needs search permission. */
  searched: (EntryStat & { path: string })[];
}

export interface OpenedFile extends ByteSource {
  close(): Promise<void>;
}

export interface RootFs {
  readonly root: string;
  resolve(innerPath: string): Promise<Result<ResolvedPath>>;
  /** Opens a path already resolved by `resolve`. */
  open(resolvedPath: string): Promise<Result<OpenedFile>>;
  list(resolvedPath: string): Promise<Result<string[]>>;
  /** A small text file (cgroupfs, configuration): resolved, then read like procfs files (EFBIG past `maxBytes`). */
  readText(innerPath: string, maxBytes?: number): Promise<Result<string>>;
}

export function rootFs(root: string): RootFs {
  // Inner paths are nearly always absolute and normal (resolveInRoot builds them), and then
  // concatenation is path.join. It matters: this runs for every component of every cgroup file,
  // and when path.join gets hot enough for TurboFan, the compiler's code costs a pod ~3 MiB RSS.
  const base = path.resolve(root);
  const host = (inner: string) => (!isNormalAbsolute(inner) ? path.join(base, inner) : base === '/' ? inner : base + inner);
  // Every lookup walks from the root, and the cgroup checks look up dozens of files in the same
  // few directories: each path is stat-ed once for the life of this RootFs (one run). Only the
  // walk is remembered; opening a file checks again what it opened.
  const seen = new Map<string, Promise<Result<Stats>>>();
  const lstatOnce = (inner: string) => memoized(seen, inner, () => lstatOrError(host(inner), inner));
  const resolve = (innerPath: string) => resolveInRoot(lstatOnce, host, innerPath);
  return {
    root,
    resolve,
    async open(resolvedPath) {
      try {
        // O_NONBLOCK: a FIFO swapped in after `resolve` looked must not block the open.
        const handle = await open(host(resolvedPath), constants.O_RDONLY | constants.O_NONBLOCK);
        const size = await handle.stat().then((st) => st.size, async (e: unknown) => {
          await handle.close();
          throw e;
        });
        return ok(fileSource(handle, size));
      } catch (e) {
        return failure(errnoOf(e), `${resolvedPath}: cannot open`);
      }
    },
    async list(resolvedPath) {
      try {
        return ok(await readdir(host(resolvedPath)));
      } catch (e) {
        return failure(errnoOf(e), `${resolvedPath}: cannot list`);
      }
    },
    async readText(innerPath, maxBytes) {
      // In the root `/` the kernel's own lookup is the one resolveInRoot reproduces (absolute
      // links restart at `/`, `..` stops there): let the kernel do it, without a stat per
      // component (the cgroup checks read dozens of files; start-up, docs/design.md).
      let file = innerPath.startsWith('/') ? innerPath : `/${innerPath}`;
      if (base !== '/') {
        const resolved = await resolve(innerPath);
        if (!resolved.ok) return resolved;
        if (resolved.value.kind !== 'file') return failure('EINVAL', `${innerPath}: not a regular file`);
        file = host(resolved.value.path);
      }
      const read = await readText(file, maxBytes);
      return read.ok ? read : failure(read.code, `${innerPath}: ${read.code}`);
    },
  };
}

/**
 * Runs `use` on a regular file inside the root and closes it afterwards; null when the path is
 * absent, not a regular file, or cannot be opened.
 */
export async function withRegularFile<T>(
  fs: RootFs,
  innerPath: string,
  use: (file: OpenedFile, resolvedPath: string) => Promise<T>,
): Promise<T | null> {
  const resolved = await fs.resolve(innerPath);
  if (!resolved.ok || resolved.value.kind !== 'file') return null;
  const opened = await fs.open(resolved.value.path);
  if (!opened.ok) return null;
  try {
    return await use(opened.value, resolved.value.path);
  } finally {
    await opened.value.close();
  }
}

function entryStat(st: Stats): EntryStat {
  const kind: EntryKind = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
  return { kind, mode: st.mode, uid: st.uid, gid: st.gid };
}

async function resolveInRoot(
  lstatInner: (inner: string) => Promise<Result<Stats>>,
  host: (inner: string) => string,
  innerPath: string,
): Promise<Result<ResolvedPath>> {
  const pending = innerPath.split('/');
  const done: string[] = [];
  const top = await lstatInner('/');
  if (!top.ok) return top;
  const searched = [{ path: '/', ...entryStat(top.value) }];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const current = `/${[...done, part].join('/')}`;
    const stat = await lstatInner(current);
    if (!stat.ok) return stat;
    if (stat.value.isSymbolicLink()) {
      if (++hops > MAX_SYMLINK_HOPS) return failure('ELOOP', `${innerPath}: too many symbolic links`);
      const target = await readLinkText(host(current));
      if (!target.ok) return failure(target.code, `${current}: unreadable symbolic link`);
      if (target.value.startsWith('/')) done.length = 0;
      pending.unshift(...target.value.split('/'));
      continue;
    }
    const more = pending.some((p) => p !== '');
    if (!stat.value.isDirectory() && more) return failure('ENOTDIR', `${current}: not a directory`);
    if (more) searched.push({ path: current, ...entryStat(stat.value) });
    done.push(part);
  }
  const final = `/${done.join('/')}`;
  const stat = await lstatInner(final);
  if (!stat.ok) return stat;
  return ok({ path: final, ...entryStat(stat.value), searched });
}

async function lstatOrError(hostPath: string, inner: string): Promise<Result<Stats>> {
  try {
    return ok(await lstatPath(hostPath));
  } catch (e) {
    return failure(errnoOf(e), `${inner}: ${errnoOf(e) === 'ENOENT' ? 'not found in the root' : 'cannot be read'}`);
  }
}

function fileSource(handle: FileHandle, size: number): OpenedFile {
  return {
    size,
    async read(offset, length) {
      const buf = Buffer.alloc(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buf, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buf.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}
