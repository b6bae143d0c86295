import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/report.js';
import { chalkPaint, plain, useColour } from '../../../src/report/paint.js';
import { renderText } from '../../../src/report/text.js';
import { wrapLine } from '../../../src/report/wrap.js';

const PLAIN = { paint: plain, width: null };

const report: Report = {
  schemaVersion: 1, tool: { name: 'init-preflight', version: '9.9.9' }, command: 'run', target: { pid: 'self', root: '/' },
  verdict: 'degraded', exitCode: 0, reasons: ['NS_LAST_PID_READ_ONLY'],
  checks: [
    { id: 'kernel', status: 'pass', durationMs: 1, summary: '6.18.44-fc-v769 (minimum 4.15)', facts: { release: '6.18.44-fc-v769', minimum: '4.15' }, findings: [] },
    {
      id: 'ns-last-pid', status: 'degrade', durationMs: 1, summary: 'write test: failed EROFS', facts: { present: true, tested: true, writable: false, error: 'EROFS' },
      findings: [{ code: 'NS_LAST_PID_READ_ONLY', severity: 'degrade', message: 'read-only', remedy: 'mount it rw' }],
    },
    { id: 'static-binary', status: 'skip', durationMs: 0, summary: 'skipped: no --binary given', facts: {}, findings: [], skipReason: 'no --binary given' },
  ],
  handoff: { dir: '/shared', generation: '0123456789abcdef', flagWritten: true, flagRemoved: false, files: ['disable_pid_ns', 'preflight.env', 'preflight.json'], kept: [], error: null },
};

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('renderText', () => {
  it('one line per check, findings with their remedy below, verdict and handoff last; no colour codes', () => {
    expect(renderText(report, PLAIN)).toBe([
      'init-preflight 9.9.9 run: this process, root /',
      '  PASS    kernel         6.18.44-fc-v769 (minimum 4.15)',
      '  DEGRADE ns-last-pid    write test: failed EROFS',
      '      NS_LAST_PID_READ_ONLY (DEGRADE) read-only',
      '        fix: mount it rw',
      '  SKIP    static-binary  skipped: no --binary given',
      'verdict: DEGRADED (exit 0) — NS_LAST_PID_READ_ONLY',
      'handoff: /shared: flag written; wrote disable_pid_ns, preflight.env, preflight.json',
      '',
    ].join('\n'));
  });

  it('a finding with a patch prints it as YAML below its remedy', () => {
    const patch = { spec: { template: { spec: { hostPID: false } } } };
    const check = { ...report.checks[1]!, findings: [{ ...report.checks[1]!.findings[0]!, patch }] };
    const lines = renderText({ ...report, checks: [check] }, PLAIN).split('\n');
    const fix = lines.findIndex((l) => l.startsWith('        fix: '));
    expect(lines.slice(fix + 1, fix + 6)).toEqual([
      '        patch (strategic merge, for the workload: kubectl patch deployment NAME --patch-file FILE):',
      '          spec:',
      '            template:',
      '              spec:',
      '                hostPID: false',
    ]);
  });

  it('colours only when asked', async () => {
    expect(renderText(report, PLAIN)).not.toMatch(ANSI);
    expect(renderText(report, { paint: await chalkPaint(), width: null })).toMatch(ANSI);
  });

  it('folds the checks --only/--skip left out into one line', () => {
    const notSelected = (id: string) => ({ id, status: 'skip' as const, durationMs: 0, summary: 'skipped: not selected (--only/--skip)', facts: {}, findings: [], skipReason: 'not selected (--only/--skip)' });
    const text = renderText({ ...report, checks: [report.checks[0]!, notSelected('capabilities'), notSelected('pidns-create')] }, PLAIN);
    expect(text).toContain('  SKIP    not selected (--only/--skip): capabilities, pidns-create\n');
    expect(text).not.toMatch(/SKIP {4}capabilities/);
  });

  it('wraps at the terminal width only when given one, hanging under the first line', () => {
    const long = { ...report, checks: [{ ...report.checks[1]!, findings: [{ ...report.checks[1]!.findings[0]!, remedy: 'word '.repeat(30).trim() }] }] };
    const lines = renderText(long, { paint: plain, width: 40 }).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(40);
    expect(lines).toContain('        fix: word word word word word');
    expect(lines).toContain('          word word word word word word');
    expect(renderText(long, PLAIN).split('\n').some((l) => l.length > 100)).toBe(true);
  });
});

describe('wrapLine', () => {
  it('keeps a word longer than the width whole, and colour codes take no room', () => {
    expect(wrapLine('  aaaaaaaaaa b', 5)).toEqual(['  aaaaaaaaaa', '    b']);
    expect(wrapLine('\u001b[1mab\u001b[22m cd', 5)).toEqual(['\u001b[1mab\u001b[22m cd']);
  });
});

describe('useColour', () => {
  it('--color/--no-color win; then FORCE_COLOR, NO_COLOR, TERM=dumb, a TTY', () => {
    expect(useColour(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColour(null, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(useColour(null, { FORCE_COLOR: '' }, false)).toBe(true);
    expect(useColour(null, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColour(null, { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(useColour(null, { TERM: 'dumb' }, true)).toBe(false);
    expect(useColour(null, { TERM: 'xterm' }, true)).toBe(true);
    expect(useColour(true, { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColour(false, {}, true)).toBe(false);
    expect(useColour(null, {}, true)).toBe(true);
    expect(useColour(null, {}, false)).toBe(false);
    expect(useColour(null, { NO_COLOR: '1' }, true)).toBe(false);
    expect(useColour(null, { NO_COLOR: '' }, true)).toBe(true);
  });
});
