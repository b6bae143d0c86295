// Where the dynamic loader named by PT_INTERP looks for a DT_NEEDED library at run time, per
// glibc's elf/dl-load.c and musl's ldso/dynlink.c. Everything comes from the target root, never
// the host. glibc consults /etc/ld.so.cache, not /etc/ld.so.conf: the directories ld.so.conf
// lists count only once ldconfig has put their libraries in the cache (they are kept here to
// explain a library that is missing for exactly that reason).
import path from 'node:path';
import { matchesGlob, parseLdSoConf } from '../parse/ld-so-conf.js';
import { withRegularFile, type RootFs } from '../probe/root-fs.js';
import { glibcSystemDirs, MAX_LOADER_BYTES } from './format/glibc-system-dirs.js';
import { acceptsCacheFlags, lookupCache, MAX_CACHE_BYTES, parseLdSoCache, type LdSoCache } from './format/ld-so-cache.js';
import { readRootText } from './root-text.js';

export type LoaderKind = 'glibc' | 'musl';

/** The rule that found a library, in the loader's words. */
export type FoundBy = 'loader' | 'path' | 'rpath' | 'ld_library_path' | 'runpath' | 'ld.so.cache' | 'default-dirs' | 'musl-path' | 'musl-default';

/** What the loader knows before loading anything. */
export interface LoaderConfig {
  kind: LoaderKind;
  ldLibraryPath: string[];
  /** glibc: the parsed /etc/ld.so.cache, or null when there is none (or it is unusable). */
  cache: LdSoCache | null;
  /** Why the cache is not used, when there is a file that is not a usable cache. */
  cacheError: string | null;
  acceptsCacheFlags: (flags: number) => boolean;
  /** glibc's trusted default directories, or musl's path file or built-in path. */
  systemDirs: string[];
  systemRule: 'default-dirs' | 'musl-path' | 'musl-default';
  /** glibc: read from the loader itself, or a guess when it could not be read. */
  systemDirsFrom: 'loader' | 'guess' | null;
  /** ld.so.conf's directories (glibc): not searched, but named when a missing library is in one. */
  confDirs: string[];
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

export interface Candidate {
  path: string;
  foundBy: FoundBy;
}

export interface ElfTarget {
  machine: number;
  class: 32 | 64;
  /** Debian multiarch triplet of the machine, when it has one. */
  triplet: string | undefined;
}

const MAX_CONF_FILES = 64;
const MAX_SYSTEM_DIRS = 256;
const MUSL_DEFAULT_PATH = ['/lib', '/usr/local/lib', '/usr/lib'];
// musl answers these from itself: the C library is the loader (ldso/dynlink.c "reserved").
const MUSL_RESERVED = /^lib(c|pthread|rt|m|dl|util|xnet)\.so(\.\d+)*$/;

export function loaderKind(interpreter: string): LoaderKind {
  return path.posix.basename(interpreter).startsWith('ld-musl-') ? 'musl' : 'glibc';
}

export async function loaderConfig(fs: RootFs, interpreter: string, target: ElfTarget, ldLibraryPath: string | undefined): Promise<LoaderConfig> {
  const kind = loaderKind(interpreter);
  const own = path.posix.basename(interpreter);
  const common = { kind, ldLibraryPath: splitPath(ldLibraryPath ?? ''), acceptsCacheFlags: acceptsCacheFlags(target.machine, target.class) };
  if (kind === 'musl') {
    const musl = await muslSystemDirs(fs, interpreter);
    return { ...common, ...musl, systemDirsFrom: null, cache: null, cacheError: null, confDirs: [], builtIn: (n) => n === own || MUSL_RESERVED.test(n) };
  }
  const [cache, compiled] = await Promise.all([readCache(fs), loaderSystemDirs(fs, interpreter)]);
  return {
    ...common,
    cache: cache.ok ? cache.value : null,
    cacheError: cache.ok ? null : cache.message,
    systemDirs: cap(compiled ?? glibcDefaultDirs(target)),
    systemRule: 'default-dirs',
    systemDirsFrom: compiled ? 'loader' : 'guess',
    confDirs: cap(await ldSoConfDirs(fs, '/etc/ld.so.conf')),
    builtIn: (n) => n === own,
  };
}

/** Where the loader tries `name` for `obj`, in its order, each with the rule that led there. */
export function candidates(config: LoaderConfig, obj: LoadedObject, name: string): Candidate[] {
  // A name with a slash is a path, used as is (relative to the working directory, here `/`).
  if (name.includes('/')) return [{ path: name, foundBy: 'path' }];
  const inDirs = (dirs: string[], foundBy: FoundBy) => dirs.map((d) => ({ path: path.posix.join(d, name), foundBy }));
  const chain = loaderChain(obj);
  const expand = (o: LoadedObject, dirs: string[] | null) => (dirs ?? []).map((d) => expandOrigin(d, o.path));
  const env = inDirs(config.ldLibraryPath, 'ld_library_path');
  const system = inDirs(config.systemDirs, config.systemRule);
  if (config.kind === 'musl') {
    // musl treats RUNPATH and RPATH alike and inherits them from every object up the chain.
    return [...env, ...inDirs(chain.flatMap((o) => expand(o, o.runpath ?? o.rpath)), 'runpath'), ...system];
  }
  const rpaths = obj.runpath === null ? chain.filter((o) => o.runpath === null).flatMap((o) => expand(o, o.rpath)) : [];
  const cached = config.cache && lookupCache(config.cache, name, config.acceptsCacheFlags);
  return [
    ...inDirs(rpaths, 'rpath'),
    ...env,
    ...inDirs(expand(obj, obj.runpath), 'runpath'),
    ...(cached ? [{ path: cached, foundBy: 'ld.so.cache' as const }] : []),
    ...system,
  ];
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

/**
 * When the loader cannot be read: multiarch first (Debian, Ubuntu), then the 64-bit and classic
 * directories — the union of the distributions' lists, so it errs towards "found".
 */
function glibcDefaultDirs({ triplet, class: cls }: ElfTarget): string[] {
  const multiarch = triplet ? [`/lib/${triplet}`, `/usr/lib/${triplet}`] : [];
  return [...multiarch, ...(cls === 64 ? ['/lib64', '/usr/lib64'] : []), '/lib', '/usr/lib'];
}

async function loaderSystemDirs(fs: RootFs, interpreter: string): Promise<string[] | null> {
  const dirs = await withRegularFile(fs, interpreter, async (file) => (file.size > MAX_LOADER_BYTES ? null : glibcSystemDirs(await file.read(0, file.size))));
  return dirs ?? null;
}

async function readCache(fs: RootFs) {
  const read = await withRegularFile(fs, '/etc/ld.so.cache', async (file) =>
    file.size > MAX_CACHE_BYTES ? null : parseLdSoCache(await file.read(0, file.size)),
  );
  return read ?? { ok: false as const, code: 'ENOENT', message: 'no /etc/ld.so.cache' };
}

/** `/etc/ld-musl-<arch>.path`: when present it replaces the built-in path; newlines or colons split it. */
async function muslSystemDirs(fs: RootFs, interpreter: string): Promise<Pick<LoaderConfig, 'systemDirs' | 'systemRule'>> {
  const arch = /^ld-musl-(.+)\.so\.1$/.exec(path.posix.basename(interpreter))?.[1];
  const text = arch ? await readRootText(fs, `/etc/ld-musl-${arch}.path`) : null;
  if (text === null) return { systemDirs: MUSL_DEFAULT_PATH, systemRule: 'musl-default' };
  return { systemDirs: cap(text.split(/[\n:]/).map((d) => d.trim()).filter((d) => d.startsWith('/'))), systemRule: 'musl-path' };
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
