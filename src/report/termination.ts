// The Kubernetes termination message: what `kubectl describe pod` shows for a failed init container.
import { access, writeFile } from '../probe/async-fs.js';
import path from 'node:path';
import type { Options } from '../cli/options.js';
import type { Report } from './report.js';

const LIMIT_BYTES = 4096; // the kubelet truncates termination messages at 4096 bytes
const ELLIPSIS = '…\n';

export function renderTerminationMessage(report: Report): string {
  const lines = [`init-preflight ${report.verdict} (exit ${report.exitCode})`];
  const seen = new Set<string>();
  for (const f of report.checks.flatMap((c) => c.findings)) {
    if (report.reasons.includes(f.code) && !seen.has(f.code)) {
      seen.add(f.code);
      lines.push(`${f.code}: ${f.message}`);
    }
  }
  let text = '';
  for (const [i, line] of lines.entries()) {
    const next = `${text}${line}\n`;
    const room = LIMIT_BYTES - (i === lines.length - 1 ? 0 : Buffer.byteLength(ELLIPSIS));
    if (Buffer.byteLength(next) > room) return `${text}${ELLIPSIS}`;
    text = next;
  }
  return text;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/**
 * The kubelet creates the default file in every container, so it is written only where it exists:
 * run by hand on a node, the tool must not litter /dev. An explicit path needs only its directory.
 */
export async function writeTerminationMessage(options: Options, report: Report): Promise<string | null> {
  return writeTerminationText(options, renderTerminationMessage(report));
}

/** A run stopped by a signal leaves no verdict; the message must not read like one. */
export function interruptedMessage(signal: string, exitCode: number): string {
  return `init-preflight interrupted by ${signal} (exit ${exitCode}): the run did not finish; the handoff directory holds the files of the last run whose handoff finished, if any\n`;
}

export async function writeTerminationText(options: Options, text: string): Promise<string | null> {
  const file = options.terminationLog;
  const wanted = options.terminationLogExplicit ? await exists(path.dirname(file)) : await exists(file);
  if (!wanted) return null;
  try {
    await writeFile(file, text);
    return null;
  } catch (err) {
    return `could not write the termination message to ${file}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
