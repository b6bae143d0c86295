// Where the dynamic loader named by PT_INTERP looks for a DT_NEEDED library, per ld.so(8) for
// glibc and musl's ldso/dynlink.c. System directories come from the target root, never the host.
import path from 'node:path';
import { matchesGlob, parseLdSoConf } from '../parse/ld-so-conf.js';
import { readRootText } from './root-text.js';
import type { RootFs } from '../probe/root-fs.js';

export type LoaderKind = 'glibc' | 'musl';

/** What the loader knows before loading anything. */
export interface LoaderConfig {
  kind: LoaderKind;
  ldLibraryPath: string[];
  /** ld.so.conf directories then built-in defaults (glibc), or musl's path file or defaults. */
  systemDirs: string[];
  /** Names the loader satisfies by itself (its own name; musl's libc.so, libpthread.so …). */
  builtIn: (name: string) => boolean;
}

/** A loaded ELF object as the search rules see it. */
export interface LoadedObject {
  path: string;
  runpath: string[] | null;
  rpath: string[] | null;
  neededBy: LoadedObject | null;
}

const MAX_CONF_FILES = 64;
const MAX_SYSTEM_DIRS = 256;
const MUSL_DEFAULT_PATH = ['/lib', '/usr/local/lib', '/usr/lib'];
// musl answers these from itself: the C library is the loader (ldso/dynlink.c "reserved").
const MUSL_RESERVED = /^lib(c|pthread|rt|m|dl|util|xnet)\.so(\.\d+)*$/;

export function loaderKind(interpreter: string): LoaderKind {
  return path.posix.basename(interpreter).startsWith('ld-musl-') ? 'musl' : 'glibc';
}

export async function loaderConfig(
  fs: RootFs,
  interpreter: string,
  triplet: string | undefined,
  is64: boolean,
  ldLibraryPath: string | undefined,
): Promise<LoaderConfig> {
  const kind = loaderKind(interpreter);
  const own = path.posix.basename(interpreter);
  const common = { kind, ldLibraryPath: splitPath(ldLibraryPath ?? '') };
  if (kind === 'musl') {
    return { ...common, systemDirs: await muslSystemDirs(fs, interpreter), builtIn: (n) => n === own || MUSL_RESERVED.test(n) };
  }
  const conf = await ldSoConfDirs(fs, '/etc/ld.so.conf');
  return { ...common, systemDirs: cap([...conf, ...glibcDefaultDirs(triplet, is64)]), builtIn: (n) => n === own };
}

/** The directories searched for a library needed by `obj`, in the loader's order. */
export function searchDirs(config: LoaderConfig, obj: LoadedObject): string[] {
  const chain = loaderChain(obj);
  const expand = (o: LoadedObject, dirs: string[] | null) => (dirs ?? []).map((d) => expandOrigin(d, o.path));
  if (config.kind === 'musl') {
    // musl treats RUNPATH and RPATH alike and inherits them from every object up the chain.
    return [...config.ldLibraryPath, ...chain.flatMap((o) => expand(o, o.runpath ?? o.rpath)), ...config.systemDirs];
  }
  const rpaths = obj.runpath === null ? chain.filter((o) => o.runpath === null).flatMap((o) => expand(o, o.rpath)) : [];
  return [...rpaths, ...config.ldLibraryPath, ...expand(obj, obj.runpath), ...config.systemDirs];
}

function loaderChain(obj: LoadedObject): LoadedObject[] {
  const chain: LoadedObject[] = [];
  for (let o: LoadedObject | null = obj; o && chain.length < MAX_SYSTEM_DIRS; o = o.neededBy) chain.push(o);
  return chain;
}

function expandOrigin(dir: string, objectPath: string): string {
  return dir.replace(/\$(ORIGIN\b|\{ORIGIN\})/g, path.posix.dirname(objectPath));
}

function splitPath(list: string): string[] {
  return list.split(/[:;]/).filter((d) => d.startsWith('/'));
}

function cap(dirs: string[]): string[] {
  return [...new Set(dirs)].slice(0, MAX_SYSTEM_DIRS);
}

/** Debian multiarch first, then the 64-bit and classic directories glibc is built with. */
function glibcDefaultDirs(triplet: string | undefined, is64: boolean): string[] {
  const multiarch = triplet ? [`/lib/${triplet}`, `/usr/lib/${triplet}`] : [];
  return [...multiarch, ...(is64 ? ['/lib64', '/usr/lib64'] : []), '/lib', '/usr/lib'];
}

/** `/etc/ld-musl-<arch>.path` next to the loader's prefix: entries split by newlines or colons. */
async function muslSystemDirs(fs: RootFs, interpreter: string): Promise<string[]> {
  const arch = /^ld-musl-(.+)\.so\.1$/.exec(path.posix.basename(interpreter))?.[1];
  if (!arch) return MUSL_DEFAULT_PATH;
  const text = await readRootText(fs, `/etc/ld-musl-${arch}.path`);
  return text === null ? MUSL_DEFAULT_PATH : cap(text.split(/[\n:]/).map((d) => d.trim()).filter((d) => d.startsWith('/')));
}

/** Directories from ld.so.conf and its includes, depth-first in file order, bounded in files. */
async function ldSoConfDirs(fs: RootFs, confPath: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(confPath) || seen.size >= MAX_CONF_FILES) return [];
  seen.add(confPath);
  const text = await readRootText(fs, confPath);
  if (text === null) return [];
  const conf = parseLdSoConf(text, confPath);
  const dirs = [...conf.directories];
  for (const pattern of conf.includes) {
    for (const file of await expandGlob(fs, pattern)) dirs.push(...(await ldSoConfDirs(fs, file, seen)));
  }
  return dirs;
}

/** Globs are only allowed in the last component (as in every distribution's ld.so.conf). */
async function expandGlob(fs: RootFs, pattern: string): Promise<string[]> {
  const dir = path.posix.dirname(pattern);
  const base = path.posix.basename(pattern);
  if (!/[*?]/.test(base)) return [pattern];
  const resolved = await fs.resolve(dir);
  const names = resolved.ok ? await fs.list(resolved.value.path) : null;
  return names?.ok ? names.value.filter((n) => matchesGlob(n, base)).sort().map((n) => path.posix.join(dir, n)) : [];
}
