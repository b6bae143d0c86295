// static-binary: will exec of the app's binary work in the filesystem the app runs in?
// (docs/design.md, "ELF linkage"). The inspection lives in src/binary; this file turns it into
// facts and findings whose messages say what was found.
import { hostMachineName, type HostArch } from '../binary/format/elf-machine.js';
import type { GoBuildInfo } from '../binary/format/go-buildinfo.js';
import { goAtLeast, goRelease } from '../binary/go-version.js';
import type { ExecCredentials } from '../binary/exec-permission.js';
import { loadMountLookup } from '../binary/exec-mounts.js';
import { inspectBinary, MAX_INTERPRETER_DEPTH, type ElfSummary, type ExecAccess, type Inspection } from '../binary/inspect.js';
import { loaderKind, type FoundBy } from '../binary/library-search.js';
import { defineCheck, defineFindings, skipped } from '../core/check.js';
import type { Finding, Fix, ProbeOutcome } from '../core/types.js';
import { NOT_A_POD_SPEC_CHANGE } from '../remedy/patch.js';
import { procPidPath, type ProbeContext } from '../probe/context.js';
import { readText } from '../probe/fs.js';
import { readStatus } from '../probe/proc.js';
import { failure, ok, type Result } from '../core/result.js';
import { hasCapability } from '../parse/capabilities.js';

const STATIC_BUILD =
  'Build a static binary and run it on scratch or distroless/static: Go with CGO_ENABLED=0 and without -buildmode=pie ' +
  '(net and os/user have pure-Go fallbacks; add -tags netgo,osusergo if cgo stays on); C with gcc -static or -static-pie, or musl-gcc -static';
const LOADER_IMAGES =
  'a base image that ships the loader the message names: glibc (/lib64/ld-linux-x86-64.so.2, /lib/ld-linux-aarch64.so.1) — ' +
  'distroless/base or cc, Debian, Ubuntu, not scratch, distroless/static or alpine; musl (/lib/ld-musl-x86_64.so.1, ' +
  '/lib/ld-musl-aarch64.so.1) — alpine';

// Exec fails whatever the pod's securityContext allows: these remedies change the image (or
// where the binary lives), not the pod spec.
const IMAGE_CHANGE: Fix = {
  noPatch: `${NOT_A_POD_SPEC_CHANGE}: the image is rebuilt`,
  cost: { podSecurity: 'restricted', requires: [], otherwise: 'none: the app cannot start from this image' },
};
const PATH_CHANGE: Fix = {
  noPatch: 'the path the app container executes is not known here',
  cost: { podSecurity: 'restricted', requires: [], otherwise: 'none: a check of another file says nothing about the app' },
};
const MOUNT_CHANGE: Fix = {
  noPatch: 'which volume or mount holds the file is the pod\'s and the node\'s layout, not known here',
  cost: { podSecurity: 'restricted', requires: [], otherwise: 'none: the app cannot start from a noexec mount' },
};

