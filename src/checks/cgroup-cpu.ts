// cgroup-cpu: the CPU bandwidth limit (CFS quota) as millicores, the file that set it, and how
// often the cgroup has been throttled (docs/design.md, "cgroups").
import path from 'node:path';
import { hiddenLimitMessage, judgeLimit, limitHidden, runCgroupCheck, requireLimitFile, summarizeLimit, type CgroupPlace, type Judged } from '../cgroup/check.js';
import type { Bound, Candidate, CgroupFiles } from '../cgroup/files.js';
import { CgroupReadError, numberOf, readAlongPath, readCount, readKeyed, readLimit, tightest, valueOf } from '../cgroup/files.js';
import type { CgroupLocation } from '../cgroup/mounts.js';
import { formatMillicores } from '../cgroup/units.js';
import { defineCheck, defineFindings } from '../core/check.js';
import { millicoresOf, parseCfsQuota, parseCpuMax } from '../parse/cgroup-files.js';
import type { Finding } from '../core/types.js';
import type { ProbeContext } from '../probe/context.js';

const F = defineFindings({
  CPU_QUOTA_LOW: {
    severity: 'warn',
    summary: 'The CPU limit is below --min-cpu.',
    cause:
      "The app container's CPU limit (--app-cpu-limit) when given, else the tightest CFS quota from this process's cgroup up to the mount root (v2 cpu.max; v1 cpu.cfs_quota_us / cpu.cfs_period_us), is lower than --min-cpu. The service is throttled: slow start-up, failed probes, GC pauses.",
    remedy: 'Raise resources.limits.cpu of the app container in the pod spec, or remove the CPU limit and keep requests.cpu; or lower --min-cpu if the service really fits.',
  },
  CPU_LIMIT_NOT_VISIBLE: {
    severity: 'warn',
    summary: 'No CPU limit is visible, and the cgroups above this one are hidden.',
    cause:
      'The process is in a cgroup namespace (the default for containers on cgroup v2), or its cgroup mount\'s root is its own cgroup (runc on v1): a CFS quota on the pod\'s cgroup above throttles the service but cannot be read from here. "Unlimited" would be a guess.',
    remedy:
      'Pass the app container\'s limit with --app-cpu-limit (PREFLIGHT_APP_CPU_LIMIT from the Downward API: resourceFieldRef limits.cpu, divisor 1m); or run init-preflight on the node with --pid, which reads the node\'s own cgroup mounts and sees every ancestor.',
  },
});

interface CpuReading {
  quota: Bound;
  throttledPeriods: number | null;
  throttledSource: string;
  throttledPeriodsAlongPath: number | null;
}

export interface CgroupCpuFacts extends CgroupPlace {
  /** The tightest CFS quota as millicores; null = unlimited (or unknown, see error). */
  quotaMillicores: number | null;
  source: string | null;
  /** nr_throttled of the cgroup whose quota binds (the leaf's when none does). */
  throttledPeriods: number | null;
  throttledSource: string | null;
  /** nr_throttled summed over every level of the walk: quotas on several levels all throttle. */
  throttledPeriodsAlongPath: number | null;
  appMillicores: number | null;
  minMillicores: number;
}

export const cgroupCpuCheck = defineCheck<CgroupCpuFacts>({
  id: 'cgroup-cpu',
  errorSeverity: 'warn',
  errorRemedy:
    'Make sure the target sees its cgroup: /proc/<pid>/mountinfo and /proc/<pid>/cgroup readable and the cpu controller mounted (at /sys/fs/cgroup); with --root, that the tree has proc/ and sys/fs/cgroup/.',
  findings: F.specs,
  summarize: (f) => summarizeLimit(f, f.quotaMillicores, f.appMillicores, formatMillicores),
  run: (ctx) => runCgroupCheck(ctx, 'cpu', (location, files) => measure(files, location), (reading, place) => judge(ctx, reading, place)),
});

async function measure(ctx: CgroupFiles, { hierarchy, levels }: CgroupLocation): Promise<CpuReading> {
  const [quotas, stats] = await Promise.all([
    hierarchy === 'v1' ? Promise.all(levels.map((dir) => readV1Quota(ctx, dir))) : readAlongPath(ctx, levels, 'cpu.max', parseCpuMax),
    Promise.all(levels.map((dir) => readKeyed(ctx, path.posix.join(dir, 'cpu.stat')))),
  ]);
  if (hierarchy === 'v1') requireLimitFile(quotas.slice(0, 1), path.posix.join(levels[0]!, 'cpu.cfs_quota_us'));
  const quota = tightest(quotas);
  // Throttling is counted in cpu.stat of the cgroup whose quota throttles, not in its children.
  const binding = Math.max(0, quotas.findIndex((c) => c !== undefined && c.source === quota.source));
  const counts = stats.map((stat) => numberOf(stat, 'nr_throttled'));
  const known = counts.filter((n): n is number => n !== null);
  return {
    quota,
    throttledPeriods: counts[binding] ?? null,
    throttledSource: path.posix.join(levels[binding]!, 'cpu.stat'),
    throttledPeriodsAlongPath: known.length === 0 ? null : known.reduce((a, b) => a + b, 0),
  };
}

async function readV1Quota(ctx: CgroupFiles, dir: string): Promise<Candidate | undefined> {
  const periodFile = path.posix.join(dir, 'cpu.cfs_period_us');
  const [quota, periodUs] = await Promise.all([readLimit(ctx, path.posix.join(dir, 'cpu.cfs_quota_us'), parseCfsQuota), readCount(ctx, periodFile)]);
  if (!quota || quota.value === null) return quota;
  if (periodUs === null) throw new CgroupReadError(`${periodFile} is missing or not a number`);
  return { value: valueOf(millicoresOf(quota.value, periodUs), periodFile), source: quota.source };
}

function judge(ctx: ProbeContext, reading: CpuReading | undefined, place: CgroupPlace): Judged<CgroupCpuFacts> {
  const own = reading?.quota ?? { value: null, source: null };
  const app = ctx.options.appCpuMillicores;
  const facts: CgroupCpuFacts = {
    ...place,
    quotaMillicores: own.value,
    source: own.source,
    throttledPeriods: reading?.throttledPeriods ?? null,
    throttledSource: reading?.throttledSource ?? null,
    throttledPeriodsAlongPath: reading?.throttledPeriodsAlongPath ?? null,
    appMillicores: app ?? null,
    minMillicores: ctx.options.minCpuMillicores,
  };
  const policy = { what: 'CPU limit', app, appOption: '--app-cpu-limit', own, minimum: ctx.options.minCpuMillicores, minOption: '--min-cpu', format: formatMillicores };
  const judged = judgeLimit(policy);
  const findings: Finding[] = judged.shortfall ? [F.make('CPU_QUOTA_LOW', judged.shortfall)] : [];
  if (judged.value === null && reading && limitHidden(facts, own.value)) findings.push(F.make('CPU_LIMIT_NOT_VISIBLE', hiddenLimitMessage('CPU limit', facts)));
  return { facts, findings };
}
