// The contracts checks, the policy and the reporters share (docs/design.md, "JSON report").

export type Severity = 'info' | 'warn' | 'degrade' | 'fail';
export type CheckStatus = 'pass' | Exclude<Severity, 'info'> | 'skip' | 'error';
export type Verdict = 'ready' | 'degraded' | 'blocked';

export const SEVERITIES: readonly Severity[] = ['info', 'warn', 'degrade', 'fail'];

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  remedy: string;
  /** The remedy as a strategic-merge patch for the workload, where it is a pod-spec change (the report adds it). */
  patch?: WorkloadPatch;
}

/** The Pod Security Standards levels, least to most permissive. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** What applying a remedy costs, so a cluster owner can decide before pasting it. */
export interface RemedyCost {
  /** The strictest Pod Security level that still admits a pod with the remedy applied. */
  podSecurity: PodSecurityLevel;
  /** Minimum kernel, runtime and Kubernetes versions or features it relies on. */
  requires: string[];
  /** What to do when the cluster forbids it. */
  otherwise: string;
}

/** A pod spec fragment: what a remedy changes, merged the strategic-merge way (containers and volumes by name). */
export type PodSpecPatch = Record<string, unknown>;

/** A patch for a workload's pod template (Deployment, StatefulSet, DaemonSet, Job). */
export interface WorkloadPatch {
  spec: { template: { spec: PodSpecPatch } };
}

/** Whose containers a patch names: the app's and the initContainer's (--app-container, --init-container). */
export interface PatchTarget {
  appContainer: string;
  initContainer: string;
  /** --handoff-dir: where the initContainer leaves the verdict. */
  handoffDir: string;
  /** The thresholds the checks applied (a memory patch raises the limit to --min-memory). */
  checks: { minMemoryBytes: number; appMemoryLimitBytes?: number };
}

/** The pod-spec change a remedy makes, for the given containers. */
export type PatchRecipe = (target: PatchTarget) => PodSpecPatch;

/**
 * A remedy's structured side (docs/design.md, "Remedies"): its patch or why it has none, what it
 * costs, and whether a test here applies it in a real runtime.
 */
export type Fix = ({ patch: PatchRecipe; noPatch?: undefined } | { noPatch: string; patch?: undefined }) & {
  cost: RemedyCost;
  /** Why no test here applies the remedy in a real runtime; absent when one does. */
  unproven?: string;
};

/** A catalogue entry: everything `explain` says about one finding code. */
export interface FindingSpec {
  code: string;
  severity: Severity;
  /** One line: what was found. A finding's message may be more specific. */
  summary: string;
  /** Why it happens and what evidence the check used. */
  cause: string;
  /** What a person can do about it: the same text in `explain` and in every report. */
  remedy: string;
  /** Patch, cost and proof of the remedy; every degrade and fail code has one. */
  fix?: Fix;
}

/**
 * What a probe hands back: facts and findings, no status (only the policy judges). A check
 * that decided has all its facts; one that could not (`error`, the reason) or did not apply
 * (`skipReason`) has what it learnt before stopping.
 */
export type ProbeOutcome<F> =
  | { facts: F; findings: Finding[]; error?: undefined; skipReason?: undefined }
  | { facts: Partial<F>; findings: Finding[]; error: string; skipReason?: undefined }
  | { facts: Partial<F>; findings: Finding[]; skipReason: string; error?: undefined };

/** The runner's record of one check: the outcome, its time and its one-line summary. */
export type ProbeResult<F = unknown> = ProbeOutcome<F> & {
  id: string;
  durationMs: number;
  /** The text report's few words about the facts ('' when the check did not decide). */
  summary: string;
};

/** One check as the report shows it, after the policy has judged it. */
export interface CheckResult<F = unknown> {
  id: string;
  status: CheckStatus;
  durationMs: number;
  summary: string;
  facts: F;
  findings: Finding[];
  /** Why the check was skipped (status `skip` only). */
  skipReason?: string;
}
