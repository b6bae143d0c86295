// static-binary: will exec of the app's binary work in the filesystem the app runs in?
// (DESIGN §3, §5, §6). The inspection lives in src/binary; this file turns it into facts and
// findings with remedies that fit what was found.
import { endianness } from 'node:os';
import { procPidPath, readText, type ProbeContext } from '../context.js';
import { defineFindings } from '../findings.js';
import type { CheckDefinition, CheckOutcome, Facts, Finding } from '../types.js';
import { hostMachineName, type HostArch } from '../parse/elf-machine.js';
import type { GoBuildInfo } from '../parse/go-buildinfo.js';
import { goAtLeast, goRelease } from '../binary/go-version.js';
import { inspectBinary, type ElfSummary, type Inspection } from '../binary/inspect.js';
import { loaderKind } from '../binary/library-search.js';
import { rootFs } from '../binary/root-fs.js';

const STATIC_BUILD = 'build a static binary (Go: CGO_ENABLED=0; C: -static) and run it on scratch or distroless/static';

const F = defineFindings({
  BINARY_NOT_FOUND: {
    severity: 'fail',
    summary: 'the app binary does not exist in the target root',
    cause: 'The --binary path, resolved inside the app’s root filesystem (symlinks followed inside it), names nothing.',
    remedy: 'Point --binary (PREFLIGHT_BINARY) at the path the app container executes, as seen inside its image.',
  },
  BINARY_NOT_EXECUTABLE: {
    severity: 'fail',
    summary: 'the app binary has no execute permission',
    cause: 'The file has no x bit in its mode, so exec fails with "permission denied".',
    remedy: 'Set the mode in the image (COPY --chmod=0755, or chmod +x in the build).',
  },
  BINARY_WRONG_ARCH: {
    severity: 'fail',
    summary: 'the app binary is built for another machine',
    cause: 'The ELF e_machine (and byte order) differs from this node’s, so exec fails with "exec format error".',
    remedy: 'Build for this node’s architecture (Go: GOARCH), or publish a multi-arch image so the node pulls the matching one.',
  },
  BINARY_MALFORMED: {
    severity: 'fail',
    summary: 'the app binary cannot be parsed',
    cause: 'The file is neither a well-formed ELF file nor a #! script: truncated, damaged, or not a program.',
    remedy: 'Rebuild the image; check that the binary was not truncated or replaced by a text file (e.g. a Git LFS pointer).',
  },
  BINARY_INTERPRETER_MISSING: {
    severity: 'fail',
    summary: 'the binary’s interpreter is absent from the target root',
    cause: 'The kernel loads the PT_INTERP program (or #! interpreter) before the app; when it is missing exec fails with "no such file or directory", although the binary exists.',
    remedy: `${STATIC_BUILD}, or use a base image that ships the interpreter.`,
  },
  BINARY_LIBRARY_MISSING: {
    severity: 'fail',
    summary: 'a shared library the binary needs is absent from the target root',
    cause: 'A DT_NEEDED library was not found through RPATH/RUNPATH, LD_LIBRARY_PATH, ld.so.conf or the loader’s default directories inside the root; the loader would stop with "cannot open shared object file".',
    remedy: `${STATIC_BUILD}, or install the library in the image.`,
  },
  BINARY_DYNAMIC: {
    severity: 'warn',
    summary: 'the binary is dynamically linked (loadable in this root)',
    cause: 'Everything the loader needs is present now, but the binary depends on the image’s loader and libraries: a base-image change can break it.',
    remedy: `${STATIC_BUILD} to remove the dependency on the base image.`,
  },
  GO_VERSION_OLD: {
    severity: 'warn',
    summary: 'the binary was built with Go older than 1.21',
    cause: 'Go build info names a release before 1.21; such releases get no security fixes, and before 1.19 ignore GOMEMLIMIT.',
    remedy: 'Rebuild with a supported Go release (≥ 1.21).',
  },
});

export const staticBinaryCheck: CheckDefinition = {
  id: 'static-binary',
  errorSeverity: 'warn',
  errorRemedy: 'Check that --binary names the app binary and that the target root is readable; rerun with --debug for details.',
  findings: F.specs,
  summarize,
  run,
};

