// The checks against a --pid target, with unreadable /proc entries reported once: each denied
// source is one TARGET_PROC_DENIED finding in its own row, and a check that stopped on a denial
// keeps its `error` status without a finding of its own (its remedy would be the wrong one). The
// access findings take the severity of the gravest error they replace, at least their own, so
// the verdict never improves by the folding (ns-last-pid undecided is degraded).
import { readStatus } from '../probe/proc.js';
import { deniedSources, type DeniedSource } from '../probe/target-access.js';
import type { ProbeContext } from '../probe/context.js';
import { errorCode, TARGET_PROC_DENIED } from './catalogue.js';
import type { AnyCheck } from './check.js';
import { runChecks, type Selection } from './runner.js';
import { SEVERITIES, type Finding, type ProbeResult, type Severity } from './types.js';

export const ACCESS_ROW = 'target-access';

const DENIAL = /\b(EACCES|EPERM)\b/;
const rank = (s: Severity): number => SEVERITIES.indexOf(s);

function deniedFinding(d: DeniedSource, severity: Severity, reader: number | undefined, owner: number | null): Finding {
  const who = reader === undefined ? '' : ` as uid ${reader}`;
  const whose = owner === null ? '' : ` (the target runs as uid ${owner})`;
  return {
    code: TARGET_PROC_DENIED.code,
    severity,
    message: `Cannot read ${d.path} (${d.code})${who}${whose}: needed for ${d.usedFor}.`,
    remedy: TARGET_PROC_DENIED.remedy,
  };
}

/** The check without its error finding when a denial stopped it, and that finding's severity. */
function fold(result: ProbeResult<object>): { result: ProbeResult<object>; folded: Severity | null } {
  if (result.error === undefined || !DENIAL.test(result.error)) return { result, folded: null };
  const code = errorCode(result.id);
  const own = result.findings.find((f) => f.code === code);
  if (!own) return { result, folded: null };
  const summary = `could not decide: ${result.error} (see ${TARGET_PROC_DENIED.code})`;
  return { result: { ...result, summary, findings: result.findings.filter((f) => f !== own) }, folded: own.severity };
}

export async function runTargetChecks(checks: readonly AnyCheck[], ctx: ProbeContext, sel: Selection): Promise<ProbeResult<object>[]> {
  const [denied, results] = await Promise.all([deniedSources(ctx), runChecks(checks, ctx, sel)]);
  if (denied.length === 0) return results;
  const status = await readStatus(ctx, ctx.pid);
  const owner = status.ok ? status.value.euid : null;
  const folds = results.map(fold);
  const severity = folds.reduce<Severity>((worst, f) => (f.folded !== null && rank(f.folded) > rank(worst) ? f.folded : worst), TARGET_PROC_DENIED.severity);
  const row: ProbeResult<object> = {
    id: ACCESS_ROW,
    durationMs: 0,
    summary: `${denied.length} unreadable: ${denied.map((d) => d.source).join(', ')}`,
    facts: { denied },
    findings: denied.map((d) => deniedFinding(d, severity, process.getuid?.(), owner)),
  };
  return [row, ...folds.map((f) => f.result)];
}
