// PID 1 seen three ways, as in pods: our own init (default), a process we entered beside
// (kubectl exec / nsenter), and another container's pause (shareProcessNamespace).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkOf, describeE2E, runJson } from '../support/e2e.js';

let holder: ChildProcess;
let initPid: number;

function childOf(pid: number): number | null {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? Number(children.split(' ')[0]) : null;
  } catch {
    return null;
  }
}

async function startNamespaceInit(): Promise<void> {
  holder = spawn('unshare', ['--pid', '--fork', '--mount-proc', 'sleep', '120'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const pid = childOf(holder.pid!);
    if (pid) {
      initPid = pid;
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the namespace init did not start');
}

describeE2E('PID namespace kinds from where the tool runs', { root: true, tools: ['unshare', 'nsenter'] }, () => {
  beforeAll(startNamespaceInit);
  afterAll(() => {
    holder?.kill('SIGKILL');
  });

  it('node level, --pid: the target\'s namespace; no write test, no namespace creation', async () => {
    const { run, report } = await runJson(['check', '--pid', String(initPid)]);
    expect(run.exitCode).toBe(0);
    expect(checkOf(report, 'pid-namespace').facts).toMatchObject({ kind: 'container', initPid, depth: 1, depthExact: true });
    // The host's /proc is the expected view from the node: no findings about it.
    expect(checkOf(report, 'pid-namespace').findings).toEqual([]);
    expect(checkOf(report, 'ns-last-pid').facts.value).toBeNull();
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: false, predictedWritable: true });
    expect(String(checkOf(report, 'ns-last-pid').facts.notTestedReason)).toMatch(/not this process/);
    expect(checkOf(report, 'pidns-create')).toMatchObject({ status: 'skip' });
    expect(report.verdict).toBe('ready');
  });

  it('entered beside PID 1 in its mount namespace (kubectl exec): entered, the parent is outside', async () => {
    const { report } = await runJson(['check', '--only', 'pid-namespace'], { wrap: ['nsenter', '-t', String(initPid), '--pid', '--mount'] });
    const check = checkOf(report, 'pid-namespace');
    expect(check.facts).toMatchObject({ kind: 'entered', initPid: 1 });
    expect(check.findings).toEqual([]);
  });

  it('PID 1 in another mount namespace (shareProcessNamespace + pause): pod-shared, PIDNS_SHARED info', async () => {
    const wrap = ['nsenter', '-t', String(initPid), '--pid', '--', 'unshare', '--mount', 'sh', '-c', 'mount -t proc proc /proc && exec "$0" "$@"'];
    const { run, report } = await runJson(['check', '--only', 'pid-namespace'], { wrap });
    expect(run.exitCode).toBe(0);
    const check = checkOf(report, 'pid-namespace');
    expect(check.facts).toMatchObject({ kind: 'pod-shared', initPid: 1 });
    expect(check.findings).toMatchObject([{ code: 'PIDNS_SHARED', severity: 'info' }]);
    expect(report.verdict).toBe('ready');
  });
});
