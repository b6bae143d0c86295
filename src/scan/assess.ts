// One scan target → the row: every check run in-process against the target's PID, judged like
// `check --pid`, so the verdict is the one the initContainer would reach with --pid semantics.
import { stat } from '../probe/async-fs.js';
import path from 'node:path';
import { CHECKS } from '../checks/index.js';
import type { Options } from '../cli/options.js';
import { judgeChecks } from '../core/policy.js';
import { runTargetChecks } from '../core/target-checks.js';
import type { CheckResult, Verdict } from '../core/types.js';
import { buildContext } from '../probe/build-context.js';
import type { ContainerNames } from './log-links.js';
import type { ScanTarget } from './targets.js';
import type { RunSignal } from '../core/abort.js';

/** A limit: `value` null means unlimited, unless `error` says it could not be read. */
export interface Limit {
  value: number | null;
  error?: string;
}

export interface ScanRow {
  pidNamespace: number;
  containerId: string | null;
  podUid: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  pid: number;
  comm: string;
  processes: number;
  memoryLimitBytes: Limit;
  cpuLimitMillicores: Limit;
  pidsMax: Limit;
  nsLastPid: { predictedWritable: boolean | null; codes: string[] };
  capabilities: { effective: string[] | null; sysAdmin: boolean | null; checkpointRestore: boolean | null };
  verdict: Verdict;
  reasons: string[];
  checks: CheckResult[];
}

// static-binary needs --binary; pidns-create would act as this process, not the target.
const NOT_FOR_SCAN = ['pidns-create'];

function factsOf(checks: readonly CheckResult[], id: string): Record<string, unknown> {
  return (checks.find((c) => c.id === id)?.facts ?? {}) as Record<string, unknown>;
}

function limitOf(facts: Record<string, unknown>, key: string): Limit {
  const value = facts[key];
  if (typeof facts.error === 'string') return { value: null, error: facts.error };
  return { value: typeof value === 'number' ? value : null };
}

const orNull = <T>(v: unknown, guard: (v: unknown) => v is T): T | null => (guard(v) ? v : null);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

async function alive(procRoot: string, pid: number): Promise<boolean> {
  return stat(path.join(procRoot, String(pid))).then(() => true, () => false);
}

/** What every target of one scan shares. */
export interface ScanShared {
  signal: RunSignal;
  /** PID → PID namespace of every process read by the census. */
  pidNamespaces: ReadonlyMap<number, number>;
}

async function assessPid(options: Options, target: ScanTarget, pid: number, names: ContainerNames | undefined, shared: ScanShared): Promise<ScanRow> {
  const ctx = { ...buildContext({ ...options, pid }, shared.signal), pidNamespaces: shared.pidNamespaces };
  const selection = { only: options.only, skip: [...options.skip, ...NOT_FOR_SCAN, ...(options.checks.binary ? [] : ['static-binary'])] };
  const judgement = judgeChecks(await runTargetChecks(CHECKS, ctx, selection), options);
  const checks = judgement.checks;
  const nsLastPid = checks.find((c) => c.id === 'ns-last-pid');
  const caps = factsOf(checks, 'capabilities');
  return {
    pidNamespace: target.pidNamespace,
    containerId: target.containerId,
    podUid: target.podUid ?? names?.podUid ?? null,
    namespace: names?.namespace ?? null,
    pod: names?.pod ?? null,
    container: names?.container ?? null,
    pid,
    comm: target.comm,
    processes: target.pids.length,
    memoryLimitBytes: limitOf(factsOf(checks, 'cgroup-memory'), 'limitBytes'),
    cpuLimitMillicores: limitOf(factsOf(checks, 'cgroup-cpu'), 'quotaMillicores'),
    pidsMax: limitOf(factsOf(checks, 'cgroup-pids'), 'limit'),
    nsLastPid: {
      predictedWritable: orNull(factsOf(checks, 'ns-last-pid').predictedWritable, isBool),
      codes: nsLastPid?.findings.map((f) => f.code) ?? [],
    },
    capabilities: {
      effective: Array.isArray(caps.effective) ? (caps.effective as string[]) : null,
      sysAdmin: orNull(caps.hasSysAdmin, isBool),
      checkpointRestore: orNull(caps.hasCheckpointRestore, isBool),
    },
    verdict: judgement.verdict,
    reasons: judgement.reasons,
    checks,
  };
}

// A representative that exits while its checks run would leave a row of errors: the next
// process of the group stands in, a few times at most.
const ATTEMPTS = 3;

/** The target's row, or null when every process tried exited meanwhile. */
export async function assess(options: Options, target: ScanTarget, names: ContainerNames | undefined, shared: ScanShared): Promise<ScanRow | null> {
  const procRoot = path.join(path.resolve(options.root), 'proc');
  for (const pid of target.pids.slice(0, ATTEMPTS)) {
    const row = await assessPid(options, target, pid, names, shared);
    if (await alive(procRoot, pid)) return row;
  }
  return null;
}
