// ns-last-pid, in-process: the prediction matrix (mount × capabilities × kernel × the user
// namespace that owns the PID namespace) on captured /proc files, with namespace links laid out
// as the kernel shows them in each scenario. test/e2e/ns-truth.test.ts compares the same
// predictions with the kernel's answers to real writes in those scenarios.
import { afterAll, describe, expect, it } from 'vitest';
import { nsLastPidCheck } from '../../../src/checks/ns-last-pid.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { captured, procTree, statusWith, type ProcessEntry, type ProcTree } from '../../support/proc-tree.js';

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

// PROC_PID_INIT_INO, PROC_USER_INIT_INO, and inodes like the ones `unshare` made here.
const HOST_PIDNS = 4026531836;
const INITIAL_USERNS = 4026531837;
const PIDNS = 4026532500;
const USERNS = 4026532178;

interface Case {
  name: string;
  status: string;
  mountinfo?: string;
  release?: string;
  nsLastPid?: boolean;
  /** The target's user namespace and PID namespace. */
  userNs?: number;
  pidNs?: number;
  /** The user namespace of its PID namespace's init; undefined: that init is not in the view. */
  initUserNs?: number | null;
  /** The view is the host's (the target entered the namespace from outside, or --pid): init is found by NSpid. */
  hostView?: boolean;
}

const TARGET = 4242;
const INIT_IN_HOST_VIEW = 4000;

function initEntry(pid: number, nspid: string, ns: Record<string, number>): ProcessEntry {
  return { status: statusWith(captured('status-host-root.txt'), { Pid: String(pid), NSpid: nspid }), ns };
}

function run(c: Case, pid: 'self' | number = 'self') {
  const sys: Record<string, string> = { 'kernel/osrelease': `${c.release ?? '6.18.44-fc-v1272'}\n` };
  if (c.nsLastPid !== false) sys['kernel/ns_last_pid'] = '4242\n';
  const userNs = c.userNs ?? INITIAL_USERNS;
  const pidNs = c.pidNs ?? HOST_PIDNS;
  const processes: Record<string, ProcessEntry> = {
    [String(pid)]: { status: captured(c.status), mountinfo: captured(c.mountinfo ?? 'mountinfo-host.txt'), ns: { user: userNs, pid: pidNs } },
  };
  const initUserNs = c.initUserNs === undefined ? userNs : c.initUserNs;
  if (c.hostView) {
    processes[1] = initEntry(1, '1', { pid: HOST_PIDNS, user: INITIAL_USERNS });
    if (initUserNs !== null) processes[INIT_IN_HOST_VIEW] = initEntry(INIT_IN_HOST_VIEW, `${INIT_IN_HOST_VIEW}\t1`, { pid: pidNs, user: initUserNs });
  } else if (initUserNs !== null) {
    processes[1] = initEntry(1, '1', { pid: pidNs, user: initUserNs });
  }
  const tree = procTree({ processes, sys });
  trees.push(tree);
  return nsLastPidCheck.run(fixtureContext(tree.dir, { pid }));
}

