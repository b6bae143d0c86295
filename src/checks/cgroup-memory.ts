// cgroup-memory: the memory limit that will OOM-kill the app, the file that set it, and past
// OOM kills (docs/design.md, "cgroups").
import path from 'node:path';
import { defineCgroupCheck, limitFindings, requireLimitFile, type CgroupPlace, type Judged, type LimitRule } from '../cgroup/check.js';
import type { Bound, Candidate, CgroupFiles } from '../cgroup/files.js';
import { countOf, numberOf, readAlongPath, readCount, readKeyed, readNearest, tightest, valueOf } from '../cgroup/files.js';
import { parseKeyedValues } from '../parse/cgroup-files.js';
import type { CgroupLocation } from '../cgroup/mounts.js';
import { formatBytes } from '../cgroup/units.js';
import { defineFindings } from '../core/check.js';
import { bytesQuantity, inBothContainers } from '../remedy/patch.js';
import { parseV1MemoryLimit, parseV2Limit } from '../parse/cgroup-files.js';
import type { ProbeContext } from '../probe/context.js';

const F = defineFindings({
  MEMORY_LIMIT_TOO_LOW: {
    severity: 'fail',
    summary: 'The memory limit is below --min-memory.',
    cause:
      "The app container's limit (--app-memory-limit) when given, else the tightest cgroup limit from this process's cgroup up to the mount root (v2 memory.max; v1 memory.limit_in_bytes and memory.stat hierarchical_memory_limit), is lower than --min-memory. The kernel OOM-kills the service at that limit: exit 137, often with empty logs.",
    remedy:
      'Raise resources.limits.memory of the app container in the pod spec to at least --min-memory (and of this container when ' +
      '--app-memory-limit is not given: then its own limit was judged), or lower --min-memory if the service really fits; check the ' +
      'limitSource file for a parent slice that binds.',
    fix: {
      patch: (t) => {
        const change = { resources: { limits: { memory: bytesQuantity(t.checks.minMemoryBytes) } } };
        return t.checks.appMemoryLimitBytes === undefined ? inBothContainers(t, change) : { containers: [{ name: t.appContainer, ...change }] };
      },
      cost: {
        podSecurity: 'restricted',
        requires: ["room on the nodes, and the namespace's ResourceQuota and LimitRange allow the limit"],
        otherwise: 'lower --min-memory if the service is known to fit; a node-level limit (a parent slice in limitSource) needs the node\'s owner',
      },
    },
  },
  MEMORY_UNLIMITED: {
    severity: 'info',
    summary: 'No memory limit applies to this cgroup.',
    cause: 'Every memory limit file from the cgroup up to the mount root says unlimited (v2 "max", v1 LONG_MAX rounded to the page), and no --app-memory-limit was given.',
    remedy: 'Set resources.limits.memory in the pod spec (and pass it with --app-memory-limit from the Downward API) so the Go runtime gets a GOMEMLIMIT and the node does not evict the pod first.',
  },
  MEMORY_LIMIT_NOT_VISIBLE: {
    severity: 'warn',
    summary: 'No memory limit is visible, and the cgroups above this one are hidden.',
    cause:
      'The process is in a cgroup namespace (the default for containers on cgroup v2), or its cgroup mount\'s root is its own cgroup (runc on v1): limits set on the pod\'s cgroup above are enforced by the kernel but cannot be read from here, and v2 has no hierarchical_memory_limit. "Unlimited" would be a guess.',
    remedy:
      'Pass the app container\'s limit with --app-memory-limit (PREFLIGHT_APP_MEMORY_LIMIT from the Downward API: resourceFieldRef limits.memory); or run init-preflight on the node with --pid, which reads the node\'s own cgroup mounts and sees every ancestor.',
  },
  MEMORY_OOM_KILLED: {
    severity: 'warn',
    summary: 'Processes in this cgroup have been OOM-killed.',
    cause: 'The oom_kill counter in memory.events (v2) or memory.oom_control (v1) of the cgroup is above zero: the limit has already been hit.',
    remedy: 'Raise resources.limits.memory, or set GOMEMLIMIT below the limit (preflight.env does when --app-memory-limit is given), and look at the previous container\'s exit code 137 in `kubectl describe pod`.',
  },
});

type Measures = Pick<CgroupMemoryFacts, 'highBytes' | 'usageBytes' | 'usageSource' | 'oomKills' | 'oomKillsSource'>;

interface MemoryReading {
  limit: Bound;
  measures: Measures;
  /** v1's hierarchical_memory_limit is the kernel's answer over every ancestor, hidden or not. */
  seesAncestors: boolean;
}

const NOT_READ: Measures = { highBytes: null, usageBytes: null, usageSource: null, oomKills: null, oomKillsSource: null };

const MEMORY_LIMIT: LimitRule = { what: 'Memory limit', noun: 'memory limit', appOption: '--app-memory-limit', minOption: '--min-memory', format: formatBytes };

export interface CgroupMemoryFacts extends CgroupPlace {
  /** The tightest limit of this cgroup and its visible ancestors; null = unlimited (or unknown, see error). */
  limitBytes: number | null;
  /** The file that set it. */
  limitSource: string | null;
  highBytes: number | null;
  usageBytes: number | null;
  /** The file usage was read from: the nearest cgroup, leaf up, with the memory controller. */
  usageSource: string | null;
  oomKills: number | null;
  /** The file OOM kills were read from (memory.events counts the whole subtree). */
  oomKillsSource: string | null;
  appLimitBytes: number | null;
  minBytes: number;
}

