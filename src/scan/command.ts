// The scan command: scan, render in the chosen format, print or replace --output-file; with
// --interval, again after each pause until SIGTERM/SIGINT (a DaemonSet's container).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Options } from '../cli/options.js';
import { writeFileAtomic } from '../handoff/atomic-file.js';
import { useColour } from '../report/text.js';
import { progressLine } from './progress.js';
import { renderPrometheus } from './render-prometheus.js';
import { renderScanText } from './render-text.js';
import { scan, type ScanReport } from './scan.js';

function render(options: Options, report: ScanReport, toTty: boolean): string {
  if (options.output === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (options.output === 'prometheus') return renderPrometheus(report);
  return renderScanText(report, useColour(options.color, process.env, toTty));
}

/** One scan within --timeout; past it, an error, like the other commands. */
async function once(options: Options, version: string, signal: AbortSignal): Promise<ScanReport> {
  const round = AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]);
  const progress = progressLine(process.stderr);
  const expired = new Promise<never>((_, reject) => {
    round.addEventListener('abort', () => reject(new Error(`the scan did not finish within --timeout ${options.timeoutMs} ms`)), { once: true });
  });
  try {
    return await Promise.race([scan(options, version, round, progress.update), expired]);
  } finally {
    progress.done();
  }
}

async function emit(options: Options, report: ScanReport): Promise<void> {
  const file = options.scan.outputFile;
  if (file === null) {
    // A pipe takes 64 KiB at once; main exits right after: wait until the kernel has it all.
    const text = render(options, report, process.stdout.isTTY === true);
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
    return;
  }
  // The textfile collector may read at any moment: it must see the old file or the new one.
  await writeFileAtomic(path.dirname(path.resolve(file)), path.basename(file), render(options, report, false));
}

/** Exit 0 once the table is out: rows carry their own verdicts (a scan is not a verdict). */
export async function scanCommand(options: Options, version: string): Promise<number> {
  const stop = new AbortController();
  const interval = options.scan.intervalSeconds;
  if (interval === null) {
    await emit(options, await once(options, version, stop.signal));
    return 0;
  }
  // As PID 1 of a container, a signal without a handler is ignored: stop between rounds.
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
  while (!stop.signal.aborted) {
    try {
      await emit(options, await once(options, version, stop.signal));
    } catch (err) {
      if (stop.signal.aborted) break;
      throw err;
    }
    await sleep(interval * 1000, undefined, { signal: stop.signal }).catch(() => undefined);
  }
  return 0;
}
