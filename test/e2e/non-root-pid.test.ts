// `check --pid` as a user who may not ptrace the target (kubectl debug --target with the image's
// uid 65532): one TARGET_PROC_DENIED per unreadable /proc entry, and the checks that stopped on
// one carry no error finding of their own (their remedies would say "mount procfs").
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkOf, describeE2E, runJson } from '../support/e2e.js';

const AS_NOBODY = ['setpriv', '--reuid', '65532', '--regid', '65532', '--clear-groups'];

describeE2E('--pid without ptrace access', { root: true, tools: ['setpriv'] }, () => {
  let target: ChildProcess;

  beforeAll(() => {
    target = spawn('sleep', ['600'], { stdio: 'ignore' });
  });

  afterAll(() => {
    target.kill('SIGKILL');
  });

  it('one finding per unreadable source, none per check', async () => {
    const { report } = await runJson(['check', '--pid', String(target.pid)], { wrap: AS_NOBODY });
    const denied = report.checks.flatMap((c) => c.findings).filter((f) => f.code === 'TARGET_PROC_DENIED');
    expect(denied.map((f) => /Cannot read \/proc\/\d+\/(\S+) /.exec(f.message)?.[1])).toEqual(['ns/*', 'root']);
    expect(denied[0]!.message).toContain('as uid 65532 (the target runs as uid 0)');
    expect(report.checks.flatMap((c) => c.findings.map((f) => f.code)).filter((c) => c.endsWith('_CHECK_ERROR'))).toEqual([]);
    expect(checkOf(report, 'pid-namespace').status).toBe('error');
    // ns-last-pid could not decide (degrade): the access findings carry that severity instead.
    expect(checkOf(report, 'ns-last-pid').status).toBe('error');
    expect(denied.map((f) => f.severity)).toEqual(['degrade', 'degrade']);
    expect(report.verdict).toBe('degraded');
  });

  it('as root the same target has no access row', async () => {
    const { report } = await runJson(['check', '--pid', String(target.pid)]);
    expect(report.checks.map((c) => c.id)).not.toContain('target-access');
  });
});
