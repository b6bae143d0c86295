// Entry point: parse → probe → judge → hand off → decide → report → exit. The one place that
// catches everything: usage errors (exit 2), SIGTERM/SIGINT (143/130), a wedged run and any
// error that escaped its boundary (exit 3). Exit 1 is only ever a "blocked" report. Start-up is
// paid by every pod, so what run/check do not always need (yargs, chalk, explain, the handoff
// writer) is imported where it is used.
// First, so its handlers are in place before the rest of the bundle is even evaluated.
import { fail, halted, internalError, run } from './lifecycle.js';
import { CHECKS } from './checks/index.js';
import { UsageError, type Options } from './cli/options.js';
import { isVersionRequest, quickParse } from './cli/quick-parse.js';
import { VERSION } from './cli/version.js';
import { decide, judgeChecks, type Judgement } from './core/policy.js';
import { runTargetChecks } from './core/target-checks.js';
import type { HandoffSummary } from './handoff/handoff.js';
import { assertTargetExists, buildContext } from './probe/build-context.js';
import { chalkPaint, plain, useColour } from './report/paint.js';
import { buildReport, toJson, type Report } from './report/report.js';
import { writeTerminationMessage } from './report/termination.js';
import { stdoutIsTerminal, terminalColumns, writeStdout } from './report/stdout.js';
import { renderText } from './report/text.js';

/** Writes the handoff from the checks' judgement; preflight.json carries the final decision. */
async function handOff(options: Options, judgement: Judgement): Promise<HandoffSummary> {
  const [{ writeHandoff }, { handoffVariables }] = await Promise.all([import('./handoff/handoff.js'), import('./handoff/env-file.js')]);
  return writeHandoff({
    dir: options.handoffDir,
    flagName: options.flagName,
    verdict: judgement.verdict,
    reasons: judgement.reasons,
    env: handoffVariables(judgement.verdict, judgement.reasons, options.checks),
    renderReport: (s) => toJson(buildReport(decide(judgement, s, options), options, VERSION, s)),
    deadline: Date.now() + options.timeoutMs,
    signal: run.controller.signal,
  });
}

async function render(options: Options, report: Report): Promise<string> {
  if (options.output === 'json') return toJson(report);
  const paint = useColour(options.color, process.env, stdoutIsTerminal()) ? await chalkPaint() : plain;
  return renderText(report, { paint, width: terminalColumns() });
}

async function probe(options: Options): Promise<number> {
  const { signal } = run.controller;
  const ctx = buildContext(options, signal);
  const judgement = judgeChecks(await runTargetChecks(CHECKS, ctx, options), options);
  if (signal.aborted) return halted();
  run.handoff = options.command === 'run' ? handOff(options, judgement) : null;
  const handoff = await run.handoff;
  if (signal.aborted) return halted();
  const report: Report = buildReport(decide(judgement, handoff, options), options, VERSION, handoff);
  if (options.command === 'run') {
    const problem = await writeTerminationMessage(options, report);
    if (problem) fail(problem);
  }
  await writeStdout(await render(options, report));
  return report.exitCode;
}

/**
 * The checks end by --timeout and waiting for another run's lock is bounded by it too; a run
 * still going well past both is wedged (a write stuck in the kernel): give up loudly.
 */
function watchdog(options: Options): Promise<number> {
  const limitMs = 2 * options.timeoutMs + 5000;
  return new Promise((resolve) => {
    setTimeout(() => {
      fail(`internal error: the run did not finish within ${limitMs} ms (--timeout ${options.timeoutMs} ms)`);
      resolve(3);
    }, limitMs).unref();
  });
}

/** run/check straight from the option table; anything else (help, explain, errors) via yargs. */
async function parse(argv: string[]): Promise<{ options: Options } | { exitCode: number; output: string }> {
  if (isVersionRequest(argv)) return { exitCode: 0, output: VERSION };
  const options = quickParse(argv, process.env);
  if (options) return { options };
  const { parseCli } = await import('./cli/parse.js');
  const parsed = parseCli(argv);
  return parsed.kind === 'options' ? { options: parsed.options } : parsed;
}

async function main(argv: string[]): Promise<number> {
  try {
    const parsed = await parse(argv);
    if (!('options' in parsed)) {
      await writeStdout(parsed.output.endsWith('\n') ? parsed.output : `${parsed.output}\n`);
      return parsed.exitCode;
    }
    const options = parsed.options;
    run.options = options;
    run.debug = options.debug;
    if (options.command === 'explain') {
      const { explain } = await import('./cli/explain.js');
      await writeStdout(explain(options));
      return 0;
    }
    await assertTargetExists(options);
    if (options.command === 'scan') {
      const { scanCommand } = await import('./scan/command.js');
      return await scanCommand(options, VERSION);
    }
    return await Promise.race([probe(options), watchdog(options)]);
  } catch (err) {
    if (err instanceof UsageError) {
      fail(`${err.message} (see --help)`);
      return 2;
    }
    return internalError(err);
  }
}

// Exit explicitly: a check abandoned at its time limit may leave a blocked read in libuv's thread
// pool (a FIFO, a hung FUSE file) that would otherwise keep the process alive. Every stdout write
// above has settled by then (report/stdout.ts), so nothing printed is lost.
void main(process.argv.slice(2)).then((code) => process.exit(code));
