// The contracts every check, the policy and the reporters share (DESIGN §3).

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

export type Facts = Record<string, unknown>;

export interface CheckResult {
  id: string;
  status: CheckStatus;
  durationMs: number;
  facts: Facts;
  findings: Finding[];
  /** Why the check was skipped (status `skip` only). */
  skipReason?: string;
}

/** What a check hands back before timing and status are filled in. */
export interface CheckOutcome {
  facts: Facts;
  findings: Finding[];
  /** Set when the check could not decide: the reason. The runner turns it into status `error`. */
  error?: string;
  skipReason?: string;
}

/** A catalogue entry: everything `explain` says about one finding code. */
export interface FindingSpec {
  code: string;
  severity: Severity;
  /** One line: what was found. Checks may replace it with a more specific message. */
  summary: string;
  /** Why it happens and what evidence the check used. */
  cause: string;
  /** What a person can do about it. */
  remedy: string;
}

export interface CheckDefinition {
  id: string;
  /** Severity of the `<ID>_CHECK_ERROR` finding when the check cannot decide. */
  errorSeverity: Severity;
  /** The cause/remedy text for the error finding, specific to this check. */
  errorRemedy: string;
  findings: readonly FindingSpec[];
  /** A few words for the text report's check line, from the check's facts. */
  summarize?(facts: Facts): string;
  run(ctx: import('./context.js').ProbeContext): Promise<CheckOutcome>;
}
