// The checks against a --pid target, with unreadable /proc entries reported once: each denied
// source is one TARGET_PROC_DENIED finding in its own row, and a check that stopped on a denial
// keeps its `error` status without a finding of its own (its remedy would be the wrong one).
import { readStatus } from '../probe/proc.js';
import { deniedSources, type DeniedSource } from '../probe/target-access.js';
import type { ProbeContext } from '../probe/context.js';
import { errorCode, TARGET_PROC_DENIED } from './catalogue.js';
import type { AnyCheck } from './check.js';
import { runChecks, type Selection } from './runner.js';
import { SEVERITIES, type Finding, type ProbeResult } from './types.js';

export const ACCESS_ROW = 'target-access';

const DENIAL = /\b(EACCES|EPERM)\b/;
// A check whose error weighs more than the access finding keeps it: the verdict never improves
// because an error was folded away (ns-last-pid: not knowing means degraded).
const FOLDABLE = SEVERITIES.indexOf(TARGET_PROC_DENIED.severity);

function deniedFinding(d: DeniedSource, reader: number | undefined, owner: number | null): Finding {
  const who = reader === undefined ? '' : ` as uid ${reader}`;
  const whose = owner === null ? '' : ` (the target runs as uid ${owner})`;
  return {
    code: TARGET_PROC_DENIED.code,
    severity: TARGET_PROC_DENIED.severity,
    message: `Cannot read ${d.path} (${d.code})${who}${whose}: needed for ${d.usedFor}.`,
    remedy: TARGET_PROC_DENIED.remedy,
  };
}

function fold(result: ProbeResult<object>): ProbeResult<object> {
  if (result.error === undefined || !DENIAL.test(result.error)) return result;
  const code = errorCode(result.id);
  const own = result.findings.find((f) => f.code === code);
  if (!own || SEVERITIES.indexOf(own.severity) > FOLDABLE) return result;
  return { ...result, summary: `could not decide: ${result.error} (see ${TARGET_PROC_DENIED.code})`, findings: result.findings.filter((f) => f !== own) };
}

export async function runTargetChecks(checks: readonly AnyCheck[], ctx: ProbeContext, sel: Selection): Promise<ProbeResult<object>[]> {
  const [denied, results] = await Promise.all([deniedSources(ctx), runChecks(checks, ctx, sel)]);
  if (denied.length === 0) return results;
  const status = await readStatus(ctx.procRoot, ctx.pid);
  const owner = status.ok ? status.value.euid : null;
  const row: ProbeResult<object> = {
    id: ACCESS_ROW,
    durationMs: 0,
    summary: `${denied.length} unreadable: ${denied.map((d) => d.source).join(', ')}`,
    facts: { denied },
    findings: denied.map((d) => deniedFinding(d, process.getuid?.(), owner)),
  };
  return [row, ...results.map(fold)];
}