const F = defineFindings({
  BINARY_NOT_FOUND: {
    severity: 'fail',
    summary: 'the app binary does not exist in the target root',
    cause: 'The --binary path, resolved inside the app’s root filesystem (symlinks followed inside it, at most 40 as the kernel does), names nothing: exec fails with ENOENT (or ELOOP, ENOTDIR).',
    remedy: 'Point --binary (PREFLIGHT_BINARY) at the path the app container executes, as seen inside its image.',
    fix: PATH_CHANGE,
  },
  BINARY_PATH_DENIED: {
    severity: 'fail',
    summary: 'a directory on the way to the binary is not searchable by the app’s user',
    cause: 'Path lookup needs search (x) permission on every directory for the app’s uid and groups, unless it holds CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH; without it exec fails with EACCES ("permission denied").',
    remedy: 'Give the directories on the path x permission for the app’s user (e.g. chmod 0755 in the image build), or run as a user or group that owns them.',
    fix: IMAGE_CHANGE,
  },
  BINARY_NOT_REGULAR_FILE: {
    severity: 'fail',
    summary: 'the app binary is not a regular file',
    cause: 'The path names a directory, device, FIFO or socket; the kernel executes only regular files and fails with EACCES.',
    remedy: 'Point --binary at the program file itself, and the container’s command at the same path.',
    fix: PATH_CHANGE,
  },
  BINARY_NOEXEC_MOUNT: {
    severity: 'fail',
    summary: 'the app binary is on a noexec mount',
    cause: 'The mount that holds the file (from the target’s mountinfo) has the noexec flag, so exec fails with EACCES whatever the file mode.',
    remedy: 'Keep the binary on the image’s root filesystem or a volume mounted without noexec (emptyDir, and hostPath or CSI volumes whose mount options lack noexec); do not run programs from /tmp or /dev/shm mounted noexec.',
    fix: MOUNT_CHANGE,
  },
  BINARY_NOT_EXECUTABLE: {
    severity: 'fail',
    summary: 'the app’s user may not execute the binary',
    cause: 'The kernel takes the owner, group or other bits by the app’s uid and groups (the first class that matches, even if it has no x while another has); CAP_DAC_OVERRIDE lets root execute only a file with some x bit. Without permission exec fails with EACCES.',
    remedy: 'Set the mode in the image (COPY --chmod=0755, or chmod a+x in the build), or run the app as the file’s owner or group (securityContext runAsUser/runAsGroup/supplementalGroups).',
    fix: IMAGE_CHANGE,
  },
  BINARY_UNREADABLE: {
    severity: 'warn',
    summary: 'the binary (or its loader) cannot be read by this process; its format and libraries are unknown',
    cause: 'Exec needs no read permission (an execute-only file runs), so the permission was still decided; but this process, with the app’s credentials, cannot open the file to read its format, loader and libraries.',
    remedy: 'Rerun the check as root from the node (--pid) to see the linkage, or make the file readable (mode 0755) if hiding it is not intended.',
  },
  BINARY_WRONG_ARCH: {
    severity: 'fail',
    summary: 'the app binary is built for another machine or ABI',
    cause: 'The ELF e_machine, byte order or class is not what this kernel runs natively (x32 binaries need CONFIG_X86_X32_ABI, which distribution kernels leave off), so exec fails with ENOEXEC ("exec format error").',
    remedy: 'Build for this node’s architecture (Go: GOARCH), or publish a multi-arch image so the node pulls the matching one.',
    fix: IMAGE_CHANGE,
  },
  BINARY_COMPAT_32BIT: {
    severity: 'fail',
    summary: 'the app binary is a 32-bit build that needs the kernel’s compat layer',
    cause: 'i386 on x86-64 (or 32-bit arm on arm64) runs only where the kernel’s 32-bit emulation is built in and enabled at boot (CONFIG_IA32_EMULATION and not ia32_emulation=0; CPUs with AArch32) — many node kernels have it off and nothing in a container tells reliably. Without it exec fails with ENOEXEC.',
    remedy: 'Build for the node’s native 64-bit architecture (Go: GOARCH=amd64 or arm64).',
    fix: IMAGE_CHANGE,
  },
  BINARY_NOT_A_PROGRAM: {
    severity: 'fail',
    summary: 'the app binary is an ELF object file, not a program',
    cause: 'The ELF type is a relocatable object (.o) or core dump, not an executable or shared object; exec fails with ENOEXEC.',
    remedy: 'Link the program (the build copied an intermediate file): point the image’s COPY at the linked binary.',
    fix: IMAGE_CHANGE,
  },
  BINARY_MALFORMED: {
    severity: 'fail',
    summary: 'the app binary is not a program the kernel can load',
    cause: 'The file is neither a well-formed ELF file nor a #! script: truncated, damaged, or not a program. Exec fails with ENOEXEC.',
    remedy: 'Rebuild the image; check that the binary was not truncated or replaced by a text file (e.g. a Git LFS pointer).',
    fix: IMAGE_CHANGE,
  },
  BINARY_SCRIPT_INVALID: {
    severity: 'fail',
    summary: 'the #! line names no interpreter the kernel accepts',
    cause: 'binfmt_script reads only the first 256 bytes: the line after #! is empty or blank, or the interpreter path does not end (space, tab, NUL or newline) within them. Exec fails with ENOEXEC.',
    remedy: 'Start the script with #!/absolute/path/to/interpreter on a first line shorter than 256 bytes (or use a short path such as #!/usr/bin/env).',
    fix: IMAGE_CHANGE,
  },
  BINARY_SCRIPT_CRLF: {
    severity: 'fail',
    summary: 'the #! line ends in a carriage return (Windows line endings)',
    cause: 'The kernel ends the interpreter path only at a space, tab, NUL or newline, so with CRLF line endings it looks for "/bin/sh\\r", which does not exist: exec fails with ENOENT although the interpreter is there.',
    remedy: 'Convert the script to LF line endings (dos2unix, or .gitattributes "*.sh text eol=lf") before it goes into the image.',
    fix: IMAGE_CHANGE,
  },
  BINARY_INTERPRETER_MISSING: {
    severity: 'fail',
    summary: 'the binary’s interpreter is absent from the target root',
    cause: 'The kernel loads the PT_INTERP program (or #! interpreter) before the app; when it is missing exec fails with ENOENT ("no such file or directory"), although the binary exists.',
    remedy: `${STATIC_BUILD}; or use ${LOADER_IMAGES}; for a #! script, a base image that ships its interpreter.`,
    fix: IMAGE_CHANGE,
  },
  BINARY_INTERPRETER_DENIED: {
    severity: 'fail',
    summary: 'the binary’s loader cannot be executed by the app’s user',
    cause: 'The kernel opens the PT_INTERP loader with the same checks as the binary: a regular file, execute permission for the app’s uid and groups, a mount without noexec. Otherwise exec fails with EACCES.',
    remedy: `Give the loader its mode back (0755) and keep it off noexec mounts; or ${STATIC_BUILD}.`,
    fix: IMAGE_CHANGE,
  },
  BINARY_INTERPRETER_BAD: {
    severity: 'fail',
    summary: 'the binary’s loader is not an ELF program for this machine',
    cause: 'The file at the PT_INTERP path is too short (EIO), not ELF, or built for another machine (ELIBBAD): the kernel refuses to load it.',
    remedy: `Use a base image whose loader matches the binary’s architecture (a multi-arch base pulled for this node), or ${STATIC_BUILD}.`,
    fix: IMAGE_CHANGE,
  },
  BINARY_INTERPRETER_LOOP: {
    severity: 'fail',
    summary: 'too many nested #! interpreters',
    cause: 'The kernel follows at most 5 interpreter rewrites (a script whose interpreter is a script …); one more, or a script that names itself, fails with ELOOP.',
    remedy: 'Point the #! line at a real program (an ELF binary such as /bin/sh), not at another script.',
    fix: IMAGE_CHANGE,
  },
  BINARY_LIBRARY_MISSING: {
    severity: 'fail',
    summary: 'a shared library the binary needs is not found by the loader',
    cause: 'A DT_NEEDED library was not found through RPATH/RUNPATH, LD_LIBRARY_PATH, /etc/ld.so.cache or the loader’s default directories (musl: /etc/ld-musl-<arch>.path) inside the root; the loader stops with "cannot open shared object file" (exit 127).',
    remedy: `${STATIC_BUILD}; or install the missing libraries in the image.`,
    fix: IMAGE_CHANGE,
  },
  BINARY_LIBRARY_NOT_IN_CACHE: {
    severity: 'fail',
    summary: 'a library is in a directory ld.so.conf lists, but not in /etc/ld.so.cache',
    cause: 'glibc’s loader never reads /etc/ld.so.conf at run time: it finds libraries outside its default directories only through /etc/ld.so.cache, which ldconfig writes. A cache that is absent or older than the library (stale) leaves the library unfound (exit 127).',
    remedy: 'Run ldconfig as the last step of the image build (after installing the libraries and their ld.so.conf.d entry), or set RUNPATH/LD_LIBRARY_PATH to the directory.',
    fix: IMAGE_CHANGE,
  },
  BINARY_LIBRARY_NOEXEC: {
    severity: 'fail',
    summary: 'a shared library the binary needs is on a noexec mount',
    cause: 'The loader finds the library but cannot map it executable on a noexec mount ("failed to map segment from shared object"): the app exits 127 before main.',
    remedy: 'Keep libraries on the image’s root filesystem or a volume mounted without noexec.',
    fix: MOUNT_CHANGE,
  },
  BINARY_DYNAMIC: {
    severity: 'warn',
    summary: 'the binary is dynamically linked (loadable in this root)',
    cause: 'Everything the loader needs is present now, but the binary depends on the image’s loader and libraries: a base-image change can break it.',
    remedy: `${STATIC_BUILD}, to remove the dependency on the base image (a Go -buildmode=pie binary needs the loader even without libraries); or pin a base image that ships the loader and these libraries.`,
  },
  GO_VERSION_OLD: {
    severity: 'warn',
    summary: 'the binary was built with Go older than 1.21',
    cause: 'Go build info names a release before 1.21; such releases get no security fixes, and before 1.19 ignore GOMEMLIMIT.',
    remedy: 'Rebuild with Go ≥ 1.21: older releases get no security fixes; before 1.19 Go also ignores GOMEMLIMIT, so the memory limit in preflight.env has no effect: bound the heap with GOGC until then.',
  },
});

