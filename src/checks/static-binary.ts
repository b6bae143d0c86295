// static-binary: will exec of the app's binary work in the filesystem the app runs in?
// (docs/design.md, "ELF linkage"). The inspection lives in src/binary; this file turns it into
// facts and findings whose messages say what was found.
import { hostMachineName, type HostArch } from '../binary/format/elf-machine.js';
import type { GoBuildInfo } from '../binary/format/go-buildinfo.js';
import { goAtLeast, goRelease } from '../binary/go-version.js';
import { inspectBinary, type ElfSummary, type Inspection } from '../binary/inspect.js';
import { loaderKind } from '../binary/library-search.js';
import { defineCheck, defineFindings, skipped } from '../core/check.js';
import type { Finding, Fix, ProbeOutcome } from '../core/types.js';
import { NOT_A_POD_SPEC_CHANGE } from '../remedy/patch.js';
import { procPidPath, type ProbeContext } from '../probe/context.js';
import { readText } from '../probe/fs.js';

const STATIC_BUILD =
  'Build a static binary and run it on scratch or distroless/static: Go with CGO_ENABLED=0 and without -buildmode=pie ' +
  '(net and os/user have pure-Go fallbacks; add -tags netgo,osusergo if cgo stays on); C with gcc -static or -static-pie, or musl-gcc -static';
const LOADER_IMAGES =
  'a base image that ships the loader the message names: glibc (/lib64/ld-linux-x86-64.so.2, /lib/ld-linux-aarch64.so.1) — ' +
  'distroless/base or cc, Debian, Ubuntu, not scratch, distroless/static or alpine; musl (/lib/ld-musl-x86_64.so.1, ' +
  '/lib/ld-musl-aarch64.so.1) — alpine';

// Exec fails whatever the pod allows, so these remedies change the image, not the pod spec.
const IMAGE_CHANGE: Fix = {
  noPatch: `${NOT_A_POD_SPEC_CHANGE}: the image is rebuilt`,
  cost: { podSecurity: 'restricted', requires: [], otherwise: 'none: the app cannot start from this image' },
};

