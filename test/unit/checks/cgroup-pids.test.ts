// cgroup-pids, in-process on fixture trees: the v2 tree written down from the micro-VM
// scenarios (test/vm, where the kernel enforces the same limits) and a v1 tree as runc mounts it.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cgroupPidsCheck } from '../../../src/checks/cgroup-pids.js';
import { cgroupTree, v1RuncTree } from '../../support/cgroup-tree.js';
import { CGROUP_FIXTURES } from '../../support/cgroup-truths.js';
import { fixtureContext, nodeLevel } from '../../support/fixture-context.js';

const VM_POD = path.join(CGROUP_FIXTURES, 'v2-vm-pod');
const codes = (o: { findings: { code: string }[] }) => o.findings.map((f) => f.code);

const v1 = v1RuncTree();
afterAll(() => v1.remove());

describe('cgroup-pids', () => {
  it('v2 from the node (--pid): the pod\'s pids.max, the container\'s count and refused forks', async () => {
    const out = await cgroupPidsCheck.run(fixtureContext(VM_POD, nodeLevel(VM_POD, 4242)));
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({
      hierarchy: 'v2',
      path: '/pod/ctr',
      ancestorsVisible: true,
      limit: 80,
      limitSource: '/sys/fs/cgroup/pod/pids.max',
      current: 1,
      currentSource: '/sys/fs/cgroup/pod/ctr/pids.current',
      maxEvents: 3,
      maxEventsSource: '/sys/fs/cgroup/pod/ctr/pids.events',
      minPids: 4 + 16,
    });
    expect(codes(out)).toEqual(['PIDS_FORKS_REFUSED']);
    expect(cgroupPidsCheck.summarize(out.facts as never)).toBe('80 (v2)');
  });

  it('v2 inside the container\'s cgroup namespace: no limit visible is a finding, never "unlimited"', async () => {
    const out = await cgroupPidsCheck.run(fixtureContext(path.join(VM_POD, 'proc/4242/root')));
    expect(out.facts).toMatchObject({ path: '/', ancestorsVisible: false, limit: null, maxEvents: 3 });
    expect(codes(out)).toEqual(['PIDS_FORKS_REFUSED', 'PIDS_LIMIT_NOT_VISIBLE']);
    expect(out.findings[1]!.message).toMatch(/No pids limit is visible from cgroup \/ up to the mount at \/sys\/fs\/cgroup/);
  });

  it('--min-pids, or GOMAXPROCS from --app-cpu-limit plus the margin, judges the limit', async () => {
    const strict = await cgroupPidsCheck.run(fixtureContext(VM_POD, nodeLevel(VM_POD, 4242, { options: { minPids: 100 } })));
    expect(strict.facts.minPids).toBe(100);
    expect(codes(strict)).toEqual(['PIDS_LIMIT_TOO_LOW', 'PIDS_FORKS_REFUSED']);
    expect(strict.findings[0]!.message).toBe('pids.max 80 from /sys/fs/cgroup/pod/pids.max is below --min-pids 100.');
    const app = await cgroupPidsCheck.run(fixtureContext(VM_POD, nodeLevel(VM_POD, 4242, { options: { appCpuMillicores: 1500 }, cpus: 64 })));
    expect(app.facts.minPids).toBe(2 + 16);
    const wide = await cgroupPidsCheck.run(fixtureContext(VM_POD, nodeLevel(VM_POD, 4242, { cpus: 96 })));
    expect(codes(wide)).toEqual(['PIDS_LIMIT_TOO_LOW', 'PIDS_FORKS_REFUSED']);
  });

  it('v1 as runc mounts it: hidden from inside, the pod\'s limit from the node', async () => {
    const inside = await cgroupPidsCheck.run(fixtureContext(path.join(v1.dir, 'proc/77/root')));
    expect(inside.facts).toMatchObject({ hierarchy: 'v1', ancestorsVisible: false, limit: null, current: 2 });
    expect(codes(inside)).toEqual(['PIDS_LIMIT_NOT_VISIBLE']);
    const node = await cgroupPidsCheck.run(fixtureContext(v1.dir, nodeLevel(v1.dir, 77)));
    expect(node.facts).toMatchObject({ ancestorsVisible: true, limit: 50, limitSource: '/sys/fs/cgroup/pids/kubepods/burstable/pod1/pids.max', current: 2 });
    expect(codes(node)).toEqual([]);
  });

  it('a pids.max that is not a number stops the check with the file named', async () => {
    const tree = cgroupTree({ from: 'v2-vm-pod', files: { 'sys/fs/cgroup/pod/pids.max': 'lots\n' } });
    try {
      const out = await cgroupPidsCheck.run(fixtureContext(tree.dir, nodeLevel(tree.dir, 4242)));
      expect(out.error).toMatch(/\/sys\/fs\/cgroup\/pod\/pids\.max: "lots" is not a non-negative integer/);
      expect(out.facts).toMatchObject({ limit: null, error: expect.any(String) });
    } finally {
      tree.remove();
    }
  });
});
