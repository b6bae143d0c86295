// pid-namespace, in-process: the kinds on /proc trees laid out as the kernel shows them in each
// scenario (test/e2e/namespaces.test.ts and pid-modes.test.ts run the same scenarios for real).
import { afterAll, describe, expect, it } from 'vitest';
import { pidNamespaceCheck } from '../../../src/checks/pid-namespace.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { captured, procTree, statusWith, type ProcessEntry, type ProcTree } from '../../support/proc-tree.js';

const HOST = 4026531836;
const POD = 4026532500;
const MNT_APP = 4026532600;
const MNT_PAUSE = 4026532601;
const MNT_HOST = 4026531841;
const base = captured('status-host-root.txt');

const proc = (pid: number, ppid: number, nspid: string, ns: Record<string, number>): ProcessEntry => ({
  status: statusWith(base, { Pid: String(pid), PPid: String(ppid), NSpid: nspid }),
  ns,
});

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

function run(processes: Record<string, ProcessEntry>, pid: 'self' | number = 'self') {
  const tree = procTree({ processes });
  trees.push(tree);
  return pidNamespaceCheck.run(fixtureContext(tree.dir, { pid }));
}

describe('pid-namespace kinds', () => {
  it('host: the initial namespace, depth 0', async () => {
    const me = proc(900, 1, '900', { pid: HOST, mnt: MNT_APP });
    const out = await run({ self: me, 900: me, 1: proc(1, 0, '1', { pid: HOST, mnt: MNT_APP }) });
    expect(out.facts).toMatchObject({ inode: HOST, kind: 'host', depth: 0, depthExact: true });
    expect(out.findings.map((f) => f.code)).toEqual(['PIDNS_HOST']);
  });

  it('container: PID 1 is our ancestor', async () => {
    const me = proc(7, 1, '7', { pid: POD, mnt: MNT_APP });
    const out = await run({ self: me, 7: me, 1: proc(1, 0, '1', { pid: POD, mnt: MNT_APP }) });
    expect(out.facts).toMatchObject({ inode: POD, pid1Inode: POD, kind: 'container', depth: 1, depthExact: false, initPid: 1 });
    expect(out.findings).toEqual([]);
  });

  it('entered like kubectl exec: the parent is outside (PPid 0), beside PID 1 in its mount namespace', async () => {
    const me = proc(30, 0, '30', { pid: POD, mnt: MNT_APP });
    const out = await run({ self: me, 30: me, 1: proc(1, 0, '1', { pid: POD, mnt: MNT_APP }) });
    expect(out.facts.kind).toBe('entered');
    expect(out.findings).toEqual([]);
  });

  // `nsenter -t <init> --pid` from the node: the host's /proc, the parent (nsenter) one NSpid
  // level up, the host's mount namespace; PID 1 of the namespace (--mount-proc'd) elsewhere.
  const nsenterPidOnly = {
    40: proc(40, 39, '40\t3', { pid: POD, mnt: MNT_HOST }),
    39: proc(39, 1, '39', { pid: HOST, mnt: MNT_HOST }),
    20: proc(20, 19, '20\t1', { pid: POD, mnt: MNT_APP }),
    1: proc(1, 0, '1', { pid: HOST, mnt: MNT_HOST }),
  };

  it('entered with nsenter --pid only: not pod-shared, no PIDNS_SHARED', async () => {
    const out = await run({ ...nsenterPidOnly, self: nsenterPidOnly[40] });
    expect(out.facts).toMatchObject({ kind: 'entered', initPid: 20, depth: 1, depthExact: true });
    expect(out.findings.map((f) => f.code)).toEqual(['PIDNS_PROC_FOREIGN']);
  });

  it('entered with nsenter --pid only, seen from the node (--pid): it shares the node\'s mount namespace', async () => {
    const out = await run(nsenterPidOnly, 40);
    expect(out.facts.kind).toBe('entered');
  });

  it('pod-shared seen from the node (--pid): the app\'s parent (the runtime) is outside, its mount namespace is its own', async () => {
    const out = await run({
      60: proc(60, 55, '60\t5', { pid: POD, mnt: MNT_APP }),
      55: proc(55, 1, '55', { pid: HOST, mnt: MNT_HOST }),
      50: { ...proc(50, 49, '50\t1', { pid: POD, mnt: MNT_PAUSE }), status: statusWith(base, { Name: 'sleep', Pid: '50', PPid: '49', NSpid: '50\t1' }) },
      1: proc(1, 0, '1', { pid: HOST, mnt: MNT_HOST }),
    }, 60);
    expect(out.facts.kind).toBe('pod-shared');
  });

  it('pod-shared by the pause signature, whatever the mount namespaces say', async () => {
    const me = proc(12, 0, '12', { pid: POD, mnt: MNT_APP });
    const pause = { ...proc(1, 0, '1', { pid: POD, mnt: MNT_APP }), status: statusWith(base, { Name: 'pause', Pid: '1', PPid: '0', NSpid: '1' }) };
    const out = await run({ self: me, 12: me, 1: pause });
    expect(out.facts.kind).toBe('pod-shared');
  });

  it('pod-shared: PID 1 (pause) lives in another mount namespace', async () => {
    const me = proc(12, 0, '12', { pid: POD, mnt: MNT_APP });
    const out = await run({ self: me, 12: me, 1: proc(1, 0, '1', { pid: POD, mnt: MNT_PAUSE }) });
    expect(out.facts.kind).toBe('pod-shared');
    expect(out.findings.map((f) => f.code)).toEqual(['PIDNS_SHARED']);
  });

  it('/proc from an ancestor namespace: PID 1 found by NSpid, exact depth, PIDNS_PROC_FOREIGN', async () => {
    const me = proc(501, 500, '501\t2', { pid: POD, mnt: MNT_APP });
    const out = await run({ self: me, 501: me, 500: proc(500, 1, '500\t1', { pid: POD, mnt: MNT_APP }), 1: proc(1, 0, '1', { pid: HOST, mnt: MNT_APP }) });
    expect(out.facts).toMatchObject({ kind: 'container', depth: 1, depthExact: true, initPid: 500 });
    expect(out.findings.map((f) => f.code)).toEqual(['PIDNS_PROC_FOREIGN']);
  });

  it('/proc/1 unreadable: a warning, and the reason PID 1 stays unknown', async () => {
    const me = proc(7, 1, '7', { pid: POD, mnt: MNT_APP });
    const out = await run({ self: me, 7: me, 1: { status: statusWith(base, { Pid: '1', PPid: '0', NSpid: '1' }) } });
    expect(out.facts).toMatchObject({ pid1Inode: null, kind: 'unknown', initPid: null });
    expect(out.facts.initUnknownReason).toMatch(/no process in this \/proc view is PID 1/);
    expect(out.findings.map((f) => f.code)).toEqual(['PIDNS_PROC1_UNREADABLE']);
  });

  it('from the node (--pid): the host /proc is expected, so no /proc findings about it', async () => {
    const target = proc(4242, 4200, '4242\t1', { pid: POD, mnt: MNT_APP });
    const out = await run({ 4242: target, 4200: proc(4200, 1, '4200', { pid: HOST, mnt: MNT_APP }), 1: { status: base } }, 4242);
    expect(out.facts).toMatchObject({ inode: POD, depth: 1, depthExact: true });
    expect(out.findings).toEqual([]);
  });

  it('an unreadable namespace link is undecided', async () => {
    const out = await run({ self: { status: base } });
    expect(out.error).toMatch(/cannot read the PID namespace link/);
  });
});
