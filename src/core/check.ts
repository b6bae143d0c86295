// How a check is declared: its id, its facts type, the finding codes it owns (with the texts
// `explain` prints), the summary the text report shows, and the probe. A check can only make
// findings from its own catalogue entries, so the report and `explain` never disagree.
import type { ProbeContext } from '../probe/context.js';
import type { Finding, FindingSpec, Fix, ProbeOutcome, Severity } from './types.js';

export type FindingTexts = Omit<FindingSpec, 'code'>;

/**
 * A catalogue entry from its texts. A remedy no test here applies says so in its own text, so
 * the report, `explain` and the JSON all carry the caveat.
 */
export function findingSpec(code: string, texts: FindingTexts): FindingSpec {
  const unproven = texts.fix?.unproven;
  return { code, ...texts, remedy: unproven ? `${texts.remedy} (Not proven by a test here: ${unproven}.)` : texts.remedy };
}

export interface FindingSet<K extends string> {
  specs: readonly FindingSpec[];
  /** A finding with the catalogue's severity and remedy; `message` replaces the summary. */
  make(code: K, message?: string): Finding;
}

export function defineFindings<K extends string>(texts: Record<K, FindingTexts>): FindingSet<K> {
  const specs = (Object.entries(texts) as [K, FindingTexts][]).map(([code, t]) => findingSpec(code, t));
  const byCode = new Map(specs.map((s) => [s.code, s]));
  return {
    specs,
    make(code, message) {
      const spec = byCode.get(code)!;
      return { code, severity: spec.severity, message: message ?? spec.summary, remedy: spec.remedy };
    },
  };
}

export interface CheckDefinition<F extends object = object> {
  id: string;
  /** Severity of the `<ID>_CHECK_ERROR` finding when the check cannot decide. */
  errorSeverity: Severity;
  /** The remedy of that finding, specific to this check. */
  errorRemedy: string;
  /** Its fix, required when `errorSeverity` is degrade or fail. */
  errorFix?: Fix;
  findings: readonly FindingSpec[];
  /** A few words for the text report's check line, from facts of a check that decided. */
  summarize(facts: F): string;
  /**
   * The probe. `facts` is complete when the check decided; with `error` or `skipReason` it
   * holds what was learnt before stopping.
   */
  run(ctx: ProbeContext): Promise<ProbeOutcome<F>>;
  /**
   * True for a check that waits on a child process: the runner starts it before the others, so
   * the child runs on another CPU while they read /proc (the report keeps the registry's order).
   */
  startsFirst?: true;
}

/** The registry's view of a check, its facts type erased. */
export type AnyCheck = CheckDefinition<object>;

/** Declares a check; the type parameter ties `run`'s facts to `summarize`. */
export function defineCheck<F extends object>(check: CheckDefinition<F>): CheckDefinition<F> {
  return check;
}

/** An outcome for a check that could not decide: the reason, and what it learnt before. */
export function undecided<F>(reason: string, facts: Partial<NoInfer<F>>, findings: Finding[] = []): ProbeOutcome<F> {
  return { facts, findings, error: reason };
}

/** An outcome for a check that does not apply here. */
export function skipped<F>(reason: string, facts: Partial<NoInfer<F>>): ProbeOutcome<F> {
  return { facts, findings: [], skipReason: reason };
}
