// cgroup-memory: the memory limit that will OOM-kill the app, the file that set it, and past
// OOM kills (docs/design.md, "cgroups").
import path from 'node:path';
import { judgeLimit, runCgroupCheck, requireLimitFile, summarizeLimit, type CgroupPlace, type Judged } from '../cgroup/check.js';
import type { Bound, Candidate } from '../cgroup/files.js';
import { numberOf, readAlongPath, readCount, readKeyed, tightest, valueOf } from '../cgroup/files.js';
import type { CgroupLocation } from '../cgroup/mounts.js';
import { formatBytes } from '../cgroup/units.js';
import { defineCheck, defineFindings } from '../core/check.js';
import { bytesQuantity, inBothContainers } from '../remedy/patch.js';
import type { Finding } from '../core/types.js';
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
  MEMORY_OOM_KILLED: {
    severity: 'warn',
    summary: 'Processes in this cgroup have been OOM-killed.',
    cause: 'The oom_kill counter in memory.events (v2) or memory.oom_control (v1) of the cgroup is above zero: the limit has already been hit.',
    remedy: 'Raise resources.limits.memory, or set GOMEMLIMIT below the limit (preflight.env does when --app-memory-limit is given), and look at the previous container\'s exit code 137 in `kubectl describe pod`.',
  },
});

interface MemoryReading {
  limit: Bound;
  highBytes: number | null;
  usageBytes: number | null;
  oomKills: number | null;
  oomSource: string;
}

export interface CgroupMemoryFacts extends CgroupPlace {
  /** The tightest limit of this cgroup and its visible ancestors; null = unlimited (or unknown, see error). */
  limitBytes: number | null;
  /** The file that set it. */
  limitSource: string | null;
  highBytes: number | null;
  usageBytes: number | null;
  oomKills: number | null;
  appLimitBytes: number | null;
  minBytes: number;
}

export const cgroupMemoryCheck = defineCheck<CgroupMemoryFacts>({
  id: 'cgroup-memory',
  errorSeverity: 'warn',
  errorRemedy:
    'Make sure the target sees its cgroup: /proc/<pid>/mountinfo and /proc/<pid>/cgroup readable and the cgroup file system mounted (at /sys/fs/cgroup); with --root, that the tree has proc/ and sys/fs/cgroup/.',
  findings: F.specs,
  summarize: (f) => summarizeLimit(f, f.limitBytes, f.appLimitBytes, formatBytes),
  run: (ctx) => runCgroupCheck(ctx, 'memory', (location) => measure(ctx, location), (reading, place) => judge(ctx, reading, place)),
});

function measure(ctx: ProbeContext, location: CgroupLocation): Promise<MemoryReading> {
  return location.hierarchy === 'v1' ? measureV1(ctx, location) : measureV2(ctx, location);
}

async function measureV1(ctx: ProbeContext, { levels }: CgroupLocation): Promise<MemoryReading> {
  const leaf = levels[0]!;
  const oomSource = path.posix.join(leaf, 'memory.oom_control');
  const [limits, stat, usageBytes, oom] = await Promise.all([
    readAlongPath(ctx, levels, 'memory.limit_in_bytes', parseV1MemoryLimit),
    readKeyed(ctx, path.posix.join(leaf, 'memory.stat')),
    readCount(ctx, path.posix.join(leaf, 'memory.usage_in_bytes')),
    readKeyed(ctx, oomSource),
  ]);
  requireLimitFile(limits.slice(0, 1), path.posix.join(leaf, 'memory.limit_in_bytes'));
  return { limit: v1Limit(limits, stat, leaf), highBytes: null, usageBytes, oomKills: numberOf(oom, 'oom_kill'), oomSource };
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

async function measureV2(ctx: ProbeContext, { levels, cgroupPath }: CgroupLocation): Promise<MemoryReading> {
  const leaf = levels[0]!;
  const oomSource = path.posix.join(leaf, 'memory.events');
  const [limits, highs, usageBytes, events] = await Promise.all([
    readAlongPath(ctx, levels, 'memory.max', parseV2Limit),
    readAlongPath(ctx, levels, 'memory.high', parseV2Limit),
    readCount(ctx, path.posix.join(leaf, 'memory.current')),
    readKeyed(ctx, oomSource),
  ]);
  // A cgroup without the controller enabled is charged to its nearest ancestor that has it, so
  // any level may lack memory.max; only the root cgroup lacks it everywhere.
  if (cgroupPath !== '/') requireLimitFile(limits, path.posix.join(leaf, 'memory.max'));
  return { limit: tightest(limits), highBytes: tightest(highs).value, usageBytes, oomKills: numberOf(events, 'oom_kill'), oomSource };
}

function judge(ctx: ProbeContext, reading: MemoryReading | undefined, place: CgroupPlace): Judged<CgroupMemoryFacts> {
  const own = reading?.limit ?? { value: null, source: null };
  const app = ctx.options.appMemoryLimitBytes;
  const facts: CgroupMemoryFacts = {
    ...place,
    limitBytes: own.value,
    limitSource: own.source,
    highBytes: reading?.highBytes ?? null,
    usageBytes: reading?.usageBytes ?? null,
    oomKills: reading?.oomKills ?? null,
    appLimitBytes: app ?? null,
    minBytes: ctx.options.minMemoryBytes,
  };
  const policy = { what: 'Memory limit', app, appOption: '--app-memory-limit', own, minimum: ctx.options.minMemoryBytes, minOption: '--min-memory', format: formatBytes };
  const judged = judgeLimit(policy);
  const findings: Finding[] = judged.shortfall ? [F.make('MEMORY_LIMIT_TOO_LOW', judged.shortfall)] : [];
  if (judged.value === null && reading) findings.push(F.make('MEMORY_UNLIMITED', `No memory limit on cgroup ${place.path ?? '?'} or its parents up to the mount at ${place.mountPoint ?? '?'}.`));
  if (reading?.oomKills) findings.push(F.make('MEMORY_OOM_KILLED', `${reading.oomKills} OOM kill(s) recorded in ${reading.oomSource}.`));
  return { facts, findings };
}