export const staticBinaryCheck = defineCheck<StaticBinaryFacts>({
  id: 'static-binary',
  errorSeverity: 'warn',
  errorRemedy: 'Check that --binary names the app binary and that the target root is readable; rerun with --debug for details.',
  findings: F.specs,
  summarize,
  run,
});

function summarize(f: StaticBinaryFacts): string {
  if (!f.exists) return `${f.path}: ${f.error === 'ENOENT' ? 'not found' : `lookup fails (${f.error})`}`;
  return [f.path, f.format, f.machine, f.linkage, f.go?.version].filter((x) => typeof x === 'string').join(', ');
}

// Without the target's credentials, the one rule left is the kernel's for root with
// CAP_DAC_OVERRIDE: a file runs when it has any x bit.
const ANY_X_BIT: ExecCredentials = { fsuid: 0, fsgid: 0, groups: [], capEff: 1n << 1n };

async function run(ctx: ProbeContext): Promise<ProbeOutcome<StaticBinaryFacts>> {
  const binary = ctx.options.binary;
  if (!binary) return skipped('no --binary given', {});
  const [ldLibraryPath, cred, mounts] = await Promise.all([ldLibraryPathOf(ctx), credentialsOf(ctx), loadMountLookup(ctx)]);
  const inspection = await inspectBinary(ctx.root, binary.startsWith('/') ? binary : `/${binary}`, {
    host: ctx.host,
    ldLibraryPath,
    cred: cred.ok ? cred.value : ANY_X_BIT,
    mounts: mounts.lookup,
  });
  const facts: StaticBinaryFacts = {
    ...factsOf(inspection, ctx.host),
    ldLibraryPath: ldLibraryPath ?? null,
    credentials: cred.ok ? credentialFacts(cred.value) : null,
    credentialsError: cred.ok ? null : cred.message,
    mountinfoError: mounts.error,
  };
  return { facts, findings: findingsOf(inspection, ctx.host) };
}

