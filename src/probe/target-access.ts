// Which of another process's /proc entries this process may not read. Reading /proc/<pid>/root,
// ns/*, environ (and on some kernels mountinfo) needs ptrace read access: the same uid, root, or
// CAP_SYS_PTRACE. Probed once, so a denial is one finding per source rather than one per check.
import { constants } from 'node:fs';
import { open } from './async-fs.js';
import { failureFrom, ok, type Result } from '../core/result.js';
import { procPidPath, type ProbeContext } from './context.js';
import { readLinkText, readText } from './fs.js';

export interface DeniedSource {
  /** The entry under /proc/<pid>, e.g. `ns/pid`. */
  source: string;
  path: string;
  code: 'EACCES' | 'EPERM';
  /** What the checks read there, for the message. */
  usedFor: string;
}

type Probe = (file: string) => Promise<Result<unknown>>;

// Opening the directory follows the link, which is where the kernel checks ptrace access.
const listable: Probe = async (dir) => {
  try {
    await (await open(dir, constants.O_RDONLY | constants.O_DIRECTORY)).close();
    return ok(null);
  } catch (err) {
    return failureFrom(err);
  }
};

const SOURCES: { source: string; usedFor: string; probe: Probe; onlyWithBinary?: true }[] = [
  { source: 'status', usedFor: 'capabilities and user', probe: (f) => readText(f) },
  // Every ns/* link has the same ptrace check: one source, probed through ns/pid.
  { source: 'ns/*', usedFor: 'the PID and user namespaces (pid-namespace, capabilities, the ns_last_pid prediction)', probe: (f) => readLinkText(f.replace(/\*$/, 'pid')) },
  { source: 'mountinfo', usedFor: 'mounts (/proc/sys, cgroups)', probe: (f) => readText(f) },
  { source: 'cgroup', usedFor: 'the cgroup paths', probe: (f) => readText(f) },
  { source: 'root', usedFor: 'the target\'s files (cgroup limits, the app binary)', probe: listable },
  { source: 'environ', usedFor: 'LD_LIBRARY_PATH for the app binary', probe: (f) => readText(f, 1), onlyWithBinary: true },
];

/** The denied sources of a --pid target; none for this process itself (nothing to be denied). */
export async function deniedSources(ctx: Pick<ProbeContext, 'procRoot' | 'pid' | 'options'>): Promise<DeniedSource[]> {
  if (ctx.pid === 'self') return [];
  const sources = SOURCES.filter((s) => !s.onlyWithBinary || ctx.options.binary !== undefined);
  const results = await Promise.all(sources.map(async (s) => ({ ...s, path: procPidPath(ctx, s.source), result: await s.probe(procPidPath(ctx, s.source)) })));
  return results.flatMap(({ source, usedFor, path, result }) =>
    !result.ok && (result.code === 'EACCES' || result.code === 'EPERM') ? [{ source, usedFor, path, code: result.code }] : [],
  );
}
