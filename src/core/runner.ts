// Runs the checks concurrently under one time limit; nothing a check does escapes.
// The runner records outcomes and summaries; statuses are the policy's job.
import type { ProbeContext } from '../probe/context.js';
import { createAbort } from './abort.js';
import { errorFinding } from './catalogue.js';
import type { AnyCheck } from './check.js';
import { messageOf } from './result.js';
import type { ProbeOutcome, ProbeResult } from './types.js';

export interface Selection {
  only: readonly string[] | null;
  skip: readonly string[];
}

function selected(id: string, sel: Selection): boolean {
  return (sel.only === null || sel.only.includes(id)) && !sel.skip.includes(id);
}

async function withTimeLimit(check: AnyCheck, ctx: ProbeContext, expired: Promise<ProbeOutcome<object>>): Promise<ProbeOutcome<object>> {
  try {
    return await Promise.race([check.run(ctx), expired]);
  } catch (err) {
    return { facts: {}, findings: [], error: `internal error: ${messageOf(err)}` };
  }
}

/** The summary is computed here, once, so reporters need no registry of checks. */
function summaryOf(check: AnyCheck, outcome: ProbeOutcome<object>): string {
  if (outcome.skipReason !== undefined) return `skipped: ${outcome.skipReason}`;
  if (outcome.error !== undefined) return 'could not decide';
  try {
    return check.summarize(outcome.facts);
  } catch (err) {
    return `(no summary: ${messageOf(err)})`;
  }
}

async function runOne(check: AnyCheck, ctx: ProbeContext, expired: Promise<ProbeOutcome<object>>): Promise<ProbeResult<object>> {
  // hrtime rather than perf_hooks, whose module every start-up would load (docs/design.md, "Start-up").
  const start = process.hrtime.bigint();
  const outcome = await withTimeLimit(check, ctx, expired);
  const durationMs = Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
  const record = { id: check.id, durationMs, summary: summaryOf(check, outcome) };
  // A check that could not decide says so as a finding of its own, with the reason.
  if (outcome.error !== undefined) return { ...outcome, ...record, findings: [...outcome.findings, errorFinding(check, outcome.error)] };
  return { ...outcome, ...record };
}

/** The skip reason of a check left out by --only/--skip (the text report folds these into one line). */
export const NOT_SELECTED = 'not selected (--only/--skip)';

/**
 * The checks start together, so they share one time limit: one timer and one abort for all of
 * them (a timer, an AbortController and AbortSignal.any per check cost every start-up about a
 * millisecond). At the limit every check still running is aborted and answers "time limit".
 */
export async function runChecks(checks: readonly AnyCheck[], ctx: ProbeContext, sel: Selection): Promise<ProbeResult<object>[]> {
  const limit = createAbort();
  const abort = (): void => limit.abort();
  if (ctx.signal.aborted) abort();
  else ctx.signal.addEventListener('abort', abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<ProbeOutcome<object>>((resolve) => {
    timer = setTimeout(() => {
      abort();
      resolve({ facts: {}, findings: [], error: `time limit: no answer within ${ctx.timeoutMs} ms` });
    }, ctx.timeoutMs);
  });
  const limited = { ...ctx, signal: limit.signal };
  const start = (check: AnyCheck): Promise<ProbeResult<object>> =>
    selected(check.id, sel)
      ? runOne(check, limited, expired)
      : Promise.resolve({ id: check.id, durationMs: 0, facts: {}, findings: [], skipReason: NOT_SELECTED, summary: `skipped: ${NOT_SELECTED}` });
  // startsFirst checks are started before the rest; the results keep the registry's order.
  const early = new Map(checks.filter((c) => c.startsFirst).map((c) => [c, start(c)]));
  try {
    return await Promise.all(checks.map((check) => early.get(check) ?? start(check)));
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', abort);
  }
}
