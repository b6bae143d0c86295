// `explain`: the finding catalogue for people.
import { catalogue } from '../core/catalogue.js';
import { UsageError } from './options.js';

export function explain(code: string | null): string {
  const specs = catalogue();
  if (code === null) {
    const width = Math.max(...specs.map((s) => s.code.length));
    return `${specs.map((s) => `${s.code.padEnd(width)}  ${s.severity.padEnd(7)}  ${s.summary}`).join('\n')}\n`;
  }
  const spec = specs.find((s) => s.code === code.toUpperCase());
  if (!spec) throw new UsageError(`explain: unknown finding code "${code}" (run: init-preflight explain)`);
  return [
    `${spec.code} (default severity: ${spec.severity})`,
    `  ${spec.summary}`,
    '',
    `cause and evidence:\n  ${spec.cause}`,
    '',
    `remedy:\n  ${spec.remedy}`,
    '',
  ].join('\n');
}
