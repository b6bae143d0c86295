// How the process ends when the run cannot end normally: SIGTERM/SIGINT (exit 143/130) and any
// error that escaped its boundary (exit 3). main.ts imports this first, so the handlers are in
// place before the rest of the bundle is evaluated.
import type { Options } from './cli/options.js';
import { oneLine } from './cli/echo.js';
import { createAbort } from './core/abort.js';
import { messageOf } from './core/result.js';
import type { HandoffSummary } from './handoff/handoff.js';
import { writeStderr } from './report/stdout.js';
import { interruptedMessage, writeTerminationText } from './report/termination.js';

/** What an interruption must know: what to abort, the handoff to let finish, where to report. */
export const run = {
  controller: createAbort(),
  options: null as Options | null,
  handoff: null as Promise<HandoffSummary> | null,
  debug: process.argv.includes('--debug'),
};

/** One line on stderr, whatever the message holds. */
export function fail(line: string): void {
  writeStderr(`init-preflight: ${oneLine(line)}\n`);
}

export function internalError(err: unknown): 3 {
  fail(`internal error: ${messageOf(err)}${run.debug ? '' : ' (rerun with --debug for details)'}`);
  if (run.debug && err instanceof Error && err.stack) writeStderr(`${err.stack}\n`);
  return 3;
}

// The last resort: an error that escaped every boundary must not end as a stack trace and an
// exit code that reads as a verdict.
process.on('uncaughtException', (err) => process.exit(internalError(err)));
process.on('unhandledRejection', (err) => process.exit(internalError(err)));

// An interrupted handoff removes its temporary files and lock, or finishes its renames, within this.
const INTERRUPT_GRACE_MS = 800;

/**
 * As PID 1 of its container the tool would ignore SIGTERM without a handler until the kubelet's
 * SIGKILL. Abort the checks, let the handoff clean up (or finish renaming), say so, exit 128+n.
 */
async function interrupt(signal: NodeJS.Signals, exitCode: number): Promise<never> {
  run.controller.abort();
  const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), INTERRUPT_GRACE_MS));
  await Promise.race([run.handoff, grace]);
  const options = run.options;
  const problem = options?.command === 'run' ? await Promise.race([writeTerminationText(options, interruptedMessage(signal, exitCode)), grace]) : null;
  if (typeof problem === 'string' && problem !== 'late') fail(problem);
  fail(`interrupted by ${signal}: the run did not finish`);
  process.exit(exitCode);
}

// The first signal starts the interruption; a second one must not cut its clean-up short.
let interrupted = false;
for (const [signal, exitCode] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    void interrupt(signal, exitCode);
  });
}

/** Once interrupted, the interrupt handler alone ends the process; the run stops where it is. */
export function halted(): Promise<never> {
  return new Promise(() => undefined);
}
