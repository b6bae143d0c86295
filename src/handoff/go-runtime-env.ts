// GOMEMLIMIT and GOMAXPROCS for the app container, from its limits (--app-memory-limit,
// --app-cpu-limit). Only the app's limits count: this initContainer's own cgroup is not the app's.
import { MIB } from '../cgroup/units.js';
import type { CheckOptions } from '../probe/context.js';
import type { EnvVars } from './env-file.js';

/**
 * 90 % of the limit, in whole MiB rounded down (Go accepts B, KiB, MiB, GiB suffixes). GOMEMLIMIT
 * is a soft limit on memory the Go runtime manages; the cgroup also charges cgo and C memory,
 * the mapped binary, page cache and kernel memory. The 10 % left over is room for those and
 * for the GC to react before the kernel OOM-kills the process.
 */
export function goMemLimit(limitBytes: number): string {
  return `${Math.max(1, Math.floor((limitBytes * 0.9) / MIB))}MiB`;
}

/**
 * Whole cores rounded down, at least 1. More Ps than the CFS quota pays for let a busy process
 * (GC workers included) spend the quota early in each period and be throttled for the rest of
 * it: the latency spikes automaxprocs was written against. Go ≥ 1.25 derives its own default
 * from cpu.max (rounding up) and updates it at run time; an explicit GOMAXPROCS overrides both.
 */
export function goMaxProcs(millicores: number): string {
  return String(Math.max(1, Math.floor(millicores / 1000)));
}

export function goRuntimeVariables(checks: CheckOptions): EnvVars {
  const vars: EnvVars = [];
  if (checks.appMemoryLimitBytes !== undefined) vars.push(['GOMEMLIMIT', goMemLimit(checks.appMemoryLimitBytes)]);
  if (checks.appCpuMillicores !== undefined) vars.push(['GOMAXPROCS', goMaxProcs(checks.appCpuMillicores)]);
  return vars;
}
