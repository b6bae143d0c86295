import { describe, expect, it } from 'vitest';
import { checkOf, describeE2E, runJson } from '../support/e2e.js';
import { SCENARIOS } from './scenarios.js';

const HOST_PID_NS = 4026531836;

describeE2E('checks in real namespace scenarios', { root: true, tools: ['unshare', 'setpriv'] }, () => {
  it('host namespaces: kind host, PIDNS_HOST → degraded, ns_last_pid writable', async () => {
    const { run, report } = await runJson(['check']);
    expect(run.exitCode).toBe(0);
    expect(report.verdict).toBe('degraded');
    expect(report.reasons).toEqual(['PIDNS_HOST']);
    expect(checkOf(report, 'pid-namespace').facts).toMatchObject({ inode: HOST_PID_NS, kind: 'host', depth: 0 });
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ present: true, tested: true, writable: true, error: null, readOnlyMount: false });
    expect(checkOf(report, 'capabilities').facts).toMatchObject({ hasSysAdmin: true, hasCheckpointRestore: true, noNewPrivs: false, seccomp: 'disabled', userNamespace: 'initial' });
    expect(checkOf(report, 'kernel').facts).toMatchObject({ meetsMinimum: true });
  });

  it('private PID namespace: kind container, ready', async () => {
    const { run, report } = await runJson(['check'], { wrap: SCENARIOS.pidns });
    expect(run.exitCode).toBe(0);
    expect(report.verdict).toBe('ready');
    const pidns = checkOf(report, 'pid-namespace').facts;
    expect(pidns).toMatchObject({ kind: 'container', initPid: 1, depth: 1 });
    expect(pidns.inode).not.toBe(HOST_PID_NS);
    expect(pidns.pid1Inode).toBe(pidns.inode);
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: true, writable: true, predictedWritable: true });
    expect(checkOf(report, 'pidns-create').facts).toMatchObject({ tool: '/usr/bin/unshare', direct: { created: true }, viaUserNamespace: { created: true } });
  });

  it('PID namespace without a fresh /proc: exact depth 1, PIDNS_PROC_FOREIGN', async () => {
    const { report } = await runJson(['check', '--only', 'pid-namespace'], { wrap: ['unshare', '--pid', '--fork'] });
    const check = checkOf(report, 'pid-namespace');
    expect(check.facts).toMatchObject({ kind: 'container', depth: 1, depthExact: true });
    expect(check.findings.map((f) => f.code)).toContain('PIDNS_PROC_FOREIGN');
  });

  it('CAP_SYS_ADMIN dropped, CAP_CHECKPOINT_RESTORE kept: the write works', async () => {
    const { run, report } = await runJson(['check'], { wrap: SCENARIOS.noSysAdmin });
    expect(run.exitCode).toBe(0);
    expect(report.verdict).toBe('ready');
    expect(checkOf(report, 'capabilities').facts).toMatchObject({ hasSysAdmin: false, hasCheckpointRestore: true });
    expect(checkOf(report, 'capabilities').findings).toEqual([]);
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: true, writable: true, predictedWritable: true });
  });

  it('both dropped: EPERM → NS_LAST_PID_NOT_PERMITTED, degraded', async () => {
    const { run, report } = await runJson(['check'], { wrap: SCENARIOS.noCaps });
    expect(run.exitCode).toBe(0);
    expect(report).toMatchObject({ verdict: 'degraded', reasons: ['NS_LAST_PID_NOT_PERMITTED'] });
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: true, writable: false, error: 'EPERM', predictedWritable: false });
  });

  it('/proc/sys read-only: EROFS → NS_LAST_PID_READ_ONLY, degraded', async () => {
    const { run, report } = await runJson(['check'], { wrap: SCENARIOS.procSysReadOnly });
    expect(run.exitCode).toBe(0);
    expect(report).toMatchObject({ verdict: 'degraded', reasons: ['NS_LAST_PID_READ_ONLY'] });
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: true, writable: false, error: 'EROFS', readOnlyMount: true, predictedWritable: false });
  });

  it('user namespace: the write works, userNamespace nested', async () => {
    const { run, report } = await runJson(['check'], { wrap: SCENARIOS.userns });
    expect(run.exitCode).toBe(0);
    expect(report.verdict).toBe('ready');
    expect(checkOf(report, 'capabilities').facts).toMatchObject({ userNamespace: 'nested' });
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: true, writable: true });
  });

  describe('--no-write-test predicts what the write test measures', () => {
    it.each([
      ['pidns', true, null],
      ['noSysAdmin', true, null],
      ['noCaps', false, 'NS_LAST_PID_NOT_PERMITTED'],
      ['procSysReadOnly', false, 'NS_LAST_PID_READ_ONLY'],
    ] as const)('%s', async (scenario, writable, code) => {
      const { report } = await runJson(['check', '--no-write-test', '--only', 'ns-last-pid'], { wrap: SCENARIOS[scenario] });
      const check = checkOf(report, 'ns-last-pid');
      expect(check.facts).toMatchObject({ tested: false, writable: null, predictedWritable: writable, notTestedReason: '--no-write-test' });
      expect(check.findings.map((f) => f.code)).toEqual(code ? [code] : []);
    });

    it('in a user namespace the owner of the PID namespace is unknown: no guess, error → degraded', async () => {
      const { report } = await runJson(['check', '--no-write-test', '--only', 'ns-last-pid'], { wrap: SCENARIOS.userns });
      const check = checkOf(report, 'ns-last-pid');
      expect(check).toMatchObject({ status: 'error', facts: { tested: false, predictedWritable: null }, findings: [{ code: 'NS_LAST_PID_CHECK_ERROR', severity: 'degrade' }] });
      expect(report.verdict).toBe('degraded');
    });
  });

  it('user namespace without its own PID namespace: full caps there, yet EPERM (the PID namespace\'s owner decides)', async () => {
    const { report } = await runJson(['check', '--only', 'ns-last-pid,capabilities'], { wrap: ['unshare', '-r'] });
    expect(checkOf(report, 'capabilities').facts).toMatchObject({ hasSysAdmin: true, userNamespace: 'nested' });
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: true, writable: false, error: 'EPERM', predictedWritable: false, decidedBy: 'owner-is-ancestor' });
    expect(report.reasons).toEqual(['NS_LAST_PID_NOT_PERMITTED']);
  });

  it('--strict turns degraded into blocked, exit 1', async () => {
    const { run, report } = await runJson(['check', '--strict'], { wrap: SCENARIOS.procSysReadOnly });
    expect(run.exitCode).toBe(1);
    expect(report.verdict).toBe('blocked');
  });

  it('--severity demotes a finding', async () => {
    const { run, report } = await runJson(['check', '--severity', 'PIDNS_HOST=info']);
    expect(run.exitCode).toBe(0);
    expect(report).toMatchObject({ verdict: 'ready', reasons: [] });
  });
});