function summarize(f: Facts): string {
  if (f.exists === false) return `${String(f.path)}: not found`;
  const go = (f.go as { version?: string } | null)?.version;
  return [f.path, f.format, f.machine, f.linkage, go].filter((x) => typeof x === 'string').join(', ');
}

async function run(ctx: ProbeContext): Promise<CheckOutcome> {
  const binary = ctx.options.binary;
  if (!binary) return { facts: {}, findings: [], skipReason: 'no --binary given' };
  const ldLibraryPath = await ldLibraryPathOf(ctx);
  const inspection = await inspectBinary(rootFs(ctx.targetRoot), binary.startsWith('/') ? binary : `/${binary}`, {
    host: hostArch(),
    ldLibraryPath,
  });
  return { facts: { ...factsOf(inspection), ldLibraryPath: ldLibraryPath ?? null }, findings: findingsOf(inspection) };
}

/**
 * The loader's LD_LIBRARY_PATH: from the node (--pid) the target's own environment; otherwise
 * this process's, which an initContainer must be given the app's value in.
 */
async function ldLibraryPathOf(ctx: ProbeContext): Promise<string | undefined> {
  if (typeof ctx.pid !== 'number') return process.env.LD_LIBRARY_PATH;
  const environ = await readText(procPidPath(ctx, 'environ'));
  const prefix = 'LD_LIBRARY_PATH=';
  return environ.ok ? environ.value.split('\0').find((v) => v.startsWith(prefix))?.slice(prefix.length) : undefined;
}

function hostArch(): HostArch {
  return { arch: process.arch, endian: endianness() === 'LE' ? 'little' : 'big' };
}

function factsOf(i: Inspection): Facts {
  if (!i.exists) return { path: i.path, exists: false, error: i.errno, format: null, go: null };
  const common = { path: i.path, exists: true, resolvedPath: i.resolvedPath, executable: i.executable, format: i.format };
  if (i.format === 'script') {
    const nested = i.interpreterInspection;
    return { ...common, interpreter: i.interpreter, interpreterArgument: i.argument, interpreterFound: i.interpreterFound, interpreterFacts: nested && factsOf(nested), go: null };
  }
  if ('problem' in i) return { ...common, error: i.problem, go: null };
  return { ...common, ...elfFacts(i.elf), go: goFacts(i.go), ...(i.goError ? { goError: i.goError } : {}) };
}

function elfFacts(e: ElfSummary): Facts {
  return {
    class: e.class,
    endian: e.endian,
    machine: e.machine,
    hostMachine: hostMachineName(hostArch()),
    archMatch: e.archMatch,
    linkage: e.linkage,
    interpreter: e.interpreter,
    interpreterFound: e.interpreterFound,
    interpreterPath: e.interpreterPath,
    needed: e.needed,
    runpath: e.runpath,
    rpath: e.rpath,
    libraries: e.libraries,
    missingLibraries: e.missingLibraries.map((m) => m.name),
    missingLibrariesNeededBy: Object.fromEntries(e.missingLibraries.map((m) => [m.name, m.neededBy])),
    // More than the walk's cap of shared objects: libraries past it were not looked for.
    dependencyWalkTruncated: e.dependencyWalkTruncated,
  };
}

