// cgroup-cpu, in-process on the cgroup fixture trees.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cgroupCpuCheck } from '../../../src/checks/cgroup-cpu.js';
import { CGROUP_FIXTURES, CGROUP_TRUTHS } from '../../support/cgroup-truths.js';
import { v1RuncTree } from '../../support/cgroup-tree.js';
import { fixtureContext, nodeLevel, type ContextOverrides } from '../../support/fixture-context.js';

const run = (fixture: string, overrides: ContextOverrides = {}) => cgroupCpuCheck.run(fixtureContext(path.join(CGROUP_FIXTURES, fixture), overrides));

describe('cgroup-cpu on fixture trees', () => {
  it.each(CGROUP_TRUTHS.filter((t) => t.fixture !== 'v1-cgroupns-remount'))('$fixture: the quota', async (truth) => {
    const out = await run(truth.fixture);
    expect(out.error).toBeUndefined();
    expect(out.facts.quotaMillicores).toBe(truth.quotaMillicores);
  });

  it('v1-cgroupns-remount: the cpu mount under a fresh tmpfs is not used', async () => {
    const out = await run('v1-cgroupns-remount');
    expect(out.error).toMatch(/no reachable cgroup mount shows the target's cpu cgroup/);
  });

  it('a quota below --min-cpu warns; the app limit wins when given', async () => {
    const own = await run('v1-host-colons', { options: { minCpuMillicores: 300 } });
    expect(own.findings.map((f) => f.code)).toEqual(['CPU_QUOTA_LOW']);
    const app = await run('v1-host-colons', { options: { minCpuMillicores: 300, appCpuMillicores: 2000 } });
    expect(app.findings).toEqual([]);
    expect(app.facts).toMatchObject({ quotaMillicores: 250, appMillicores: 2000 });
    // The row tells the app's story; this container's own quota stays in the facts.
    expect(cgroupCpuCheck.summarize(own.facts as never)).toBe('250m (v1)');
    expect(cgroupCpuCheck.summarize(app.facts as never)).toBe('app 2000m');
  });

  it('throttling is read where the quota binds, and summed along the path (from the node)', async () => {
    const dir = path.join(CGROUP_FIXTURES, 'v2-vm-pod');
    const out = await run('v2-vm-pod', nodeLevel(dir, 4242));
    expect(out.facts).toMatchObject({
      quotaMillicores: 500,
      source: '/sys/fs/cgroup/pod/cpu.max',
      throttledPeriods: 38,
      throttledSource: '/sys/fs/cgroup/pod/cpu.stat',
      throttledPeriodsAlongPath: 38,
    });
  });

  it('inside the container\'s cgroup namespace: no quota visible is a finding', async () => {
    const out = await cgroupCpuCheck.run(fixtureContext(path.join(CGROUP_FIXTURES, 'v2-vm-pod/proc/4242/root')));
    expect(out.facts).toMatchObject({ quotaMillicores: null, ancestorsVisible: false, throttledPeriods: 0 });
    expect(out.findings.map((f) => f.code)).toEqual(['CPU_LIMIT_NOT_VISIBLE']);
  });

  describe('v1 as runc mounts it (the mount\'s root is the container\'s cgroup)', () => {
    const v1 = v1RuncTree();
    afterAll(() => v1.remove());

    it('inside: the pod\'s quota is hidden, and the report says so', async () => {
      const out = await cgroupCpuCheck.run(fixtureContext(path.join(v1.dir, 'proc/77/root')));
      expect(out.facts).toMatchObject({ hierarchy: 'v1', path: '/kubepods/burstable/pod1/ctr', ancestorsVisible: false, quotaMillicores: null });
      expect(out.findings.map((f) => f.code)).toEqual(['CPU_LIMIT_NOT_VISIBLE']);
    });

    it('from the node (--pid): the node\'s own mounts show the pod\'s quota and its throttling', async () => {
      const out = await cgroupCpuCheck.run(fixtureContext(v1.dir, nodeLevel(v1.dir, 77)));
      expect(out.facts).toMatchObject({
        ancestorsVisible: true,
        quotaMillicores: 1500,
        source: '/sys/fs/cgroup/cpu/kubepods/burstable/pod1/cpu.cfs_quota_us',
        throttledPeriods: 12,
        throttledSource: '/sys/fs/cgroup/cpu/kubepods/burstable/pod1/cpu.stat',
        throttledPeriodsAlongPath: 12,
      });
      expect(out.findings).toEqual([]);
    });
  });
});
