// The JSON report document (docs/design.md, "JSON report"): the one shape every reporter and
// the handoff use.
import type { Options } from '../cli/options.js';
import type { Judgement } from '../core/policy.js';
import type { CheckResult, Verdict } from '../core/types.js';
import type { HandoffSummary } from '../handoff/handoff.js';

export interface Report {
  schemaVersion: 1;
  tool: { name: 'init-preflight'; version: string };
  command: Options['command'];
  target: { pid: 'self' | number; root: string };
  verdict: Verdict;
  exitCode: number;
  reasons: string[];
  checks: CheckResult[];
  handoff: HandoffSummary | null;
}

export function buildReport(decision: Judgement, options: Options, version: string, handoff: HandoffSummary | null): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'init-preflight', version },
    command: options.command,
    target: { pid: options.pid, root: options.root },
    verdict: decision.verdict,
    exitCode: decision.exitCode,
    reasons: decision.reasons,
    checks: decision.checks,
    handoff,
  };
}

export function toJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
