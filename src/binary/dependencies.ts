// Finds every DT_NEEDED library, transitively, the way the loader would inside the target
// root: each candidate must be a regular ELF file of the executable's class and machine (the
// loader skips others and keeps searching, as with a 32-bit libc in /lib).
import path from 'node:path';
import { parseElf, type ElfFile } from './format/elf.js';
import { searchDirs, type LoadedObject, type LoaderConfig } from './library-search.js';
import { withRegularFile, type RootFs } from '../probe/root-fs.js';

/** Bounds a hostile or huge dependency graph; real services load a few dozen objects. */
const MAX_OBJECTS = 256;

export interface MissingLibrary {
  name: string;
  /** The object whose DT_NEEDED names it (a path inside the root). */
  neededBy: string;
}

export interface Dependencies {
  /** Library name → where it was found inside the root (or `(loader)` for built-ins). */
  found: Record<string, string>;
  missing: MissingLibrary[];
  /** True when MAX_OBJECTS stopped the walk before every library was looked at. */
  truncated: boolean;
}

interface Pending {
  name: string;
  neededBy: LoadedObject;
}

export async function resolveDependencies(fs: RootFs, exe: { path: string; elf: ElfFile }, config: LoaderConfig): Promise<Dependencies> {
  const root = toLoaded(exe.path, exe.elf, null);
  const result: Dependencies = { found: {}, missing: [], truncated: false };
  const queue: Pending[] = (exe.elf.dynamic?.needed ?? []).map((name) => ({ name, neededBy: root }));
  let loaded = 0;
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (next.name in result.found || result.missing.some((m) => m.name === next!.name)) continue;
    if (config.builtIn(next.name)) {
      result.found[next.name] = '(loader)';
      continue;
    }
    if (++loaded > MAX_OBJECTS) {
      result.truncated = true;
      break;
    }
    const lib = await findLibrary(fs, next, config, exe.elf);
    if (!lib) {
      result.missing.push({ name: next.name, neededBy: next.neededBy.path });
      continue;
    }
    result.found[next.name] = lib.path;
    const obj = toLoaded(lib.path, lib.elf, next.neededBy);
    queue.push(...(lib.elf.dynamic?.needed ?? []).map((name) => ({ name, neededBy: obj })));
  }
  return result;
}

function toLoaded(objPath: string, elf: ElfFile, neededBy: LoadedObject | null): LoadedObject {
  return { path: objPath, runpath: elf.dynamic?.runpath ?? null, rpath: elf.dynamic?.rpath ?? null, neededBy };
}

async function findLibrary(fs: RootFs, want: Pending, config: LoaderConfig, exe: ElfFile): Promise<{ path: string; elf: ElfFile } | null> {
  // A name with a slash is a path, used as is (relative to the working directory, here `/`).
  const candidates = want.name.includes('/')
    ? [want.name]
    : searchDirs(config, want.neededBy).map((dir) => path.posix.join(dir, want.name));
  for (const candidate of candidates) {
    const elf = await compatibleElf(fs, candidate, exe);
    if (elf) return elf;
  }
  return null;
}

async function compatibleElf(fs: RootFs, candidate: string, exe: ElfFile): Promise<{ path: string; elf: ElfFile } | null> {
  const found = await withRegularFile(fs, candidate, async (file, resolvedPath) => {
    const parsed = await parseElf(file);
    const ok = parsed.ok && parsed.value.class === exe.class && parsed.value.machine === exe.machine;
    return ok ? { path: resolvedPath, elf: parsed.value } : null;
  });
  return found ?? null;
}
