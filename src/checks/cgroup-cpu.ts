// cgroup-cpu: the CPU bandwidth limit (CFS quota) as millicores, the file that set it, and how
// often the cgroup has been throttled (docs/design.md, "cgroups").
import path from 'node:path';
import { judgeLimit, runCgroupCheck, requireLimitFile, summarizeLimit, type CgroupPlace, type Judged } from '../cgroup/check.js';
import type { Bound, Candidate } from '../cgroup/files.js';
import { CgroupReadError, numberOf, readAlongPath, readCount, readKeyed, readLimit, tightest, valueOf } from '../cgroup/files.js';
import type { CgroupLocation } from '../cgroup/mounts.js';
import { formatMillicores } from '../cgroup/units.js';
import { defineCheck, defineFindings } from '../core/check.js';
import { millicoresOf, parseCfsQuota, parseCpuMax } from '../parse/cgroup-files.js';
import type { ProbeContext } from '../probe/context.js';

const F = defineFindings({
  CPU_QUOTA_LOW: {
    severity: 'warn',
    summary: 'The CPU limit is below --min-cpu.',
    cause:
      "The app container's CPU limit (--app-cpu-limit) when given, else the tightest CFS quota from this process's cgroup up to the mount root (v2 cpu.max; v1 cpu.cfs_quota_us / cpu.cfs_period_us), is lower than --min-cpu. The service is throttled: slow start-up, failed probes, GC pauses.",
    remedy: 'Raise resources.limits.cpu of the app container in the pod spec, or remove the CPU limit and keep requests.cpu; or lower --min-cpu if the service really fits.',
  },
});

interface CpuReading {
  quota: Bound;
  throttledPeriods: number | null;
}

export interface CgroupCpuFacts extends CgroupPlace {
  /** The tightest CFS quota as millicores; null = unlimited (or unknown, see error). */
  quotaMillicores: number | null;
  source: string | null;
  throttledPeriods: number | null;
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
  run: (ctx) => runCgroupCheck(ctx, 'cpu', (location) => measure(ctx, location), (reading, place) => judge(ctx, reading, place)),
});

async function measure(ctx: ProbeContext, location: CgroupLocation): Promise<CpuReading> {
  const leaf = location.levels[0]!;
  const [quotas, stat] = await Promise.all([
    location.hierarchy === 'v1' ? Promise.all(location.levels.map((dir) => readV1Quota(ctx, dir))) : readAlongPath(ctx, location.levels, 'cpu.max', parseCpuMax),
    readKeyed(ctx, path.posix.join(leaf, 'cpu.stat')),
  ]);
  if (location.hierarchy === 'v1') requireLimitFile(quotas.slice(0, 1), path.posix.join(leaf, 'cpu.cfs_quota_us'));
  return { quota: tightest(quotas), throttledPeriods: numberOf(stat, 'nr_throttled') };
}

async function readV1Quota(ctx: ProbeContext, dir: string): Promise<Candidate | undefined> {
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
    appMillicores: app ?? null,
    minMillicores: ctx.options.minCpuMillicores,
  };
  const policy = { what: 'CPU limit', app, appOption: '--app-cpu-limit', own, minimum: ctx.options.minCpuMillicores, minOption: '--min-cpu', format: formatMillicores };
  const { shortfall } = judgeLimit(policy);
  return { facts, findings: shortfall ? [F.make('CPU_QUOTA_LOW', shortfall)] : [] };
}
