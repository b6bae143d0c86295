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
}

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
