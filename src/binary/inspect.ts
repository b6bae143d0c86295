// Answers "would execve of this path work inside the target root, for the app's credentials,
// and why not?" in the kernel's order (docs/design.md, "Exec as the kernel does it"): the path
// lookup (search permission on every directory, symlinks), a regular file, a mount without
// noexec, execute permission; then the format by the first bytes: ELF (machine, class, type;
// PT_INTERP opened like the binary itself and checked to be an ELF for this machine; then the
// loader's library search) or `#!` (binfmt_script, nested up to the kernel's limit). Reading is
// not executing: a file the tool cannot read still has its permission decided, its format is
// unknown. I/O goes through RootFs; the check turns this into findings.
import type { OpenedFile, ResolvedPath, RootFs } from '../probe/root-fs.js';
import { resolveDependencies, type FoundLibrary, type MissingLibrary } from './dependencies.js';
import { mayExecute, maySearch, type AccessDecision, type ExecCredentials } from './exec-permission.js';
import type { MountLookup } from './exec-mounts.js';
import { BINPRM_BUF_SIZE, parseScriptLine, type ScriptLine } from './format/binfmt-script.js';
import { kernelAcceptsElf, type ElfAcceptance } from './format/elf-acceptance.js';
import { archMatch, machineInfo, type ArchMatch, type HostArch } from './format/elf-machine.js';
import { hasElfMagic, parseElf, PT_DYNAMIC, type ElfFile } from './format/elf.js';
import { parseGoBuildInfo, type GoBuildInfo } from './format/go-buildinfo.js';
import { loaderConfig, type LoaderKind } from './library-search.js';

/** fs/exec.c: at most this many binprm rewrites (`#!` interpreters); one more is ELOOP. */
export const MAX_INTERPRETER_DEPTH = 5;

export type Linkage = 'static' | 'static-pie' | 'dynamic';

/** The kernel's checks on one file it opens for exec (the binary, a `#!` or ELF interpreter). */
export interface ExecAccess {
  decision: AccessDecision;
  /** The first directory on the way that the credentials may not search (EACCES), if any. */
  searchDeniedAt: string | null;
  /** The mount holding the file; null when mountinfo could not be read. */
  mountPoint: string | null;
  noexec: boolean | null;
}

/** Why the kernel refuses the ELF interpreter once it is open (load_elf_binary). */
export interface InterpreterProblem {
  errno: 'EIO' | 'ELIBBAD';
  reason: string;
}

export interface ElfSummary {
  class: 32 | 64;
  endian: 'little' | 'big';
  machine: string;
  archMatch: ArchMatch;
  /** Whether this kernel's ELF loader takes the file (machine, class, e_type). */
  kernelAccepts: ElfAcceptance;
  linkage: Linkage;
  interpreter: string | null;
  interpreterFound: boolean | null;
  /** Where the interpreter resolved to inside the root. */
  interpreterPath: string | null;
  interpreterAccess: ExecAccess | null;
  interpreterProblem: InterpreterProblem | null;
  /** The tool could not read the interpreter (the kernel needs no read permission to load it). */
  interpreterUnreadable: boolean;
  loader: LoaderKind | null;
  /** glibc: the ld.so.cache layout found, or why there is none the loader can use. */
  ldSoCache: string | null;
  /** The loader's last resort: glibc's default directories (`from` the loader file, or a guess), musl's path. */
  systemDirs: { dirs: string[]; from: string } | null;
  needed: string[];
  runpath: string[] | null;
  rpath: string[] | null;
  libraries: Record<string, FoundLibrary>;
  missingLibraries: MissingLibrary[];
  /** More than the walk's cap of shared objects: libraries past it were not looked for. */
  dependencyWalkTruncated: boolean;
}

interface Found {
  path: string;
  exists: true;
  resolvedPath: string;
  /** Execute permission, mount and file type all allow exec. */
  executable: boolean;
  access: ExecAccess;
}

export type Inspection =
  | { path: string; exists: false; errno: string }
  | (Found & { format: 'unreadable'; problem: string })
  | (Found & { format: 'too-deep' })
  | (Found & { format: 'other'; problem: string })
  | (Found & { format: 'elf'; elf: ElfSummary; go: GoBuildInfo | null; goError: string | null })
  | (Found & { format: 'elf'; problem: string })
  | (Found & { format: 'script'; script: ScriptLine; interpreterInspection: Inspection | null });

export interface InspectOptions {
  host: HostArch;
  /** The app's LD_LIBRARY_PATH, when known. */
  ldLibraryPath?: string;
  /** The credentials the app execs with. */
  cred: ExecCredentials;
  mounts: MountLookup;
}

export function accessOf(resolved: ResolvedPath, options: InspectOptions): ExecAccess {
  const mount = options.mounts(resolved.path);
  return {
    decision: mayExecute(resolved, options.cred, mount?.noexec === true),
    searchDeniedAt: resolved.searched.find((d) => !maySearch(d, options.cred).allowed)?.path ?? null,
    mountPoint: mount?.mountPoint ?? null,
    noexec: mount?.noexec ?? null,
  };
}

