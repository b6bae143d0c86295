// Turns a check's catalogue entries into findings. Each check owns its codes; the catalogue
// (src/catalogue.ts) gathers them for `explain` and for validating --severity.
import type { Finding, FindingSpec } from './types.js';

export type FindingTexts = Omit<FindingSpec, 'code'>;

export interface FindingSet<K extends string> {
  specs: readonly FindingSpec[];
  /** A finding with the catalogue's severity and remedy; `message` replaces the summary. */
  make(code: K, message?: string): Finding;
}

export function defineFindings<K extends string>(texts: Record<K, FindingTexts>): FindingSet<K> {
  const specs = (Object.entries(texts) as [K, FindingTexts][]).map(([code, t]) => ({ code, ...t }));
  const byCode = new Map(specs.map((s) => [s.code, s]));
  return {
    specs,
    make(code, message) {
      const spec = byCode.get(code)!;
      return { code, severity: spec.severity, message: message ?? spec.summary, remedy: spec.remedy };
    },
  };
}
