import { describe, expect, it } from 'vitest';
import { renderTerminationMessage } from '../../../src/report/termination.js';
import type { Report } from '../../../src/report/report.js';

function report(messages: Record<string, string>, reasons = Object.keys(messages)): Report {
  return {
    schemaVersion: 1, tool: { name: 'init-preflight', version: '0' }, command: 'run', target: { pid: 'self', root: '/' },
    verdict: 'blocked', exitCode: 1, reasons, handoff: null,
    checks: [{ id: 'x', status: 'fail', durationMs: 0, summary: '', facts: {}, findings: Object.entries(messages).map(([code, message]) => ({ code, message, severity: 'fail', remedy: '' })) }],
  };
}

describe('renderTerminationMessage', () => {
  it('names the verdict and each reason with its message, once', () => {
    const text = renderTerminationMessage(report({ A: 'first', B: 'second', INFO: 'not a reason' }, ['A', 'B']));
    expect(text).toBe('init-preflight blocked (exit 1)\nA: first\nB: second\n');
  });

  it('stays within 4096 bytes, cut at a line with an ellipsis, even with multi-byte text', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`CODE_${i}`, 'ü€'.repeat(20)]));
    const text = renderTerminationMessage(report(many));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(text.endsWith('…\n')).toBe(true);
    expect(text.split('\n').slice(1, -2).every((l) => /^CODE_\d+: (ü€){20}$/.test(l))).toBe(true);
  });
});