export async function inspectBinary(fs: RootFs, binaryPath: string, options: InspectOptions, depth = 0): Promise<Inspection> {
  // An empty interpreter name (`#!` then NUL) is a lookup of "", which fails.
  const resolved = binaryPath === '' ? { ok: false as const, code: 'ENOENT' } : await fs.resolve(binaryPath);
  if (!resolved.ok) return { path: binaryPath, exists: false, errno: resolved.code };
  const access = accessOf(resolved.value, options);
  const base: Found = { path: binaryPath, exists: true, resolvedPath: resolved.value.path, executable: access.decision.allowed && access.searchDeniedAt === null, access };
  if (resolved.value.kind !== 'file') return { ...base, format: 'other', problem: `${binaryPath} is not a regular file` };
  // The kernel stops before looking at this file's format.
  if (depth > MAX_INTERPRETER_DEPTH) return { ...base, format: 'too-deep' };
  const opened = await fs.open(resolved.value.path);
  if (!opened.ok) return { ...base, format: 'unreadable', problem: `${binaryPath} cannot be read by this process (${opened.code})` };
  try {
    const head = await opened.value.read(0, BINPRM_BUF_SIZE);
    if (hasElfMagic(head)) return { ...base, format: 'elf', ...(await inspectElf(fs, opened.value, resolved.value.path, options)) };
    const script = parseScriptLine(head);
    if (script.ok || script.reason !== 'not-a-script') return { ...base, format: 'script', ...(await inspectScript(fs, script, options, depth)) };
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
    kernelAccepts: kernelAcceptsElf(options.host, elf),
    linkage: linkageOf(elf),
    interpreter: elf.interpreter,
    interpreterFound: null,
    interpreterPath: null,
    interpreterAccess: null,
    interpreterProblem: null,
    interpreterUnreadable: false,
    loader: null,
    ldSoCache: null,
    systemDirs: null,
    needed: elf.dynamic?.needed ?? [],
    runpath: elf.dynamic?.runpath ?? null,
    rpath: elf.dynamic?.rpath ?? null,
    libraries: {},
    missingLibraries: [],
    dependencyWalkTruncated: false,
  };
  // A file the ELF loader refuses never gets as far as its interpreter.
  if (elf.interpreter === null || !summary.kernelAccepts.runs) return summary;
  const interp = elf.interpreter === '' ? null : await fs.resolve(elf.interpreter);
  summary.interpreterFound = interp?.ok === true;
  if (!interp?.ok) return summary;
  summary.interpreterPath = interp.value.path;
  summary.interpreterAccess = accessOf(interp.value, options);
  if (interp.value.kind === 'file') Object.assign(summary, await interpreterHeader(fs, interp.value.path, elf));
  const config = await loaderConfig(fs, elf.interpreter, { machine: elf.machine, class: elf.class, triplet: machine.triplet }, options.ldLibraryPath);
  const deps = await resolveDependencies(fs, { path: filePath, elf }, config, options.mounts);
  return {
    ...summary,
    loader: config.kind,
    ldSoCache: config.kind === 'musl' ? null : (config.cache?.format ?? config.cacheError),
    systemDirs: { dirs: config.systemDirs, from: config.systemDirsFrom ?? config.systemRule },
    libraries: deps.found,
    missingLibraries: deps.missing,
    dependencyWalkTruncated: deps.truncated,
  };
}

/** load_elf_binary reads the interpreter's ELF header: short → EIO; not ELF or another machine → ELIBBAD. */
async function interpreterHeader(fs: RootFs, resolvedPath: string, exe: ElfFile): Promise<Pick<ElfSummary, 'interpreterProblem' | 'interpreterUnreadable'>> {
  const opened = await fs.open(resolvedPath);
  if (!opened.ok) return { interpreterProblem: null, interpreterUnreadable: true };
  try {
    const headerSize = exe.class === 64 ? 64 : 52;
    if (opened.value.size < headerSize) return { interpreterProblem: { errno: 'EIO', reason: `${opened.value.size} bytes, shorter than an ELF header` }, interpreterUnreadable: false };
    const parsed = await parseElf(opened.value);
    if (!parsed.ok) return { interpreterProblem: { errno: 'ELIBBAD', reason: parsed.message }, interpreterUnreadable: false };
    const same = parsed.value.machine === exe.machine && parsed.value.class === exe.class;
    return { interpreterProblem: same ? null : { errno: 'ELIBBAD', reason: `built for ${machineInfo(parsed.value.machine, parsed.value.class, parsed.value.endian).name}` }, interpreterUnreadable: false };
  } finally {
    await opened.value.close();
  }
}

async function inspectScript(fs: RootFs, script: ScriptLine, options: InspectOptions, depth: number) {
  const nested = script.ok ? await inspectBinary(fs, script.interpreter, options, depth + 1) : null;
  return { script, interpreterInspection: nested };
}
