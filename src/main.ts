// Entry point: parse → probe → decide → report → exit. The one place that catches everything.
import { assertTargetExists, buildContext } from './build-context.js';
import { CHECKS } from './checks/index.js';
import { HANDOFF_UNWRITABLE } from './catalogue.js';
import { parseCli, VERSION } from './cli.js';
import { explain } from './explain.js';
import { UsageError, type Options } from './options.js';
import { decide, type Decision } from './policy.js';
import { handoffVariables } from './report/env-file.js';
import { writeHandoff } from './report/handoff.js';
import { buildReport, toJson, type HandoffSummary, type Report } from './report/report.js';
import { writeTerminationMessage } from './report/termination.js';
import { renderText, useColour } from './report/text.js';
import { runChecks } from './runner.js';
import type { CheckResult } from './types.js';

function handoffResult(summary: HandoffSummary): CheckResult {
  const { code, severity, remedy } = HANDOFF_UNWRITABLE;
  return {
    id: 'handoff',
    status: 'fail',
    durationMs: 0,
    facts: { dir: summary.dir, error: summary.error },
    findings: [{ code, severity, message: `Cannot write the handoff files in ${summary.dir}: ${summary.error}`, remedy }],
  };
}

async function handOff(options: Options, results: CheckResult[], decision: Decision): Promise<Report> {
  const summary = await writeHandoff({
    dir: options.handoffDir,
    flagName: options.flagName,
    verdict: decision.verdict,
    reasons: decision.reasons,
    env: handoffVariables(decision, options),
    renderReport: (s) => toJson(buildReport(decision, options, VERSION, s)),
  });
  if (summary.error === null) return buildReport(decision, options, VERSION, summary);
  const blocked = decide([...results, handoffResult(summary)], options);
  return buildReport(blocked, options, VERSION, summary);
}

async function probe(options: Options): Promise<number> {
  const controller = new AbortController();
  const ctx = buildContext(options, controller.signal);
  const results = await runChecks(CHECKS, ctx, options);
  const decision = decide(results, options);
  const report = options.command === 'run' ? await handOff(options, results, decision) : buildReport(decision, options, VERSION, null);
  if (options.command === 'run') {
    const problem = await writeTerminationMessage(options, report);
    if (problem) process.stderr.write(`init-preflight: ${problem}\n`);
  }
  const colour = useColour(options.color, process.env, process.stdout.isTTY === true);
  process.stdout.write(options.output === 'json' ? toJson(report) : renderText(report, CHECKS, colour));
  return report.exitCode;
}

/** Checks end before --timeout (build-context keeps a reserve); past it something is wedged: give up loudly. */
function deadline(options: Options): Promise<number> {
  return new Promise((resolve) => {
    setTimeout(() => {
      process.stderr.write(`init-preflight: internal error: the run did not finish within --timeout ${options.timeoutMs} ms\n`);
      resolve(3);
    }, options.timeoutMs).unref();
  });
}

async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const parsed = parseCli(argv);
    if (parsed.kind === 'exit') {
      process.stdout.write(parsed.output.endsWith('\n') ? parsed.output : `${parsed.output}\n`);
      return parsed.exitCode;
    }
    const options = parsed.options;
    debug = options.debug;
    if (options.command === 'explain') {
      process.stdout.write(explain(options.code));
      return 0;
    }
    await assertTargetExists(options);
    return await Promise.race([probe(options), deadline(options)]);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`init-preflight: ${err.message} (see --help)\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`init-preflight: internal error: ${message}${debug ? '' : ' (rerun with --debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 3;
  }
}

// Exit explicitly: a check abandoned at its time limit may leave a blocked read in libuv's thread
// pool (a FIFO, a hung FUSE file) that would otherwise keep the process alive. stdout to a pipe or
// file is written synchronously on Linux, so nothing printed is lost.
process.exit(await main(process.argv.slice(2)));
