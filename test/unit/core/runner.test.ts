import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../src/core/check.js';
import { judgeChecks } from '../../../src/core/policy.js';
import { runChecks as runRaw, type Selection } from '../../../src/core/runner.js';
import type { ProbeOutcome } from '../../../src/core/types.js';
import { fixtureContext } from '../../support/fixture-context.js';

const ctx = (timeoutMs: number) => fixtureContext('/', { timeoutMs });

const check = (id: string, run: AnyCheck['run']): AnyCheck => ({ id, errorSeverity: 'degrade', errorRemedy: 'fix it', findings: [], summarize: () => `${id} decided`, run });
const all = { only: null, skip: [] };
type CheckOutcome = ProbeOutcome<object>;
/** The runner's records as the policy judges them: statuses are the policy's. */
const runChecks = async (checks: AnyCheck[], c: ReturnType<typeof ctx>, sel: Selection) => judgeChecks(await runRaw(checks, c, sel), { severity: {}, strict: false }).checks;

describe('runChecks', () => {
  it('a check that never answers is cut at its time limit and aborted', async () => {
    let aborted = false;
    const hang = check('hang', (c) => new Promise<CheckOutcome>(() => c.signal.addEventListener('abort', () => (aborted = true))));
    const started = Date.now();
    const [r] = await runChecks([hang], ctx(100), all);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(aborted).toBe(true);
    expect(r).toMatchObject({ id: 'hang', status: 'error', findings: [{ code: 'HANG_CHECK_ERROR', severity: 'degrade', remedy: 'fix it' }] });
    expect(r!.findings[0]!.message).toMatch(/^[a-z-]+: time limit: no answer within 100 ms$/);
  });

  it('one time limit for all: the checks that answered keep their answers, every one still running is aborted', async () => {
    const aborted: string[] = [];
    const hang = (id: string) => check(id, (c) => new Promise<CheckOutcome>(() => c.signal.addEventListener('abort', () => aborted.push(id))));
    const quick = check('quick', async () => ({ facts: {}, findings: [] }));
    const results = await runChecks([hang('a'), quick, hang('b')], ctx(100), all);
    expect(results.map((r) => r.status)).toEqual(['error', 'pass', 'error']);
    expect(aborted.sort()).toEqual(['a', 'b']);
  });

  it('an abort of the run (SIGTERM) reaches every check at once', async () => {
    const run = new AbortController();
    const seen: string[] = [];
    const waiter = (id: string) => check(id, (c) => new Promise<CheckOutcome>((resolve) => c.signal.addEventListener('abort', () => (seen.push(id), resolve({ facts: {}, findings: [] })))));
    const base = ctx(60_000);
    const pending = runRaw([waiter('a'), waiter('b')], { ...base, signal: run.signal }, all);
    run.abort();
    const started = Date.now();
    expect((await pending).map((r) => r.id)).toEqual(['a', 'b']);
    expect([seen.sort(), Date.now() - started < 1000]).toEqual([['a', 'b'], true]);
  });

  it('a check that throws becomes an error result; the others still run concurrently', async () => {
    const boom = check('boom', async () => {
      throw new Error('kaput');
    });
    const slow = (id: string) => check(id, () => new Promise((resolve) => setTimeout(() => resolve({ facts: { id }, findings: [] }), 200)));
    const started = Date.now();
    const results = await runChecks([boom, slow('a'), slow('b'), slow('c')], ctx(5000), all);
    expect(Date.now() - started).toBeLessThan(550);
    expect(results.map((r) => r.status)).toEqual(['error', 'pass', 'pass', 'pass']);
    expect(results[0]!.findings[0]!.message).toMatch(/kaput/);
  });

  it('a check that waits on a child starts first; the results keep the registry\'s order', async () => {
    const calls: string[] = [];
    const quick = (id: string, startsFirst?: true): AnyCheck => ({ ...check(id, async () => (calls.push(id), { facts: {}, findings: [] })), ...(startsFirst ? { startsFirst } : {}) });
    const results = await runChecks([quick('a'), quick('b'), quick('spawns', true)], ctx(5000), all);
    expect(calls).toEqual(['spawns', 'a', 'b']);
    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'spawns']);
  });

  it('--only and --skip mark the others skipped, and skipReason passes through', async () => {
    const ok = (id: string) => check(id, async () => ({ facts: {}, findings: [] }));
    const skipping = check('s', async () => ({ facts: {}, findings: [], skipReason: 'not here' }));
    const results = await runChecks([ok('a'), ok('b'), skipping], ctx(1000), { only: ['a', 's'], skip: ['a'] });
    expect(results.map((r) => [r.status, r.skipReason])).toEqual([
      ['skip', 'not selected (--only/--skip)'],
      ['skip', 'not selected (--only/--skip)'],
      ['skip', 'not here'],
    ]);
  });
});