/**
 * The loader's LD_LIBRARY_PATH: from the node (--pid) the target's own environment; otherwise
 * this process's, which an initContainer must be given the app's value in.
 */
async function ldLibraryPathOf(ctx: ProbeContext): Promise<string | undefined> {
  if (typeof ctx.pid !== 'number') return ctx.env.LD_LIBRARY_PATH;
  const environ = await readText(procPidPath(ctx, 'environ'));
  const prefix = 'LD_LIBRARY_PATH=';
  return environ.ok ? environ.value.split('\0').find((v) => v.startsWith(prefix))?.slice(prefix.length) : undefined;
}

/**
 * Who execs the app: from the node (--pid) the target process; in an initContainer this
 * process, whose securityContext the pod spec makes the app's.
 */
async function credentialsOf(ctx: ProbeContext): Promise<Result<ExecCredentials>> {
  const status = await readStatus(ctx, ctx.pid);
  if (!status.ok) return failure(status.code, `credentials unknown (${status.message}): exec permission judged by "any x bit"`);
  const { fsuid, fsgid, groups, capEff } = status.value;
  if (fsuid === null || fsgid === null || groups === null || capEff === null) {
    return failure('malformed', 'credentials unknown (status lacks Uid/Gid/Groups/CapEff): exec permission judged by "any x bit"');
  }
  return ok({ fsuid, fsgid, groups, capEff });
}