function goFacts(go: GoBuildInfo | null): Facts | null {
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

function findingsOf(i: Inspection): Finding[] {
  if (!i.exists) return [F.make('BINARY_NOT_FOUND', `${i.path} does not exist in the target root (${i.errno})`)];
  const permission = i.executable ? [] : [F.make('BINARY_NOT_EXECUTABLE', `${i.path} has mode without any execute bit`)];
  if (i.format === 'script') return [...permission, ...scriptFindings(i)];
  if ('problem' in i) return [...permission, F.make('BINARY_MALFORMED', `${i.problem}: exec would fail with "exec format error"`)];
  return [...permission, ...elfFindings(i.path, i.elf, i.go), ...goFindings(i.go)];
}

function scriptFindings(i: Extract<Inspection, { format: 'script' }>): Finding[] {
  if (i.interpreter === null) return [F.make('BINARY_MALFORMED', `${i.path} starts with #! but names no interpreter the kernel accepts`)];
  const nested = i.interpreterInspection;
  if (!nested?.exists) {
    return [F.make('BINARY_INTERPRETER_MISSING', `${i.path} is a script for ${i.interpreter}, which is not in the target root: exec would fail with "no such file or directory"`)];
  }
  return findingsOf(nested)
    .filter((f) => f.code !== 'GO_VERSION_OLD')
    .map((f) => ({ ...f, message: `script interpreter ${i.interpreter}: ${f.message}` }));
}

function elfFindings(file: string, e: ElfSummary, go: GoBuildInfo | null): Finding[] {
  if (e.archMatch === 'foreign') {
    const host = hostMachineName(hostArch());
    return [F.make('BINARY_WRONG_ARCH', `${file} is ${e.machine} (${e.class}-bit, ${e.endian}-endian), this node is ${host}: exec would fail with "exec format error"`)];
  }
  if (e.linkage !== 'dynamic' || e.interpreter === null) return [];
  if (!e.interpreterFound) {
    return [withRemedy(
      F.make('BINARY_INTERPRETER_MISSING', `${file} needs the loader ${e.interpreter}, which is not in the target root: exec would fail with "no such file or directory"`),
      interpreterRemedy(e.interpreter, go),
    )];
  }
  if (e.missingLibraries.length > 0) {
    const list = e.missingLibraries.map((m) => (m.neededBy === file ? m.name : `${m.name} (needed by ${m.neededBy})`)).join(', ');
    return [withRemedy(F.make('BINARY_LIBRARY_MISSING', `${file}: the loader would not find ${list}`), staticRemedy(go, 'or install the missing libraries in the image'))];
  }
  return [withRemedy(F.make('BINARY_DYNAMIC', dynamicMessage(file, e)), dynamicRemedy(e, go))];
}

function dynamicMessage(file: string, e: ElfSummary): string {
  const libs = e.needed.length > 0 ? ` and ${e.needed.join(', ')}` : ' (no libraries, but exec still needs the loader)';
  return `${file} is dynamically linked: loadable here, but needs ${e.interpreter}${libs} from the base image`;
}

function interpreterRemedy(interpreter: string, go: GoBuildInfo | null): string {
  const base = loaderKind(interpreter) === 'musl'
    ? `use a musl base image that ships ${interpreter} (e.g. alpine)`
    : `use a glibc base image that ships ${interpreter} (e.g. gcr.io/distroless/base or cc; not scratch, distroless/static or alpine)`;
  return staticRemedy(go, `or ${base}`);
}

function dynamicRemedy(e: ElfSummary, go: GoBuildInfo | null): string {
  if (go && e.needed.length === 0) {
    return 'Go -buildmode=pie still asks the kernel for the loader: build without -buildmode=pie (CGO_ENABLED=0) for a binary that runs on scratch, or keep a base image that ships the loader.';
  }
  return staticRemedy(go, 'or pin a base image that ships the loader and these libraries');
}

function staticRemedy(go: GoBuildInfo | null, alternative: string): string {
  const build = go
    ? 'Build with CGO_ENABLED=0 (net and os/user have pure-Go fallbacks; add -tags netgo,osusergo if cgo stays on)'
    : 'Link statically (gcc -static or -static-pie, or musl-gcc -static)';
  return `${build} and run on scratch or distroless/static, ${alternative}.`;
}

function goFindings(go: GoBuildInfo | null): Finding[] {
  const release = go && goRelease(go.version);
  if (!go || !release || goAtLeast(release, 1, 21)) return [];
  const message = `built with ${go.version}, older than go1.21`;
  const remedy = goAtLeast(release, 1, 19)
    ? 'Rebuild with Go ≥ 1.21: this release gets no security fixes. GOMEMLIMIT from preflight.env works with it.'
    : 'Rebuild with Go ≥ 1.21: before 1.19 Go ignores GOMEMLIMIT, so the memory limit in preflight.env has no effect; until then bound the heap with GOGC.';
  return [withRemedy(F.make('GO_VERSION_OLD', message), remedy)];
}

function withRemedy(finding: Finding, remedy: string): Finding {
  return { ...finding, remedy };
}
