// Findings → check status → verdict → exit code (docs/design.md, "Checks and their policy"),
// after --severity overrides. Two steps, each run once: the checks are judged, the handoff is
// written from that judgement, and its outcome is folded in (a handoff that failed blocks).
import { HANDOFF_UNWRITABLE } from './catalogue.js';
import { SEVERITIES, type CheckResult, type CheckStatus, type Finding, type ProbeResult, type Severity, type Verdict } from './types.js';

export interface PolicyOptions {
  severity: Readonly<Record<string, Severity>>;
  strict: boolean;
}

export interface Judgement {
  checks: CheckResult[];
  verdict: Verdict;
  exitCode: 0 | 1;
  reasons: string[];
}

/** What the handoff writer reports back: where, and the error that stopped it, if any. */
export interface HandoffOutcome {
  dir: string;
  error: string | null;
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

function override(finding: Finding, opts: PolicyOptions): Finding {
  const severity = opts.severity[finding.code];
  return severity ? { ...finding, severity } : finding;
}

function statusOf(result: ProbeResult<unknown>, findings: readonly Finding[]): CheckStatus {
  if (result.error !== undefined) return 'error';
  if (result.skipReason !== undefined) return 'skip';
  const worst = findings.reduce<Severity>((w, f) => (rank(f.severity) > rank(w) ? f.severity : w), 'info');
  return worst === 'info' ? 'pass' : worst;
}

function toCheckResult(result: ProbeResult<unknown>, findings: Finding[]): CheckResult {
  const { id, durationMs, summary, facts, skipReason } = result;
  return { id, status: statusOf(result, findings), durationMs, summary, facts, findings, ...(skipReason !== undefined ? { skipReason } : {}) };
}

function verdictOf(checks: CheckResult[], opts: PolicyOptions): Judgement {
  const all = checks.flatMap((c) => c.findings);
  const reasons = [...new Set(all.filter((f) => f.severity === 'degrade' || f.severity === 'fail').map((f) => f.code))];
  const failed = all.some((f) => f.severity === 'fail');
  const degraded = all.some((f) => f.severity === 'degrade');
  const verdict: Verdict = failed || (degraded && opts.strict) ? 'blocked' : degraded ? 'degraded' : 'ready';
  return { checks, verdict, exitCode: verdict === 'blocked' ? 1 : 0, reasons };
}

/** The checks' statuses and verdict. */
export function judgeChecks(results: readonly ProbeResult<unknown>[], opts: PolicyOptions): Judgement {
  return verdictOf(results.map((r) => toCheckResult(r, r.findings.map((f) => override(f, opts)))), opts);
}

/** The final decision: the judgement, with a failed handoff (run mode) added as its own row. */
export function decide(judgement: Judgement, handoff: HandoffOutcome | null, opts: PolicyOptions): Judgement {
  if (handoff?.error == null) return judgement;
  const { code, severity, remedy } = HANDOFF_UNWRITABLE;
  const finding = override({ code, severity, message: `Cannot write the handoff files in ${handoff.dir}: ${handoff.error}`, remedy }, opts);
  const row = toCheckResult({ id: 'handoff', durationMs: 0, summary: `not written: ${handoff.error}`, facts: { dir: handoff.dir, error: handoff.error }, findings: [] }, [finding]);
  return verdictOf([...judgement.checks, row], opts);
}