function measure(ctx: CgroupFiles, location: CgroupLocation): Promise<MemoryReading> {
  return location.hierarchy === 'v1' ? measureV1(ctx, location) : measureV2(ctx, location);
}

async function measureV1(ctx: CgroupFiles, { levels }: CgroupLocation): Promise<MemoryReading> {
  const leaf = levels[0]!;
  const oomKillsSource = path.posix.join(leaf, 'memory.oom_control');
  const usageSource = path.posix.join(leaf, 'memory.usage_in_bytes');
  const [limits, stat, usageBytes, oom] = await Promise.all([
    readAlongPath(ctx, levels, 'memory.limit_in_bytes', parseV1MemoryLimit),
    readKeyed(ctx, path.posix.join(leaf, 'memory.stat')),
    readCount(ctx, usageSource),
    readKeyed(ctx, oomKillsSource),
  ]);
  requireLimitFile(limits.slice(0, 1), path.posix.join(leaf, 'memory.limit_in_bytes'));
  return {
    limit: v1Limit(limits, stat, leaf),
    measures: { highBytes: null, usageBytes, usageSource, oomKills: numberOf(oom, 'oom_kill'), oomKillsSource },
    seesAncestors: stat.has('hierarchical_memory_limit'),
  };
}

/**
 * memory.stat's hierarchical_memory_limit is the kernel's own answer: it sees ancestors above a
 * cgroup namespace's root, and skips them where an old kernel has use_hierarchy=0. The walk
 * only names the file that holds that value, when it is visible.
 */
function v1Limit(limits: readonly (Candidate | undefined)[], stat: Map<string, string>, leaf: string): Bound {
  const hierarchical = stat.get('hierarchical_memory_limit');
  if (hierarchical === undefined) return tightest(limits);
  const source = `${path.posix.join(leaf, 'memory.stat')} (hierarchical_memory_limit)`;
  const value = valueOf(parseV1MemoryLimit(hierarchical), source);
  if (value === null) return { value, source: null };
  return { value, source: limits.find((c) => c?.value === value)?.source ?? source };
}

async function measureV2(ctx: CgroupFiles, { levels, cgroupPath }: CgroupLocation): Promise<MemoryReading> {
  const leaf = levels[0]!;
  const [limits, highs, usage, events] = await Promise.all([
    readAlongPath(ctx, levels, 'memory.max', parseV2Limit),
    readAlongPath(ctx, levels, 'memory.high', parseV2Limit),
    readNearest(ctx, levels, 'memory.current'),
    readNearest(ctx, levels, 'memory.events'),
  ]);
  // A cgroup without the controller enabled is charged to its nearest ancestor that has it, so
  // any level may lack memory.max; only the root cgroup lacks it everywhere.
  if (cgroupPath !== '/') requireLimitFile(limits, path.posix.join(leaf, 'memory.max'));
  return {
    limit: tightest(limits),
    measures: {
      highBytes: tightest(highs).value,
      usageBytes: countOf(usage?.text),
      usageSource: usage?.file ?? null,
      oomKills: events ? numberOf(parseKeyedValues(events.text), 'oom_kill') : null,
      oomKillsSource: events?.file ?? null,
    },
    seesAncestors: false,
  };
}

function judge(ctx: ProbeContext, reading: MemoryReading | undefined, place: CgroupPlace): Judged<CgroupMemoryFacts> {
  const own = reading?.limit ?? { value: null, source: null };
  const app = ctx.options.appMemoryLimitBytes;
  const minimum = ctx.options.minMemoryBytes;
  const measures = reading?.measures ?? NOT_READ;
  const ancestorsVisible = reading?.seesAncestors ? true : place.ancestorsVisible;
  const facts: CgroupMemoryFacts = { ...place, limitBytes: own.value, limitSource: own.source, ancestorsVisible, ...measures, appLimitBytes: app ?? null, minBytes: minimum };
  const { findings, unlimited } = limitFindings(MEMORY_LIMIT, { app, own, minimum, place: facts, measured: reading !== undefined }, {
    low: (message) => F.make('MEMORY_LIMIT_TOO_LOW', message),
    hidden: (message) => F.make('MEMORY_LIMIT_NOT_VISIBLE', message),
  });
  if (unlimited) findings.push(F.make('MEMORY_UNLIMITED', `No memory limit on cgroup ${place.path ?? '?'} or its parents up to the mount at ${place.mountPoint ?? '?'}.`));
  if (measures.oomKills) findings.push(F.make('MEMORY_OOM_KILLED', `${measures.oomKills} OOM kill(s) recorded in ${measures.oomKillsSource ?? '?'}.`));
  return { facts, findings };
}

export const cgroupMemoryCheck = defineCgroupCheck<MemoryReading, CgroupMemoryFacts>({
  id: 'cgroup-memory', controller: 'memory', mounted: 'the cgroup file system mounted (at /sys/fs/cgroup)',
  shown: { own: (f) => f.limitBytes, app: (f) => f.appLimitBytes, format: formatBytes },
  findings: F.specs, measure, judge,
});