interface CredentialFacts {
  uid: number;
  gid: number;
  groups: readonly number[];
  capDacOverride: boolean;
  capDacReadSearch: boolean;
}

function credentialFacts(c: ExecCredentials): CredentialFacts {
  return { uid: c.fsuid, gid: c.fsgid, groups: c.groups, capDacOverride: hasCapability(c.capEff, 1), capDacReadSearch: hasCapability(c.capEff, 2) };
}

interface GoFacts {
  version: string;
  cgoEnabled: boolean | null;
  settings: Record<string, string>;
  mainModule: GoBuildInfo['mainModule'];
  path: string | null;
  buildInfoFormat: GoBuildInfo['format'];
}

/** The kernel's checks on one file: which rule allowed it, or why not. */
interface AccessFacts {
  allowed: boolean;
  by: string | null;
  why: string | null;
  searchDeniedAt: string | null;
  mountPoint: string | null;
  noexec: boolean | null;
}

/** The ELF summary, with libraries by name → path and by name → the rule that found them. */
type ElfFacts = Omit<ElfSummary, 'missingLibraries' | 'libraries' | 'interpreterAccess'> & {
  hostMachine: string;
  interpreterAccess: AccessFacts | null;
  libraries: Record<string, string>;
  libraryFoundBy: Record<string, FoundBy>;
  noexecLibraries: string[];
  missingLibraries: string[];
  missingLibrariesNeededBy: Record<string, string>;
};

interface ScriptFacts {
  interpreter: string | null;
  interpreterArgument: string | null;
  interpreterFound: boolean;
  interpreterFacts: InspectionFacts | null;
  /** Why binfmt_script refuses the #! line, when it does. */
  scriptError: string | null;
}

/** What the inspection found; the fields of the file's format are present. */
export type InspectionFacts = {
  path: string;
  exists: boolean;
  resolvedPath?: string;
  /** Permission, mount and file type let the app's user exec it. */
  executable?: boolean;
  access?: AccessFacts;
  format: Exclude<Inspection, { exists: false }>['format'] | null;
  /** The errno when the file does not exist, or why it cannot be run or read. */
  error?: string;
  go: GoFacts | null;
  goError?: string;
} & Partial<ElfFacts> & Partial<Omit<ScriptFacts, 'interpreter' | 'interpreterFound'>>;

export type StaticBinaryFacts = InspectionFacts & {
  ldLibraryPath: string | null;
  /** The credentials exec permission was decided for (filesystem uid/gid). */
  credentials: CredentialFacts | null;
  credentialsError: string | null;
  /** Why noexec could not be told (mountinfo unreadable), or null. */
  mountinfoError: string | null;
};

function accessFacts(a: ExecAccess): AccessFacts {
  const d = a.decision;
  return { allowed: d.allowed, by: d.allowed ? d.by : null, why: d.allowed ? null : d.why, searchDeniedAt: a.searchDeniedAt, mountPoint: a.mountPoint, noexec: a.noexec };
}

