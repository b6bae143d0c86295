// cgroup-cpu, in-process on the cgroup fixture trees.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupCpuCheck } from '../../../src/checks/cgroup-cpu.js';
import { CGROUP_FIXTURES, CGROUP_TRUTHS } from '../../support/cgroup-truths.js';
import { fixtureContext, type ContextOverrides } from '../../support/fixture-context.js';

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
});
