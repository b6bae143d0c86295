// The scan command: scan, render in the chosen format, print or replace --output-file; with
// --interval, again after each pause until SIGTERM/SIGINT (a DaemonSet's container).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Options } from '../cli/options.js';
import { commit, prepare } from '../handoff/generation.js';
import { halted, run } from '../lifecycle.js';
import { chalkPaint, plain, useColour } from '../report/paint.js';
import { stdoutIsTerminal, writeStdout } from '../report/stdout.js';
import { progressLine } from './progress.js';
import { renderPrometheus } from './render-prometheus.js';
import { renderScanText } from './render-text.js';
import { scan, type ScanReport } from './scan.js';
import { toAbortSignal } from '../core/abort.js';

async function render(options: Options, report: ScanReport, toTty: boolean): Promise<string> {
  if (options.output === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (options.output === 'prometheus') return renderPrometheus(report);
  return renderScanText(report, useColour(options.color, process.env, toTty) ? await chalkPaint() : plain);
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
    await writeStdout(await render(options, report, stdoutIsTerminal()));
    return;
  }
  // The textfile collector may read at any moment: it must see the old file or the new one
  // (the handoff's write-fsync-rename, for a generation of one file).
  const entries = [{ name: path.basename(file), content: await render(options, report, false) }];
  const dir = path.dirname(path.resolve(file));
  await prepare(dir, entries);
  await commit(dir, entries, () => undefined);
}

/**
 * Exit 0 once the output is written: rows carry their own verdicts (a scan is not a verdict).
 * SIGTERM/SIGINT end a repeating scan through lifecycle's handlers (exit 143/130).
 */
export async function scanCommand(options: Options, version: string): Promise<number> {
  // timers and AbortSignal.any take node's own signals.
  const signal = toAbortSignal(run.controller.signal);
  do {
    const report = await once(options, version, signal).catch((err: unknown) => {
      if (signal.aborted) return halted(); // interrupted: lifecycle reports and exits
      throw err;
    });
    await emit(options, report);
    if (options.scan.intervalSeconds === null) return 0;
    await sleep(options.scan.intervalSeconds * 1000, undefined, { signal }).catch(() => undefined);
  } while (!signal.aborted);
  return halted();
}