function factsOf(i: Inspection, host: HostArch): InspectionFacts {
  if (!i.exists) return { path: i.path, exists: false, error: i.errno, format: null, go: null };
  const common = { path: i.path, exists: true, resolvedPath: i.resolvedPath, executable: i.executable, access: accessFacts(i.access), format: i.format };
  if (i.format === 'script') {
    const nested = i.interpreterInspection;
    const line = i.script;
    const script: ScriptFacts = {
      interpreter: line.ok ? line.interpreter : null,
      interpreterArgument: line.ok ? line.argument : null,
      interpreterFound: nested?.exists === true,
      interpreterFacts: nested && factsOf(nested, host),
      scriptError: line.ok ? null : line.reason,
    };
    return { ...common, ...script, go: null };
  }
  if ('problem' in i) return { ...common, error: i.problem, go: null };
  if (i.format === 'too-deep') return { ...common, go: null };
  return { ...common, ...elfFacts(i.elf, host), go: goFacts(i.go), ...(i.goError ? { goError: i.goError } : {}) };
}

function elfFacts(e: ElfSummary, host: HostArch): ElfFacts {
  const libs = Object.entries(e.libraries);
  return {
    ...e,
    hostMachine: hostMachineName(host),
    interpreterAccess: e.interpreterAccess && accessFacts(e.interpreterAccess),
    libraries: Object.fromEntries(libs.map(([name, l]) => [name, l.path])),
    libraryFoundBy: Object.fromEntries(libs.map(([name, l]) => [name, l.foundBy])),
    noexecLibraries: libs.filter(([, l]) => l.noexec).map(([name]) => name),
    missingLibraries: e.missingLibraries.map((m) => m.name),
    missingLibrariesNeededBy: Object.fromEntries(e.missingLibraries.map((m) => [m.name, m.neededBy])),
  };
}

function goFacts(go: GoBuildInfo | null): GoFacts | null {
  if (!go) return null;
  const cgo = go.settings.CGO_ENABLED;
  return {
    version: go.version,
    cgoEnabled: cgo === undefined ? null : cgo === '1',
    settings: go.settings,
    mainModule: go.mainModule,
    path: go.path,
    buildInfoFormat: go.format,
  };
}

function findingsOf(i: Inspection, host: HostArch): Finding[] {
  if (!i.exists) return [lookupFinding(i.path, i.errno)];
  const access = accessFindings(i.path, i.access);
  if (i.access.decision.allowed === false && i.access.decision.why === 'not-regular') return access;
  switch (i.format) {
    case 'unreadable':
      return [...access, F.make('BINARY_UNREADABLE', `${i.problem}: its format, loader and libraries are unknown; exec permission for the app's user: ${i.executable ? 'yes' : 'no'}`)];
    case 'too-deep':
      return access;
    case 'script':
      return [...access, ...scriptFindings(i, host)];
    case 'other':
      return [...access, F.make('BINARY_MALFORMED', `${i.problem}: exec would fail with ENOEXEC ("exec format error")`)];
    case 'elf':
      if ('problem' in i) return [...access, F.make('BINARY_MALFORMED', `${i.problem}: exec would fail with ENOEXEC ("exec format error")`)];
      return [...access, ...elfFindings(i.path, i.elf, i.go, host), ...goFindings(i.go)];
  }
}

function lookupFinding(file: string, errno: string): Finding {
  if (errno === 'EACCES') return F.make('BINARY_PATH_DENIED', `${file}: a directory on the path cannot be searched by this process: exec would fail with EACCES`);
  return F.make('BINARY_NOT_FOUND', `${file} cannot be found in the target root (${errno})`);
}

type DeniedCode = 'BINARY_PATH_DENIED' | 'BINARY_NOT_REGULAR_FILE' | 'BINARY_NOEXEC_MOUNT' | 'BINARY_NOT_EXECUTABLE';

