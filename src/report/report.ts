// The JSON report document (docs/design.md, "JSON report"): the one shape every reporter and
// the handoff use.
import { patchTarget, type Options } from '../cli/options.js';
import { catalogue, patchFor } from '../core/catalogue.js';
import type { Judgement } from '../core/policy.js';
import type { CheckResult, PatchTarget, Verdict } from '../core/types.js';
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
    checks: withPatches(decision.checks, patchTarget(options)),
    handoff,
  };
}

/** Each finding whose remedy is a pod-spec change gets the patch `explain` prints for the same options. */
function withPatches(checks: readonly CheckResult[], target: PatchTarget): CheckResult[] {
  const specs = new Map(catalogue().map((s) => [s.code, s]));
  return checks.map((c) => ({
    ...c,
    findings: c.findings.map((f) => {
      const spec = specs.get(f.code);
      const patch = spec && patchFor(spec, target);
      return patch ? { ...f, patch } : f;
    }),
  }));
}

export function toJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
