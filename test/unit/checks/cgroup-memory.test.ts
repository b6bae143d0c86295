// cgroup-memory, in-process on the cgroup fixture trees; test/e2e/cgroup-real.test.ts shows
// the same walk against limits the kernel enforces.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupMemoryCheck } from '../../../src/checks/cgroup-memory.js';
import { CGROUP_ERRORS, CGROUP_FIXTURES, CGROUP_TRUTHS } from '../../support/cgroup-truths.js';
import { INITIAL_CGROUP_NS_INODE } from '../../../src/cgroup/locate.js';
import { cgroupTree } from '../../support/cgroup-tree.js';
import { fixtureContext, nodeLevel, type ContextOverrides } from '../../support/fixture-context.js';

const run = (fixture: string, overrides: ContextOverrides = {}) => cgroupMemoryCheck.run(fixtureContext(path.join(CGROUP_FIXTURES, fixture), overrides));
const codes = (o: { findings: { code: string }[] }) => o.findings.map((f) => f.code);

describe('cgroup-memory on fixture trees', () => {
  it.each(CGROUP_TRUTHS)('$fixture: the true limit and the file that set it', async (truth) => {
    const out = await run(truth.fixture);
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({ version: truth.version, limitBytes: truth.limitBytes, limitSource: truth.limitSource });
    expect(codes(out)).toEqual(truth.memoryCodes);
  });

  it('v2-private-ns: usage, memory.high and OOM kills; the summary names the limit', async () => {
    const out = await run('v2-private-ns');
    expect(out.facts).toMatchObject({ hierarchy: 'v2', mountPoint: '/sys/fs/cgroup', path: '/', oomKills: 2 });
    expect(typeof out.facts.usageBytes).toBe('number');
    expect(cgroupMemoryCheck.summarize(out.facts as never)).toBe('256Mi (268435456 bytes) (v2)');
  });

  it('the app container limit is judged when given, against --min-memory', async () => {
    const out = await run('v2-max-everywhere', { options: { appMemoryLimitBytes: 64 * 2 ** 20 } });
    expect(out.facts).toMatchObject({ limitBytes: null, appLimitBytes: 67108864 });
    expect(codes(out)).toEqual(['MEMORY_LIMIT_TOO_LOW']);
    expect(out.findings[0]!.message).toMatch(/from --app-memory-limit is below --min-memory 128Mi/);
  });

  it.each(CGROUP_ERRORS)('%s: undecided with the cause, the limit null and the reason in the facts', async (fixture, message) => {
    const out = await run(fixture);
    expect(out.error).toMatch(message);
    expect(out.facts).toMatchObject({ limitBytes: null, error: expect.stringMatching(message) });
    expect(cgroupMemoryCheck.summarize(out.facts as never)).toMatch(/^unknown/);
  });

  it('a symlink in the cgroup tree cannot lead outside the target root', async () => {
    const { mkdtempSync, cpSync, rmSync, symlinkSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'preflight-cg-'));
    try {
      cpSync(path.join(CGROUP_FIXTURES, 'v2-private-ns'), dir, { recursive: true });
      // Outside the root: a file that would make the limit 1 byte if the read escaped.
      const outside = mkdtempSync(path.join(tmpdir(), 'preflight-outside-'));
      mkdirSync(outside, { recursive: true });
      writeFileSync(path.join(outside, 'memory.max'), '1\n');
      rmSync(path.join(dir, 'sys/fs/cgroup/memory.max'));
      symlinkSync(path.join(outside, 'memory.max'), path.join(dir, 'sys/fs/cgroup/memory.max'));
      const out = await cgroupMemoryCheck.run(fixtureContext(dir));
      // The absolute link restarts at the target root, where nothing is: as if the file were absent.
      expect(out.facts).toMatchObject({ limitBytes: null, limitSource: null });
      rmSync(outside, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('memory not enabled at the leaf: usage and OOM kills from the nearest cgroup that has it (from the node)', async () => {
    const dir = path.join(CGROUP_FIXTURES, 'v2-vm-pod');
    const out = await run('v2-vm-pod', nodeLevel(dir, 4242));
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({
      path: '/pod/ctr',
      ancestorsVisible: true,
      limitBytes: 104857600,
      limitSource: '/sys/fs/cgroup/pod/memory.max',
      usageBytes: 5238784,
      usageSource: '/sys/fs/cgroup/pod/memory.current',
      oomKills: 1,
      oomKillsSource: '/sys/fs/cgroup/pod/memory.events',
    });
    expect(codes(out)).toEqual(['MEMORY_LIMIT_TOO_LOW', 'MEMORY_OOM_KILLED']);
  });

  it.each([
    { ns: 4026532777, visible: false, code: 'MEMORY_LIMIT_NOT_VISIBLE' },
    { ns: INITIAL_CGROUP_NS_INODE, visible: true, code: 'MEMORY_UNLIMITED' },
  ])('no limit seen in cgroup namespace $ns: $code', async ({ ns, visible, code }) => {
    const tree = cgroupTree({ from: 'v2-max-everywhere', cgroupNamespace: ns });
    try {
      const out = await cgroupMemoryCheck.run(fixtureContext(tree.dir));
      expect(out.facts).toMatchObject({ limitBytes: null, ancestorsVisible: visible });
      expect(codes(out)).toEqual([code]);
    } finally {
      tree.remove();
    }
  });

  it('in a cgroup namespace a visible limit is reported as it is, with the ancestors marked hidden', async () => {
    const out = await run('v2-private-ns');
    expect(out.facts).toMatchObject({ limitBytes: 268435456, ancestorsVisible: false });
    expect(codes(out)).not.toContain('MEMORY_LIMIT_NOT_VISIBLE');
  });
});