/** Why the kernel refuses to open a file for exec (each is EACCES), in the order it checks. */
function denials(a: ExecAccess): { code: DeniedCode; why: string }[] {
  const found: { code: DeniedCode; why: string }[] = [];
  if (a.searchDeniedAt !== null) found.push({ code: 'BINARY_PATH_DENIED', why: `the app's user may not search ${a.searchDeniedAt}` });
  const d = a.decision;
  if (d.allowed) return found;
  if (d.why === 'not-regular') return [...found, { code: 'BINARY_NOT_REGULAR_FILE', why: 'is not a regular file' }];
  if (d.why === 'noexec-mount') return [...found, { code: 'BINARY_NOEXEC_MOUNT', why: `is on ${a.mountPoint}, mounted noexec` }];
  return [...found, { code: 'BINARY_NOT_EXECUTABLE', why: "has a mode that gives the app's user no execute permission" }];
}

function accessFindings(file: string, a: ExecAccess): Finding[] {
  return denials(a).map((d) => F.make(d.code, `${file} ${d.why}: exec would fail with EACCES`));
}

/** The script and every interpreter after it, as far as the inspection went. */
function interpreterChain(i: Inspection): Inspection[] {
  const chain = [i];
  for (let next = i; next.exists && next.format === 'script' && next.interpreterInspection; next = next.interpreterInspection) chain.push(next.interpreterInspection);
  return chain;
}

const SCRIPT_REASONS: Record<string, string> = {
  'no-interpreter': 'names no interpreter',
  'interpreter-truncated': 'names an interpreter whose path does not end within the 256 bytes the kernel reads',
};

function scriptFindings(i: Extract<Inspection, { format: 'script' }>, host: HostArch): Finding[] {
  if (!i.script.ok) return [F.make('BINARY_SCRIPT_INVALID', `${i.path}: its #! line ${SCRIPT_REASONS[i.script.reason]}: exec would fail with ENOEXEC`)];
  const chain = interpreterChain(i);
  const last = chain.at(-1)!;
  if (last.exists && last.format === 'too-deep' && last.executable) {
    return [F.make('BINARY_INTERPRETER_LOOP', `${chain.map((c) => c.path).join(' → ')}: more than ${MAX_INTERPRETER_DEPTH} nested interpreters: exec would fail with ELOOP`)];
  }
  const interpreter = i.script.interpreter;
  const nested = i.interpreterInspection!;
  if (!nested.exists && nested.errno === 'ENOENT') {
    if (interpreter.endsWith('\r')) return [F.make('BINARY_SCRIPT_CRLF', `${i.path}: its #! line names ${JSON.stringify(interpreter)} (a CR before the newline): exec would fail with ENOENT`)];
    return [F.make('BINARY_INTERPRETER_MISSING', `${i.path} is a script for ${interpreter}, which is not in the target root: exec would fail with ENOENT`)];
  }
  return findingsOf(nested, host)
    .filter((f) => f.code !== 'GO_VERSION_OLD')
    .map((f) => ({ ...f, message: `#! interpreter ${interpreter}: ${f.message}` }));
}

const ACCEPTANCE_FINDINGS = {
  'foreign-machine': 'BINARY_WRONG_ARCH',
  'wrong-class': 'BINARY_WRONG_ARCH',
  'compat-32bit': 'BINARY_COMPAT_32BIT',
  'not-a-program': 'BINARY_NOT_A_PROGRAM',
} as const;

function elfFindings(file: string, e: ElfSummary, go: GoBuildInfo | null, host: HostArch): Finding[] {
  if (!e.kernelAccepts.runs) {
    const what = e.kernelAccepts.why === 'not-a-program' ? 'an ELF file that is not a program' : `${e.machine} (${e.class}-bit, ${e.endian}-endian)`;
    return [F.make(ACCEPTANCE_FINDINGS[e.kernelAccepts.why], `${file} is ${what}, this node is ${hostMachineName(host)}: exec would fail with ENOEXEC ("exec format error")`)];
  }
  if (e.linkage !== 'dynamic' || e.interpreter === null) return [];
  const built = go ? `a Go binary (${cgoNote(go)})` : 'not a Go binary';
  if (!e.interpreterFound) {
    const base = loaderKind(e.interpreter) === 'musl' ? 'a musl base image such as alpine' : 'a glibc base image such as distroless/base or cc';
    return [F.make('BINARY_INTERPRETER_MISSING', `${file} (${built}) needs the loader ${e.interpreter}, which is not in the target root: exec would fail with ENOENT; ${base} ships it`)];
  }
  const loader = loaderFindings(e);
  const libraries = libraryFindings(file, e, built);
  if (loader.length > 0 || libraries.length > 0) return [...loader, ...libraries];
  return [F.make('BINARY_DYNAMIC', dynamicMessage(file, e, go))];
}

