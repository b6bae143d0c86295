// Finds every DT_NEEDED library, transitively, the way the loader would inside the target
// root: each candidate must be a regular ELF file of the executable's class and machine that
// the app's user can open (the loader skips others and keeps searching, as with a 32-bit libc
// in /lib). A library found on a noexec mount stops the loader: it cannot map it executable.
import path from 'node:path';
import { withRegularFile, type RootFs } from '../probe/root-fs.js';
import type { MountLookup } from './exec-mounts.js';
import { parseElf, type ElfFile } from './format/elf.js';
import { candidates, type FoundBy, type LoadedObject, type LoaderConfig } from './library-search.js';

/** Bounds a hostile or huge dependency graph; real services load a few dozen objects. */
const MAX_OBJECTS = 256;

export interface MissingLibrary {
  name: string;
  /** The object whose DT_NEEDED names it (a path inside the root). */
  neededBy: string;
  /** An ld.so.conf directory that holds it: only ld.so.cache (ldconfig) would make it count. */
  inConfDir: string | null;
}

export interface FoundLibrary {
  /** Where it was found inside the root, or `(loader)` for names the loader serves itself. */
  path: string;
  foundBy: FoundBy;
  /** The mount holding it is noexec: the loader fails to map it. */
  noexec: boolean;
}

export interface Dependencies {
  found: Record<string, FoundLibrary>;
  missing: MissingLibrary[];
  /** True when MAX_OBJECTS stopped the walk before every library was looked at. */
  truncated: boolean;
}

interface Pending {
  name: string;
  neededBy: LoadedObject;
}

export async function resolveDependencies(
  fs: RootFs,
  exe: { path: string; elf: ElfFile },
  config: LoaderConfig,
  mounts: MountLookup,
): Promise<Dependencies> {
  const root = toLoaded(exe.path, exe.elf, null);
  const result: Dependencies = { found: {}, missing: [], truncated: false };
  const queue: Pending[] = (exe.elf.dynamic?.needed ?? []).map((name) => ({ name, neededBy: root }));
  let loaded = 0;
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (next.name in result.found || result.missing.some((m) => m.name === next!.name)) continue;
    if (config.builtIn(next.name)) {
      result.found[next.name] = { path: '(loader)', foundBy: 'loader', noexec: false };
      continue;
    }
    if (++loaded > MAX_OBJECTS) {
      result.truncated = true;
      break;
    }
    const lib = await firstCompatible(fs, candidates(config, next.neededBy, next.name), exe.elf);
    if (!lib) {
      const name = next.name;
      const inConf = await firstCompatible(fs, config.confDirs.map((dir) => ({ path: path.posix.join(dir, name), dir })), exe.elf);
      result.missing.push({ name, neededBy: next.neededBy.path, inConfDir: inConf?.dir ?? null });
      continue;
    }
    result.found[next.name] = { path: lib.path, foundBy: lib.foundBy, noexec: mounts(lib.path)?.noexec === true };
    const obj = toLoaded(lib.path, lib.elf, next.neededBy);
    queue.push(...(lib.elf.dynamic?.needed ?? []).map((name) => ({ name, neededBy: obj })));
  }
  return result;
}

function toLoaded(objPath: string, elf: ElfFile, neededBy: LoadedObject | null): LoadedObject {
  return { path: objPath, runpath: elf.dynamic?.runpath ?? null, rpath: elf.dynamic?.rpath ?? null, neededBy };
}

/** The first candidate that is an ELF file of the executable's class and machine, resolved. */
async function firstCompatible<C extends { path: string }>(fs: RootFs, list: C[], exe: ElfFile): Promise<(C & { elf: ElfFile }) | null> {
  for (const candidate of list) {
    const found = await withRegularFile(fs, candidate.path, async (file, resolvedPath) => {
      const parsed = await parseElf(file);
      const ok = parsed.ok && parsed.value.class === exe.class && parsed.value.machine === exe.machine;
      return ok ? { ...candidate, path: resolvedPath, elf: parsed.value } : null;
    });
    if (found) return found;
  }
  return null;
}
