// Answers "will exec of this file work inside the target root, and why not?": reads the file's
// format, its ELF headers or `#!` line, resolves the interpreter and libraries inside the root,
// and reads Go build info. I/O goes through RootFs; decisions about findings are the check's.
import { parseElf, PT_DYNAMIC, hasElfMagic, type ElfFile } from './format/elf.js';
import { archMatch, machineInfo, type ArchMatch, type HostArch } from './format/elf-machine.js';
import { parseGoBuildInfo, type GoBuildInfo } from './format/go-buildinfo.js';
import { parseShebang, SHEBANG_BUFFER, isShebang } from '../parse/shebang.js';
import { resolveDependencies, type MissingLibrary } from './dependencies.js';
import { loaderConfig } from './library-search.js';
import type { OpenedFile, RootFs } from '../probe/root-fs.js';

/** The kernel follows at most this many `#!` interpreters (BINPRM recursion limit). */
const MAX_SCRIPT_DEPTH = 4;

export type Linkage = 'static' | 'static-pie' | 'dynamic';

export interface ElfSummary {
  class: 32 | 64;
  endian: 'little' | 'big';
  machine: string;
  archMatch: ArchMatch;
  linkage: Linkage;
  interpreter: string | null;
  interpreterFound: boolean | null;
  /** Where the interpreter resolved to inside the root. */
  interpreterPath: string | null;
  needed: string[];
  runpath: string[] | null;
  rpath: string[] | null;
  libraries: Record<string, string>;
  missingLibraries: MissingLibrary[];
  /** More than the walk's cap of shared objects: libraries past it were not looked for. */
  dependencyWalkTruncated: boolean;
}

export type Inspection =
  | { path: string; exists: false; errno: string }
  | { path: string; exists: true; resolvedPath: string; executable: boolean; format: 'other'; problem: string }
  | { path: string; exists: true; resolvedPath: string; executable: boolean; format: 'elf'; elf: ElfSummary; go: GoBuildInfo | null; goError: string | null }
  | { path: string; exists: true; resolvedPath: string; executable: boolean; format: 'elf'; problem: string }
  | { path: string; exists: true; resolvedPath: string; executable: boolean; format: 'script'; interpreter: string | null; argument: string | null; interpreterFound: boolean; interpreterInspection: Inspection | null };

export interface InspectOptions {
  host: HostArch;
  /** The app's LD_LIBRARY_PATH, when known. */
  ldLibraryPath?: string;
}

export async function inspectBinary(fs: RootFs, binaryPath: string, options: InspectOptions, depth = 0): Promise<Inspection> {
  const resolved = await fs.resolve(binaryPath);
  if (!resolved.ok) return { path: binaryPath, exists: false, errno: resolved.code };
  const base = { path: binaryPath, exists: true as const, resolvedPath: resolved.value.path, executable: (resolved.value.mode & 0o111) !== 0 };
  if (resolved.value.kind !== 'file') return { ...base, format: 'other', problem: `${binaryPath} is not a regular file` };
  const opened = await fs.open(resolved.value.path);
  if (!opened.ok) return { ...base, format: 'other', problem: `${binaryPath} cannot be read (${opened.code})` };
  try {
    const head = await opened.value.read(0, SHEBANG_BUFFER);
    if (hasElfMagic(head)) return { ...base, format: 'elf', ...(await inspectElf(fs, opened.value, resolved.value.path, options)) };
    if (isShebang(head)) return { ...base, format: 'script', ...(await inspectScript(fs, head, options, depth)) };
    return { ...base, format: 'other', problem: `${binaryPath} is neither an ELF file nor a #! script` };
  } finally {
    await opened.value.close();
  }
}

async function inspectElf(fs: RootFs, file: OpenedFile, filePath: string, options: InspectOptions) {
  const parsed = await parseElf(file);
  if (!parsed.ok) return { problem: parsed.message };
  const elf = parsed.value;
  const go = await parseGoBuildInfo(file, elf);
  return {
    elf: await summarize(fs, elf, filePath, options),
    go: go.ok ? go.value : null,
    goError: go.ok ? null : go.message,
  };
}

export function linkageOf(elf: ElfFile): Linkage {
  if (elf.interpreter !== null) return 'dynamic';
  return elf.programHeaders.some((p) => p.type === PT_DYNAMIC) ? 'static-pie' : 'static';
}

async function summarize(fs: RootFs, elf: ElfFile, filePath: string, options: InspectOptions): Promise<ElfSummary> {
  const machine = machineInfo(elf.machine, elf.class, elf.endian);
  const summary: ElfSummary = {
    class: elf.class,
    endian: elf.endian,
    machine: machine.name,
    archMatch: archMatch(options.host, elf.machine, elf.endian),
    linkage: linkageOf(elf),
    interpreter: elf.interpreter,
    interpreterFound: null,
    interpreterPath: null,
    needed: elf.dynamic?.needed ?? [],
    runpath: elf.dynamic?.runpath ?? null,
    rpath: elf.dynamic?.rpath ?? null,
    libraries: {},
    missingLibraries: [],
    dependencyWalkTruncated: false,
  };
  // A foreign binary never gets as far as its loader: exec fails with ENOEXEC first.
  if (elf.interpreter === null || summary.archMatch === 'foreign') return summary;
  const interp = await fs.resolve(elf.interpreter);
  summary.interpreterFound = interp.ok && interp.value.kind === 'file';
  summary.interpreterPath = interp.ok ? interp.value.path : null;
  if (!summary.interpreterFound) return summary;
  const config = await loaderConfig(fs, elf.interpreter, machine.triplet, elf.class === 64, options.ldLibraryPath);
  const deps = await resolveDependencies(fs, { path: filePath, elf }, config);
  return { ...summary, libraries: deps.found, missingLibraries: deps.missing, dependencyWalkTruncated: deps.truncated };
}

async function inspectScript(fs: RootFs, head: Uint8Array, options: InspectOptions, depth: number) {
  const shebang = parseShebang(head);
  if (!shebang) return { interpreter: null, argument: null, interpreterFound: false, interpreterInspection: null };
  const nested = depth < MAX_SCRIPT_DEPTH ? await inspectBinary(fs, shebang.interpreter, options, depth + 1) : null;
  return {
    interpreter: shebang.interpreter,
    argument: shebang.argument,
    interpreterFound: nested?.exists === true,
    interpreterInspection: nested,
  };
}
