// Runs the checks concurrently, each under its own time limit; nothing a check does escapes.
import { performance } from 'node:perf_hooks';
import { errorCode } from './catalogue.js';
import type { ProbeContext } from './context.js';
import type { CheckDefinition, CheckOutcome, CheckResult, Finding } from './types.js';

export interface Selection {
  only: readonly string[] | null;
  skip: readonly string[];
}

function selected(id: string, sel: Selection): boolean {
  return (sel.only === null || sel.only.includes(id)) && !sel.skip.includes(id);
}

function errorFinding(check: CheckDefinition, reason: string): Finding {
  return { code: errorCode(check.id), severity: check.errorSeverity, message: `${check.id}: ${reason}`, remedy: check.errorRemedy };
}

async function withTimeLimit(check: CheckDefinition, ctx: ProbeContext): Promise<CheckOutcome> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, ctx.signal]);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ facts: {}, findings: [], error: `no answer within ${ctx.timeoutMs} ms` });
    }, ctx.timeoutMs);
  });
  try {
    return await Promise.race([check.run({ ...ctx, signal }), expired]);
  } catch (err) {
    return { facts: {}, findings: [], error: `internal error: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

function toResult(check: CheckDefinition, outcome: CheckOutcome, durationMs: number): CheckResult {
  const ms = Math.round(durationMs * 100) / 100;
  const base = (status: CheckResult['status']) => ({ id: check.id, status, durationMs: ms, facts: outcome.facts });
  if (outcome.error !== undefined) {
    return { ...base('error'), findings: [...outcome.findings, errorFinding(check, outcome.error)] };
  }
  if (outcome.skipReason !== undefined) return { ...base('skip'), findings: [], skipReason: outcome.skipReason };
  // The policy sets the final status once severity overrides are applied.
  return { ...base('pass'), findings: outcome.findings };
}

async function runOne(check: CheckDefinition, ctx: ProbeContext): Promise<CheckResult> {
  const start = performance.now();
  const outcome = await withTimeLimit(check, ctx);
  return toResult(check, outcome, performance.now() - start);
}

export async function runChecks(checks: readonly CheckDefinition[], ctx: ProbeContext, sel: Selection): Promise<CheckResult[]> {
  return Promise.all(
    checks.map((check) =>
      selected(check.id, sel)
        ? runOne(check, ctx)
        : Promise.resolve<CheckResult>({ id: check.id, status: 'skip', durationMs: 0, facts: {}, findings: [], skipReason: 'not selected (--only/--skip)' }),
    ),
  );
}
