// Findings → check status → verdict → exit code (DESIGN §5), after --severity overrides.
import { SEVERITIES, type CheckResult, type CheckStatus, type Finding, type Severity, type Verdict } from './types.js';

export interface PolicyOptions {
  severity: Readonly<Record<string, Severity>>;
  strict: boolean;
}

export interface Decision {
  checks: CheckResult[];
  verdict: Verdict;
  exitCode: 0 | 1;
  reasons: string[];
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

function override(finding: Finding, opts: PolicyOptions): Finding {
  const severity = opts.severity[finding.code];
  return severity ? { ...finding, severity } : finding;
}

function statusOf(result: CheckResult, findings: readonly Finding[]): CheckStatus {
  if (result.status === 'error' || result.status === 'skip') return result.status;
  const worst = findings.reduce<Severity>((w, f) => (rank(f.severity) > rank(w) ? f.severity : w), 'info');
  return worst === 'info' ? 'pass' : worst;
}

export function decide(results: readonly CheckResult[], opts: PolicyOptions): Decision {
  const checks = results.map((r) => {
    const findings = r.findings.map((f) => override(f, opts));
    return { ...r, status: statusOf(r, findings), findings };
  });
  const all = checks.flatMap((c) => c.findings);
  const reasons = [...new Set(all.filter((f) => f.severity === 'degrade' || f.severity === 'fail').map((f) => f.code))];
  const failed = all.some((f) => f.severity === 'fail');
  const degraded = all.some((f) => f.severity === 'degrade');
  const verdict: Verdict = failed || (degraded && opts.strict) ? 'blocked' : degraded ? 'degraded' : 'ready';
  return { checks, verdict, exitCode: verdict === 'blocked' ? 1 : 0, reasons };
}
