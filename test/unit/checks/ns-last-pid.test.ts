// ns-last-pid, in-process: the prediction matrix (capabilities × kernel × mount × user
// namespace) on captured /proc files. The e2e tests (test/e2e/namespaces.test.ts) show the
// kernel gives these answers to real writes in the same scenarios.
import { afterAll, describe, expect, it } from 'vitest';
import { nsLastPidCheck } from '../../../src/checks/ns-last-pid.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { captured, procTree, type ProcTree } from '../../support/proc-tree.js';

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

interface Case {
  name: string;
  status: string;
  mountinfo?: string;
  uidMap?: string;
  release?: string;
  nsLastPid?: boolean;
}

function run(c: Case, pid: 'self' | number = 'self') {
  const sys: Record<string, string> = { 'kernel/osrelease': `${c.release ?? '6.18.44-fc-v1272'}\n` };
  if (c.nsLastPid !== false) sys['kernel/ns_last_pid'] = '4242\n';
  const tree = procTree({
    processes: { [String(pid)]: { status: captured(c.status), mountinfo: captured(c.mountinfo ?? 'mountinfo-host.txt'), uidMap: captured(c.uidMap ?? 'uid_map-host.txt') } },
    sys,
  });
  trees.push(tree);
  return nsLastPidCheck.run(fixtureContext(tree.dir, { pid }));
}

describe('ns-last-pid prediction (no write test)', () => {
  it.each([
    { name: 'all capabilities', status: 'status-host-root.txt', writable: true, error: null, codes: [] },
    { name: 'SYS_ADMIN dropped, CHECKPOINT_RESTORE kept, kernel 6.18', status: 'status-no-sysadmin.txt', writable: true, error: null, codes: [] },
    { name: 'SYS_ADMIN dropped, CHECKPOINT_RESTORE kept, kernel 5.4 (before 5.9 it does not count)', status: 'status-no-sysadmin.txt', release: '5.4.0-150-generic', writable: false, error: 'EPERM', codes: ['NS_LAST_PID_NOT_PERMITTED'] },
    { name: 'both dropped', status: 'status-no-caps.txt', writable: false, error: 'EPERM', codes: ['NS_LAST_PID_NOT_PERMITTED'] },
    { name: '/proc/sys read-only, all capabilities', status: 'status-host-root.txt', mountinfo: 'mountinfo-proc-sys-ro.txt', writable: false, error: 'EROFS', codes: ['NS_LAST_PID_READ_ONLY'] },
  ])('$name', async (c) => {
    const out = await run(c as Case);
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({ present: true, tested: false, writable: null, predictedWritable: c.writable, notTestedReason: '--no-write-test' });
    expect(out.findings.map((f) => f.code)).toEqual(c.codes);
    if (c.codes.length > 0) expect(out.findings[0]!.message).toMatch(/^Predicted \(no write test\)/);
  });

  it('inside a nested user namespace there is no guess: undecided, which degrades', async () => {
    const out = await run({ name: 'userns', status: 'status-userns.txt', uidMap: 'uid_map-userns.txt' });
    expect(out.facts.predictedWritable).toBeNull();
    expect(out.error).toMatch(/no prediction: in a nested user namespace/);
    expect(nsLastPidCheck.errorSeverity).toBe('degrade');
  });

  it('absent with the rest of /proc/sys present: a kernel without CONFIG_CHECKPOINT_RESTORE', async () => {
    const out = await run({ name: 'missing', status: 'status-host-root.txt', nsLastPid: false });
    expect(out.facts).toMatchObject({ present: false, predictedWritable: false, error: 'ENOENT' });
    expect(out.findings.map((f) => f.code)).toEqual(['NS_LAST_PID_MISSING']);
  });

  it('no /proc/sys at all is undecided, not "missing"', async () => {
    const tree = procTree({ processes: { self: { status: captured('status-host-root.txt') } } });
    trees.push(tree);
    const out = await nsLastPidCheck.run(fixtureContext(tree.dir));
    expect(out.error).toMatch(/no \/proc\/sys under/);
  });

  it('another target (--pid): the value is not reported, the prediction uses its status', async () => {
    const out = await run({ name: 'pid', status: 'status-no-caps.txt' }, 4242);
    expect(out.facts).toMatchObject({ value: null, predictedWritable: false });
    expect(out.findings.map((f) => f.code)).toEqual(['NS_LAST_PID_NOT_PERMITTED']);
  });
});