const F = defineFindings({
  BINARY_NOT_FOUND: {
    severity: 'fail',
    summary: 'the app binary does not exist in the target root',
    cause: 'The --binary path, resolved inside the app’s root filesystem (symlinks followed inside it), names nothing.',
    remedy: 'Point --binary (PREFLIGHT_BINARY) at the path the app container executes, as seen inside its image.',
    fix: {
      noPatch: 'the path the app container executes is not known here',
      cost: { podSecurity: 'restricted', requires: [], otherwise: 'none: a check of another file says nothing about the app' },
    },
  },
  BINARY_NOT_EXECUTABLE: {
    severity: 'fail',
    summary: 'the app binary has no execute permission',
    cause: 'The file has no x bit in its mode, so exec fails with "permission denied".',
    remedy: 'Set the mode in the image (COPY --chmod=0755, or chmod +x in the build).',
    fix: IMAGE_CHANGE,
  },
  BINARY_WRONG_ARCH: {
    severity: 'fail',
    summary: 'the app binary is built for another machine',
    cause: 'The ELF e_machine (and byte order) differs from this node’s, so exec fails with "exec format error".',
    remedy: 'Build for this node’s architecture (Go: GOARCH), or publish a multi-arch image so the node pulls the matching one.',
    fix: IMAGE_CHANGE,
  },
  BINARY_MALFORMED: {
    severity: 'fail',
    summary: 'the app binary cannot be parsed',
    cause: 'The file is neither a well-formed ELF file nor a #! script: truncated, damaged, or not a program.',
    remedy: 'Rebuild the image; check that the binary was not truncated or replaced by a text file (e.g. a Git LFS pointer).',
    fix: IMAGE_CHANGE,
  },
  BINARY_INTERPRETER_MISSING: {
    severity: 'fail',
    summary: 'the binary’s interpreter is absent from the target root',
    cause: 'The kernel loads the PT_INTERP program (or #! interpreter) before the app; when it is missing exec fails with "no such file or directory", although the binary exists.',
    remedy: `${STATIC_BUILD}; or use ${LOADER_IMAGES}; for a #! script, a base image that ships its interpreter.`,
    fix: IMAGE_CHANGE,
  },
  BINARY_LIBRARY_MISSING: {
    severity: 'fail',
    summary: 'a shared library the binary needs is absent from the target root',
    cause: 'A DT_NEEDED library was not found through RPATH/RUNPATH, LD_LIBRARY_PATH, ld.so.conf or the loader’s default directories inside the root; the loader would stop with "cannot open shared object file".',
    remedy: `${STATIC_BUILD}; or install the missing libraries in the image.`,
    fix: IMAGE_CHANGE,
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
  if (!f.exists) return `${f.path}: not found`;
  return [f.path, f.format, f.machine, f.linkage, f.go?.version].filter((x) => typeof x === 'string').join(', ');
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<StaticBinaryFacts>> {
  const binary = ctx.options.binary;
  if (!binary) return skipped('no --binary given', {});
  const ldLibraryPath = await ldLibraryPathOf(ctx);
  const inspection = await inspectBinary(ctx.root, binary.startsWith('/') ? binary : `/${binary}`, { host: ctx.host, ldLibraryPath });
  return { facts: { ...factsOf(inspection, ctx.host), ldLibraryPath: ldLibraryPath ?? null }, findings: findingsOf(inspection, ctx.host) };
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

interface GoFacts {
  version: string;
  cgoEnabled: boolean | null;
  settings: Record<string, string>;
  mainModule: GoBuildInfo['mainModule'];
  path: string | null;
  buildInfoFormat: GoBuildInfo['format'];
}

/** The ELF summary, with missing libraries by name and the host's machine beside the file's. */
type ElfFacts = Omit<ElfSummary, 'missingLibraries'> & {
  hostMachine: string;
  missingLibraries: string[];
  missingLibrariesNeededBy: Record<string, string>;
};

interface ScriptFacts {
  interpreter: string | null;
  interpreterArgument: string | null;
  interpreterFound: boolean;
  interpreterFacts: InspectionFacts | null;
}

/** What the inspection found; the fields of the file's format are present. */
export type InspectionFacts = {
  path: string;
  exists: boolean;
  resolvedPath?: string;
  executable?: boolean;
  format: 'elf' | 'script' | 'other' | null;
  /** The errno when the file does not exist, or why it cannot be run. */
  error?: string;
  go: GoFacts | null;
  goError?: string;
} & Partial<ElfFacts> & Partial<Omit<ScriptFacts, 'interpreter' | 'interpreterFound'>>;

export type StaticBinaryFacts = InspectionFacts & { ldLibraryPath: string | null };

function factsOf(i: Inspection, host: HostArch): InspectionFacts {
  if (!i.exists) return { path: i.path, exists: false, error: i.errno, format: null, go: null };
  const common = { path: i.path, exists: true, resolvedPath: i.resolvedPath, executable: i.executable, format: i.format };
  if (i.format === 'script') {
    const nested = i.interpreterInspection;
    const script: ScriptFacts = { interpreter: i.interpreter, interpreterArgument: i.argument, interpreterFound: i.interpreterFound, interpreterFacts: nested && factsOf(nested, host) };
    return { ...common, ...script, go: null };
  }
  if ('problem' in i) return { ...common, error: i.problem, go: null };
  return { ...common, ...elfFacts(i.elf, host), go: goFacts(i.go), ...(i.goError ? { goError: i.goError } : {}) };
}

function elfFacts(e: ElfSummary, host: HostArch): ElfFacts {
  return {
    ...e,
    hostMachine: hostMachineName(host),
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
  if (!i.exists) return [F.make('BINARY_NOT_FOUND', `${i.path} does not exist in the target root (${i.errno})`)];
  const permission = i.executable ? [] : [F.make('BINARY_NOT_EXECUTABLE', `${i.path} has mode without any execute bit`)];
  if (i.format === 'script') return [...permission, ...scriptFindings(i, host)];
  if ('problem' in i) return [...permission, F.make('BINARY_MALFORMED', `${i.problem}: exec would fail with "exec format error"`)];
  return [...permission, ...elfFindings(i.path, i.elf, i.go, host), ...goFindings(i.go)];
}

function scriptFindings(i: Extract<Inspection, { format: 'script' }>, host: HostArch): Finding[] {
  if (i.interpreter === null) return [F.make('BINARY_MALFORMED', `${i.path} starts with #! but names no interpreter the kernel accepts`)];
  const nested = i.interpreterInspection;
  if (!nested?.exists) {
    return [F.make('BINARY_INTERPRETER_MISSING', `${i.path} is a script for ${i.interpreter}, which is not in the target root: exec would fail with "no such file or directory"`)];
  }
  return findingsOf(nested, host)
    .filter((f) => f.code !== 'GO_VERSION_OLD')
    .map((f) => ({ ...f, message: `script interpreter ${i.interpreter}: ${f.message}` }));
}

function elfFindings(file: string, e: ElfSummary, go: GoBuildInfo | null, host: HostArch): Finding[] {
  if (e.archMatch === 'foreign') {
    return [F.make('BINARY_WRONG_ARCH', `${file} is ${e.machine} (${e.class}-bit, ${e.endian}-endian), this node is ${hostMachineName(host)}: exec would fail with "exec format error"`)];
  }
  if (e.linkage !== 'dynamic' || e.interpreter === null) return [];
  const built = go ? `a Go binary (${cgoNote(go)})` : 'not a Go binary';
  if (!e.interpreterFound) {
    const base = loaderKind(e.interpreter) === 'musl' ? 'a musl base image such as alpine' : 'a glibc base image such as distroless/base or cc';
    return [F.make('BINARY_INTERPRETER_MISSING', `${file} (${built}) needs the loader ${e.interpreter}, which is not in the target root: exec would fail with "no such file or directory"; ${base} ships it`)];
  }
  if (e.missingLibraries.length > 0) {
    const list = e.missingLibraries.map((m) => (m.neededBy === file ? m.name : `${m.name} (needed by ${m.neededBy})`)).join(', ');
    return [F.make('BINARY_LIBRARY_MISSING', `${file} (${built}): the loader would not find ${list}`)];
  }
  return [F.make('BINARY_DYNAMIC', dynamicMessage(file, e, go))];
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
