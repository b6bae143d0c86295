import type { ProbeContext } from '../context.js';
import { defineFindings } from '../findings.js';
import { readKernelRelease } from '../kernel-version.js';
import { compareKernel, formatKernel, parseKernelRelease, parseMinKernel } from '../parse/kernel-release.js';
import type { CheckDefinition, CheckOutcome } from '../types.js';

const F = defineFindings({
  KERNEL_TOO_OLD: {
    severity: 'degrade',
    summary: 'The kernel is older than --min-kernel.',
    cause:
      'The kernel release (/proc/sys/kernel/osrelease) is below the minimum this app was tested on; ' +
      'CAP_CHECKPOINT_RESTORE needs 5.9, cgroup v2 memory.events oom_kill 4.13.',
    remedy: 'Schedule the pod on nodes with a newer kernel (nodeSelector/affinity on kernel version), or lower --min-kernel if the app is known to work there.',
  },
  KERNEL_RELEASE_UNPARSABLE: {
    severity: 'warn',
    summary: 'The kernel release string has no x.y version.',
    cause: 'osrelease did not start with a numeric major.minor version, so the minimum cannot be compared.',
    remedy: 'Report the release string (`uname -r`) to the init-preflight maintainers.',
  },
});

async function run(ctx: ProbeContext): Promise<CheckOutcome> {
  const read = await readKernelRelease(ctx);
  if (!read.ok) return { facts: { release: null }, findings: [], error: `cannot read osrelease: ${read.message}` };
  const release = read.value;
  const version = parseKernelRelease(release);
  const minimum = parseMinKernel(ctx.options.minKernel);
  if (!version || !minimum) {
    return { facts: { release, version: null, meetsMinimum: null }, findings: [F.make('KERNEL_RELEASE_UNPARSABLE', `Kernel release "${release}" has no x.y version.`)] };
  }
  const meetsMinimum = compareKernel(version, minimum) >= 0;
  const facts = { release, version: formatKernel(version), meetsMinimum, minimum: ctx.options.minKernel };
  const findings = meetsMinimum
    ? []
    : [F.make('KERNEL_TOO_OLD', `Kernel ${formatKernel(version)} is older than the minimum ${ctx.options.minKernel}.`)];
  return { facts, findings };
}

export const kernelCheck: CheckDefinition = {
  id: 'kernel',
  errorSeverity: 'warn',
  errorRemedy: 'Make /proc/sys/kernel/osrelease readable to the container (it is on every Linux kernel).',
  findings: F.specs,
  summarize: (f) => `${String(f.release)} (minimum ${String(f.minimum ?? '?')})`,
  run,
};