function loaderFindings(e: ElfSummary): Finding[] {
  const loader = `the loader ${e.interpreter}`;
  const denied = e.interpreterAccess ? denials(e.interpreterAccess) : [];
  if (denied.length > 0) return denied.map((d) => F.make('BINARY_INTERPRETER_DENIED', `${loader} ${d.why}: exec would fail with EACCES`));
  if (e.interpreterProblem) return [F.make('BINARY_INTERPRETER_BAD', `${loader} is not an ELF program for this machine (${e.interpreterProblem.reason}): exec would fail with ${e.interpreterProblem.errno}`)];
  if (e.interpreterUnreadable) return [F.make('BINARY_UNREADABLE', `${loader} cannot be read by this process: whether the kernel accepts it is unknown`)];
  return [];
}

function libraryFindings(file: string, e: ElfSummary, built: string): Finding[] {
  const neededBy = (m: { name: string; neededBy: string }) => (m.neededBy === file ? m.name : `${m.name} (needed by ${m.neededBy})`);
  const notCached = e.missingLibraries.filter((m) => m.inConfDir !== null);
  const missing = e.missingLibraries.filter((m) => m.inConfDir === null);
  const noexec = Object.entries(e.libraries).filter(([, l]) => l.noexec);
  const cache = e.ldSoCache === 'new' || e.ldSoCache === 'old' || e.ldSoCache === 'compat' ? `the ${e.ldSoCache}-format /etc/ld.so.cache lacks it` : `no usable /etc/ld.so.cache (${e.ldSoCache})`;
  return [
    ...(missing.length > 0 ? [F.make('BINARY_LIBRARY_MISSING', `${file} (${built}): the loader would not find ${missing.map(neededBy).join(', ')}`)] : []),
    ...notCached.map((m) => F.make('BINARY_LIBRARY_NOT_IN_CACHE', `${file}: ${neededBy(m)} is in ${m.inConfDir} (listed in ld.so.conf), but ${cache}: the loader would not find it`)),
    ...noexec.map(([name, l]) => F.make('BINARY_LIBRARY_NOEXEC', `${file}: ${name} (${l.path}) is on a noexec mount: the loader cannot map it`)),
  ];
}

function cgoNote(go: GoBuildInfo): string {
  const cgo = go.settings.CGO_ENABLED;
  return cgo === undefined ? 'CGO_ENABLED not recorded' : `CGO_ENABLED=${cgo}`;
}

function dynamicMessage(file: string, e: ElfSummary, go: GoBuildInfo | null): string {
  const libs = e.needed.length > 0 ? ` and ${e.needed.join(', ')}` : ' (no libraries, but exec still needs the loader';
  const pie = e.needed.length > 0 ? '' : go ? ': Go -buildmode=pie)' : ')';
  return `${file} is dynamically linked: loadable here, but needs ${e.interpreter}${libs}${pie} from the base image`;
}

function goFindings(go: GoBuildInfo | null): Finding[] {
  const release = go && goRelease(go.version);
  if (!go || !release || goAtLeast(release, 1, 21)) return [];
  const gomemlimit = goAtLeast(release, 1, 19) ? 'GOMEMLIMIT works with it' : 'it ignores GOMEMLIMIT (before go1.19)';
  return [F.make('GO_VERSION_OLD', `built with ${go.version}, older than go1.21; ${gomemlimit}`)];
}
