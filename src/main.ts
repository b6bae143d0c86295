// Entry point: parse → probe → judge → hand off → decide → report → exit. The one place that
// catches everything.
import { CHECKS } from './checks/index.js';
import { explain } from './cli/explain.js';
import { UsageError, type Options } from './cli/options.js';
import { parseCli, VERSION } from './cli/parse.js';
import { decide, judgeChecks, type Judgement } from './core/policy.js';
import { messageOf } from './core/result.js';
import { runChecks } from './core/runner.js';
import { handoffVariables } from './handoff/env-file.js';
import { writeHandoff, type HandoffSummary } from './handoff/handoff.js';
import { assertTargetExists, buildContext } from './probe/build-context.js';
import { buildReport, toJson, type Report } from './report/report.js';
import { writeTerminationMessage } from './report/termination.js';
import { renderText, useColour } from './report/text.js';

/** Writes the handoff from the checks' judgement; preflight.json carries the final decision. */
function handOff(options: Options, judgement: Judgement): Promise<HandoffSummary> {
  return writeHandoff({
    dir: options.handoffDir,
    flagName: options.flagName,
    verdict: judgement.verdict,
    reasons: judgement.reasons,
    env: handoffVariables(judgement.verdict, judgement.reasons, options.checks),
    renderReport: (s) => toJson(buildReport(decide(judgement, s, options), options, VERSION, s)),
  });
}

async function probe(options: Options): Promise<number> {
  const controller = new AbortController();
  const ctx = buildContext(options, controller.signal);
  const judgement = judgeChecks(await runChecks(CHECKS, ctx, options), options);
  const handoff = options.command === 'run' ? await handOff(options, judgement) : null;
  const report: Report = buildReport(decide(judgement, handoff, options), options, VERSION, handoff);
  if (options.command === 'run') {
    const problem = await writeTerminationMessage(options, report);
    if (problem) process.stderr.write(`init-preflight: ${problem}\n`);
  }
  const colour = useColour(options.color, process.env, process.stdout.isTTY === true);
  process.stdout.write(options.output === 'json' ? toJson(report) : renderText(report, colour));
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
      process.stdout.write(explain(options));
      return 0;
    }
    await assertTargetExists(options);
    return await Promise.race([probe(options), deadline(options)]);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`init-preflight: ${err.message} (see --help)\n`);
      return 2;
    }
    process.stderr.write(`init-preflight: internal error: ${messageOf(err)}${debug ? '' : ' (rerun with --debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 3;
  }
}

// Exit explicitly: a check abandoned at its time limit may leave a blocked read in libuv's thread
// pool (a FIFO, a hung FUSE file) that would otherwise keep the process alive. stdout to a pipe or
// file is written synchronously on Linux, so nothing printed is lost.
process.exit(await main(process.argv.slice(2)));
