// cgroup-pids: the task limit (pids.max) along the cgroup path, how many tasks the cgroup has,
// and how many forks it already refused. Threads count as tasks: a Go service with too few
// cannot start its Ps, and node itself aborts at start (docs/design.md, "cgroups").
import path from 'node:path';
import { defineCgroupCheck, hiddenLimitMessage, limitHidden, requireLimitFile, type CgroupPlace, type Judged } from '../cgroup/check.js';
import type { Bound, CgroupFiles } from '../cgroup/files.js';
import { countOf, numberOf, readAlongPath, readKeyed, readNearest, tightest } from '../cgroup/files.js';
import type { CgroupLocation } from '../cgroup/mounts.js';
import { defineFindings } from '../core/check.js';
import { NOT_A_POD_SPEC_CHANGE } from '../remedy/patch.js';
import type { Finding } from '../core/types.js';
import { parseV2Limit } from '../parse/cgroup-files.js';
import type { ProbeContext } from '../probe/context.js';

/** Threads a Go service has beyond its Ps: sysmon, the template thread, threads blocked in syscalls and cgo. */
export const GO_THREAD_MARGIN = 16;

const F = defineFindings({
  PIDS_LIMIT_TOO_LOW: {
    severity: 'fail',
    summary: 'pids.max is below what a Go service needs to start.',
    cause:
      'The tightest pids.max from this process\'s cgroup up to the mount root is lower than --min-pids (default: GOMAXPROCS, from --app-cpu-limit or the CPU count, plus 16). Threads count as tasks: the Go runtime dies with "failed to create new OS thread" (and node aborts in pthread_create).',
    remedy: 'Raise the pod\'s PID limit (kubelet podPidsLimit, or the runtime\'s pids limit), set GOMAXPROCS lower (preflight.env does from --app-cpu-limit), or lower --min-pids if the service is known to fit.',
    fix: {
      noPatch: `${NOT_A_POD_SPEC_CHANGE}: the PID limit is the kubelet's podPidsLimit, node configuration`,
      cost: { podSecurity: 'restricted', requires: ['a kubelet podPidsLimit (or runtime pids limit) at or above --min-pids'], otherwise: 'a lower GOMAXPROCS (a lower --app-cpu-limit), or a lower --min-pids if the service is known to fit' },
      unproven: 'no scenario here raises a pids limit yet (runc\'s linux.resources.pids.limit would)',
    },
  },
  PIDS_FORKS_REFUSED: {
    severity: 'warn',
    summary: 'pids.max has already refused forks in this cgroup path.',
    cause: 'The "max" counter in pids.events is above zero: a fork or thread creation failed with EAGAIN because the limit was reached.',
    remedy: 'Raise the pod\'s PID limit, or find the process that leaks threads or children (`ps -eLf` in the pod).',
  },
  PIDS_LIMIT_NOT_VISIBLE: {
    severity: 'warn',
    summary: 'No pids limit is visible, and the cgroups above this one are hidden.',
    cause:
      'The process is in a cgroup namespace (the default for containers on cgroup v2), or its cgroup mount\'s root is its own cgroup (runc on v1): a pids.max on the pod\'s cgroup above (kubelet podPidsLimit) is enforced but cannot be read from here.',
    remedy: 'Run init-preflight on the node with --pid, which reads the node\'s own cgroup mounts and sees every ancestor; or check the kubelet\'s podPidsLimit.',
  },
});

interface PidsReading {
  limit: Bound;
  current: number | null;
  currentSource: string | null;
  maxEvents: number | null;
  maxEventsSource: string | null;
}

export interface CgroupPidsFacts extends CgroupPlace {
  /** The tightest pids.max of this cgroup and its visible ancestors; null = max (or unknown, see error). */
  limit: number | null;
  limitSource: string | null;
  /** pids.current of the nearest cgroup, leaf up, with the pids controller. */
  current: number | null;
  currentSource: string | null;
  /** The largest "max" count in pids.events along the path: forks refused. */
  maxEvents: number | null;
  maxEventsSource: string | null;
  minPids: number;
}

async function measure(ctx: CgroupFiles, { levels, cgroupPath }: CgroupLocation): Promise<PidsReading> {
  const [limits, current, events] = await Promise.all([
    readAlongPath(ctx, levels, 'pids.max', parseV2Limit),
    readNearest(ctx, levels, 'pids.current'),
    Promise.all(levels.map((dir) => readKeyed(ctx, path.posix.join(dir, 'pids.events')))),
  ]);
  // The root cgroup has no pids.max, in v1 and v2 alike.
  if (cgroupPath !== '/') requireLimitFile(limits, path.posix.join(levels[0]!, 'pids.max'));
  // Where a refused fork is counted depends on the kernel (test/vm): 5.10 and 6.1 count it in the
  // forking task's cgroup, 6.12 in the cgroup whose limit refused it. The largest count covers both.
  let maxEvents: number | null = null;
  let maxEventsSource: string | null = null;
  events.forEach((values, i) => {
    const count = numberOf(values, 'max');
    if (count !== null && (maxEvents === null || count > maxEvents)) [maxEvents, maxEventsSource] = [count, path.posix.join(levels[i]!, 'pids.events')];
  });
  return { limit: tightest(limits), current: countOf(current?.text), currentSource: current?.file ?? null, maxEvents, maxEventsSource };
}

/** The default --min-pids: the Go runtime's Ps (GOMAXPROCS) plus its other threads. */
export function defaultMinPids(ctx: Pick<ProbeContext, 'options' | 'cpus'>): number {
  const app = ctx.options.appCpuMillicores;
  const goMaxProcs = app === undefined ? ctx.cpus : Math.max(1, Math.ceil(app / 1000));
  return goMaxProcs + GO_THREAD_MARGIN;
}

function judge(ctx: ProbeContext, reading: PidsReading | undefined, place: CgroupPlace): Judged<CgroupPidsFacts> {
  const limit = reading?.limit ?? { value: null, source: null };
  const minPids = ctx.options.minPids ?? defaultMinPids(ctx);
  const facts: CgroupPidsFacts = {
    ...place,
    limit: limit.value,
    limitSource: limit.source,
    current: reading?.current ?? null,
    currentSource: reading?.currentSource ?? null,
    maxEvents: reading?.maxEvents ?? null,
    maxEventsSource: reading?.maxEventsSource ?? null,
    minPids,
  };
  const findings: Finding[] = [];
  if (limit.value !== null && limit.value < minPids) {
    findings.push(F.make('PIDS_LIMIT_TOO_LOW', `pids.max ${limit.value} from ${limit.source ?? '?'} is below --min-pids ${minPids}.`));
  }
  if (reading?.maxEvents) findings.push(F.make('PIDS_FORKS_REFUSED', `${reading.maxEvents} fork(s) refused, recorded in ${reading.maxEventsSource ?? '?'}.`));
  if (reading && limitHidden(facts, limit.value)) findings.push(F.make('PIDS_LIMIT_NOT_VISIBLE', hiddenLimitMessage('pids limit', facts)));
  return { facts, findings };
}

export const cgroupPidsCheck = defineCgroupCheck<PidsReading, CgroupPidsFacts>({
  id: 'cgroup-pids', controller: 'pids', mounted: 'the pids controller mounted (v1 /sys/fs/cgroup/pids) or enabled (v2 cgroup.controllers)',
  shown: { own: (f) => f.limit, app: () => null, format: String },
  findings: F.specs, measure, judge,
});
