import { describe, expect, it } from 'vitest';
import { judgeChecks, type PolicyOptions } from '../../../src/core/policy.js';
import type { Finding, ProbeResult, Severity } from '../../../src/core/types.js';

const finding = (code: string, severity: Severity): Finding => ({ code, severity, message: code, remedy: 'r' });
/** A runner record: `error` for a check that could not decide, `skip` for one that did not apply. */
const result = (id: string, findings: Finding[], outcome: 'decided' | 'error' | 'skip' = 'decided'): ProbeResult => {
  const base = { id, durationMs: 1, summary: '', facts: {}, findings };
  if (outcome === 'error') return { ...base, error: 'could not tell' };
  return outcome === 'skip' ? { ...base, skipReason: 'not here' } : base;
};
const plain = { severity: {}, strict: false };
const decide = (results: ProbeResult[], opts: PolicyOptions) => judgeChecks(results, opts);

describe('decide', () => {
  it('no findings → ready, exit 0', () => {
    expect(decide([result('a', [])], plain)).toMatchObject({ verdict: 'ready', exitCode: 0, reasons: [] });
  });

  it('info and warn keep ready; status follows the worst finding', () => {
    const d = decide([result('a', [finding('I', 'info')]), result('b', [finding('W', 'warn'), finding('I2', 'info')])], plain);
    expect(d.verdict).toBe('ready');
    expect(d.checks.map((c) => c.status)).toEqual(['pass', 'warn']);
  });

  it('degrade → degraded, exit 0; fail → blocked, exit 1; reasons list both, once each', () => {
    const degraded = decide([result('a', [finding('D', 'degrade'), finding('W', 'warn')])], plain);
    expect(degraded).toMatchObject({ verdict: 'degraded', exitCode: 0, reasons: ['D'] });
    const blocked = decide([result('a', [finding('D', 'degrade')]), result('b', [finding('F', 'fail'), finding('D', 'degrade')])], plain);
    expect(blocked).toMatchObject({ verdict: 'blocked', exitCode: 1, reasons: ['D', 'F'] });
    expect(blocked.checks[1]!.status).toBe('fail');
  });

  it('--severity overrides re-rank findings, statuses and the verdict', () => {
    const d = decide([result('a', [finding('D', 'degrade')])], { severity: { D: 'info' }, strict: false });
    expect(d).toMatchObject({ verdict: 'ready', reasons: [] });
    expect(d.checks[0]).toMatchObject({ status: 'pass', findings: [{ code: 'D', severity: 'info' }] });
    expect(decide([result('a', [finding('W', 'warn')])], { severity: { W: 'fail' }, strict: false }).verdict).toBe('blocked');
  });

  it('--strict turns degraded into blocked', () => {
    expect(decide([result('a', [finding('D', 'degrade')])], { severity: {}, strict: true })).toMatchObject({ verdict: 'blocked', exitCode: 1 });
  });

  it('error and skip statuses survive; an error finding counts by its severity', () => {
    const d = decide([result('a', [finding('A_CHECK_ERROR', 'degrade')], 'error'), result('b', [], 'skip')], plain);
    expect(d.checks.map((c) => c.status)).toEqual(['error', 'skip']);
    expect(d.verdict).toBe('degraded');
  });
});
