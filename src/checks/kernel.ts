// kernel: the release the node runs, against --min-kernel.
import { defineCheck, defineFindings, undecided } from '../core/check.js';
import { RUN_DEGRADED } from '../remedy/patch.js';
import type { ProbeOutcome } from '../core/types.js';
import { compareKernel, formatKernel, parseDistributionVersion, parseKernelRelease, parseMinKernel, type KernelVersion } from '../parse/kernel-release.js';
import type { ProbeContext } from '../probe/context.js';
import { readKernelBanner, readKernelRelease } from '../probe/proc.js';

const F = defineFindings({
  KERNEL_TOO_OLD: {
    severity: 'degrade',
    summary: 'The kernel is older than --min-kernel.',
    cause:
      'The kernel release (/proc/sys/kernel/osrelease) is below the minimum this app was tested on; ' +
      'CAP_CHECKPOINT_RESTORE needs 5.9, cgroup v2 memory.events oom_kill 4.13.',
    remedy: 'Schedule the pod on nodes with a newer kernel (nodeSelector/affinity on kernel version), or lower --min-kernel if the app is known to work there.',
    fix: {
      noPatch: 'which nodes run a newer kernel is the cluster\'s knowledge (e.g. Node Feature Discovery\'s kernel-version labels)',
      cost: { podSecurity: 'restricted', requires: ['nodes with a kernel at or above --min-kernel'], otherwise: RUN_DEGRADED },
      unproven: 'a container cannot change the kernel it runs on',
    },
  },
  KERNEL_RELEASE_UNPARSABLE: {
    severity: 'warn',
    summary: 'The kernel release string has no x.y version.',
    cause: 'osrelease did not start with a numeric major.minor version, so the minimum cannot be compared.',
    remedy: 'Report the release string (`uname -r`) to the init-preflight maintainers.',
  },
});

export interface KernelFacts {
  release: string | null;
  /** "x.y.z" from the release, null when the release has no version. */
  version: string | null;
  /**
   * "x.y.z" the distribution keeps in /proc/version where the release hides the patch level
   * (Debian 6.1.0-50-amd64 is 6.1.176); null when /proc/version does not say.
   */
  distributionVersion: string | null;
  meetsMinimum: boolean | null;
  minimum: string;
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<KernelFacts>> {
  const minimum = ctx.options.minKernel;
  const [read, banner] = await Promise.all([readKernelRelease(ctx), readKernelBanner(ctx)]);
  if (!read.ok) return undecided(`cannot read osrelease: ${read.message}`, { release: null, minimum });
  const release = read.value;
  const version = parseKernelRelease(release);
  // The banner only refines the release; where it is unreadable the release is all there is.
  const distribution = banner.ok ? parseDistributionVersion(banner.value) : null;
  const distributionVersion = distribution && formatKernel(distribution);
  const wanted = parseMinKernel(minimum);
  if (!version || !wanted) {
    const facts = { release, version: null, distributionVersion, meetsMinimum: null, minimum };
    return { facts, findings: [F.make('KERNEL_RELEASE_UNPARSABLE', `Kernel release "${release}" has no x.y version.`)] };
  }
  const best = moreExact(version, distribution);
  const meetsMinimum = compareKernel(best, wanted) >= 0;
  const facts = { release, version: formatKernel(version), distributionVersion, meetsMinimum, minimum };
  const findings = meetsMinimum ? [] : [F.make('KERNEL_TOO_OLD', `Kernel ${formatKernel(best)} is older than the minimum ${minimum}.`)];
  return { facts, findings };
}

/** The distribution's version when it names the same x.y as the release: a mismatch is not trusted. */
function moreExact(release: KernelVersion, distribution: KernelVersion | null): KernelVersion {
  return distribution && distribution.major === release.major && distribution.minor === release.minor ? distribution : release;
}

export const kernelCheck = defineCheck<KernelFacts>({
  id: 'kernel',
  errorSeverity: 'warn',
  errorRemedy: 'Make /proc/sys/kernel/osrelease readable to the container (it is on every Linux kernel).',
  findings: F.specs,
  summarize: (f) => `${f.release ?? '?'} (minimum ${f.minimum})`,
  run,
});
