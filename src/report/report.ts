// The JSON report document (DESIGN §3): the one shape every reporter and the handoff use.
import type { Decision } from '../policy.js';
import type { Options } from '../options.js';
import type { CheckResult, Verdict } from '../types.js';

export interface HandoffSummary {
  dir: string;
  flagWritten: boolean;
  flagRemoved: boolean;
  files: string[];
  error: string | null;
}

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

export function buildReport(decision: Decision, options: Options, version: string, handoff: HandoffSummary | null): Report {
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
