// `explain`: the finding catalogue for people (text) and tools (--output json).
import { catalogue } from '../core/catalogue.js';
import type { FindingSpec } from '../core/types.js';
import type { OutputFormat } from './options.js';
import { UsageError } from './options.js';

function find(code: string): FindingSpec {
  const spec = catalogue().find((s) => s.code === code.toUpperCase());
  if (!spec) throw new UsageError(`explain: unknown finding code "${code}" (run: init-preflight explain)`);
  return spec;
}

function text(code: string | null): string {
  const specs = catalogue();
  if (code === null) {
    const width = Math.max(...specs.map((s) => s.code.length));
    return `${specs.map((s) => `${s.code.padEnd(width)}  ${s.severity.padEnd(7)}  ${s.summary}`).join('\n')}\n`;
  }
  const spec = find(code);
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

/** JSON: every finding spec (code, severity, summary, cause, remedy) as an array, or the one asked for. */
export function explain(code: string | null, output: OutputFormat = 'text'): string {
  if (output === 'text') return text(code);
  return `${JSON.stringify(code === null ? catalogue() : find(code), null, 2)}\n`;
}
