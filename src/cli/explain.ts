// `explain`: the finding catalogue for people, and as JSON. Patches come from the same recipe,
// for the same options, as the report's (test/unit/cli/explain.test.ts compares them).
import { catalogue, patchFor } from '../core/catalogue.js';
import type { FindingSpec, PatchTarget, RemedyCost, Severity, WorkloadPatch } from '../core/types.js';
import { PATCH_HEADING, patchLines } from '../remedy/print.js';
import { patchTarget, UsageError, type Options } from './options.js';

/** One code as `explain CODE --output json` prints it. */
export interface Explanation {
  code: string;
  severity: Severity;
  summary: string;
  cause: string;
  remedy: string;
  /** The remedy as a strategic-merge patch for the workload; null when it is not a pod-spec change. */
  patch: WorkloadPatch | null;
  /** Why there is no patch, when there is none and the catalogue says. */
  noPatch: string | null;
  cost: RemedyCost | null;
  /** A test here applies the remedy in a real runtime (false: the remedy text says why not). */
  proven: boolean;
}

function explanation(spec: FindingSpec, target: PatchTarget): Explanation {
  const { code, severity, summary, cause, remedy, fix } = spec;
  return {
    code, severity, summary, cause, remedy,
    patch: patchFor(spec, target) ?? null,
    noPatch: fix?.noPatch ?? null,
    cost: fix?.cost ?? null,
    proven: fix !== undefined && fix.unproven === undefined,
  };
}

function costLines(cost: RemedyCost): string[] {
  const requires = cost.requires.length > 0 ? cost.requires.join('; ') : 'nothing beyond a supported cluster';
  return ['cost:', `  Pod Security level needed: ${cost.podSecurity}`, `  requires: ${requires}`, `  if the cluster forbids it: ${cost.otherwise}`];
}

function patchSection(e: Explanation): string[] {
  if (e.patch) return [PATCH_HEADING, ...patchLines(e.patch, '  ')];
  return e.noPatch ? [`patch: none (${e.noPatch})`] : [];
}

function render(e: Explanation): string {
  const sections = [
    [`${e.code} (default severity: ${e.severity})`, `  ${e.summary}`],
    [`cause and evidence:`, `  ${e.cause}`],
    [`remedy:`, `  ${e.remedy}`],
    patchSection(e),
    e.cost ? costLines(e.cost) : [],
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

export function explain(options: Options): string {
  const specs = catalogue();
  const target = patchTarget(options);
  if (options.code === null) {
    if (options.output === 'json') return `${JSON.stringify(specs.map((s) => explanation(s, target)), null, 2)}\n`;
    const width = Math.max(...specs.map((s) => s.code.length));
    return `${specs.map((s) => `${s.code.padEnd(width)}  ${s.severity.padEnd(7)}  ${s.summary}`).join('\n')}\n`;
  }
  const code = options.code.toUpperCase();
  const spec = specs.find((s) => s.code === code);
  if (!spec) throw new UsageError(`explain: unknown finding code "${options.code}" (run: init-preflight explain)`);
  const e = explanation(spec, target);
  return options.output === 'json' ? `${JSON.stringify(e, null, 2)}\n` : render(e);
}