describe('ns-last-pid prediction (no write test)', () => {
  it.each([
    { name: 'all capabilities', status: 'status-host-root.txt', writable: true, error: null, decidedBy: 'capability', codes: [] },
    { name: 'SYS_ADMIN dropped, CHECKPOINT_RESTORE kept, kernel 6.18', status: 'status-no-sysadmin.txt', pidNs: PIDNS, writable: true, error: null, decidedBy: 'capability', codes: [] },
    { name: 'SYS_ADMIN dropped, CHECKPOINT_RESTORE kept, kernel 5.4 (before 5.9 it does not count)', status: 'status-no-sysadmin.txt', release: '5.4.0-150-generic', writable: false, error: 'EPERM', decidedBy: 'capability', codes: ['NS_LAST_PID_NOT_PERMITTED'] },
    { name: 'both dropped', status: 'status-no-caps.txt', pidNs: PIDNS, writable: false, error: 'EPERM', decidedBy: 'capability', codes: ['NS_LAST_PID_NOT_PERMITTED'] },
    { name: '/proc/sys read-only, all capabilities', status: 'status-host-root.txt', mountinfo: 'mountinfo-proc-sys-ro.txt', writable: false, error: 'EROFS', decidedBy: 'read-only-mount', codes: ['NS_LAST_PID_READ_ONLY'] },
    // `unshare -r` alone, or a nested user namespace mapped `0 0 4294967295`: every capability
    // there, but the PID namespace is the host's, owned by the initial user namespace.
    { name: 'nested user namespace, host PID namespace', status: 'status-userns.txt', userNs: USERNS, initUserNs: INITIAL_USERNS, writable: false, error: 'EPERM', decidedBy: 'owner-is-ancestor', codes: ['NS_LAST_PID_NOT_PERMITTED'] },
    { name: 'nested user namespace owning the PID namespace, no capability there', status: 'status-no-caps.txt', userNs: USERNS, pidNs: PIDNS, writable: false, error: 'EPERM', decidedBy: 'capability', codes: ['NS_LAST_PID_NOT_PERMITTED'] },
    { name: 'initial user namespace with capabilities, PID namespace of a child user namespace (seen from the host view)', status: 'status-host-root.txt', pidNs: PIDNS, initUserNs: USERNS, hostView: true, writable: true, error: null, decidedBy: 'capability', codes: [] },
  ])('$name', async (c) => {
    const out = await run(c as Case);
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({ present: true, tested: false, writable: null, predictedWritable: c.writable, predictedError: c.error, decidedBy: c.decidedBy, notTestedReason: '--no-write-test' });
    expect(out.findings.map((f) => f.code)).toEqual(c.codes);
    if (c.codes.length > 0) expect(out.findings[0]!.message).toMatch(/^Predicted \(no write test\)/);
  });

  it('the owner is an ancestor: the message says so, not "no capability"', async () => {
    const out = await run({ name: 'unshare -r', status: 'status-userns.txt', userNs: USERNS, initUserNs: INITIAL_USERNS });
    expect(out.findings[0]!.message).toMatch(/belongs to the initial user namespace, an ancestor/);
  });

  // Each null below has a scenario in test/e2e/ns-truth.test.ts where /proc looks like this and the
  // kernel's answer depends on what /proc does not show.
  it.each([
    { name: 'capable in a nested user namespace that is also init\'s (unshare -r --pid, or an init that ran unshare -r)', status: 'status-userns.txt', userNs: USERNS, pidNs: PIDNS, reason: /does not tell them apart/ },
    { name: 'root without capabilities, PID namespace of a child user namespace (the owner rule)', status: 'status-no-caps.txt', pidNs: PIDNS, initUserNs: USERNS, hostView: true, reason: /owner rule/ },
    { name: 'PID 1 of the namespace not in this view', status: 'status-host-root.txt', pidNs: PIDNS, initUserNs: null, reason: /PID 1 of the namespace is unknown/ },
  ])('undecidable, null with the reason, which degrades: $name', async (c) => {
    const out = await run(c as Case);
    expect(out.facts).toMatchObject({ predictedWritable: null, predictedError: null, decidedBy: null, unpredictableReason: expect.stringMatching(c.reason) });
    expect(out.error).toMatch(/no prediction/);
    expect(nsLastPidCheck.errorSeverity).toBe('degrade');
  });

  it('absent with the rest of /proc/sys present: a kernel without CONFIG_CHECKPOINT_RESTORE', async () => {
    const out = await run({ name: 'missing', status: 'status-host-root.txt', nsLastPid: false });
    expect(out.facts).toMatchObject({ present: false, predictedWritable: false, predictedError: 'ENOENT', decidedBy: 'missing', error: 'ENOENT' });
    expect(out.findings.map((f) => f.code)).toEqual(['NS_LAST_PID_MISSING']);
  });

  it('no /proc/sys at all is undecided, not "missing"', async () => {
    const tree = procTree({ processes: { self: { status: captured('status-host-root.txt') } } });
    trees.push(tree);
    const out = await nsLastPidCheck.run(fixtureContext(tree.dir));
    expect(out.error).toMatch(/no \/proc\/sys under/);
  });

  it('another target (--pid): the value is not reported, the prediction uses its status and namespaces', async () => {
    const out = await run({ name: 'pid', status: 'status-no-caps.txt', pidNs: PIDNS, hostView: true }, TARGET);
    expect(out.facts).toMatchObject({ value: null, predictedWritable: false, decidedBy: 'capability' });
    expect(out.findings.map((f) => f.code)).toEqual(['NS_LAST_PID_NOT_PERMITTED']);
  });
});
