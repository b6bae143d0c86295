// kernel, in-process on fixture trees: the release against --min-kernel.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelCheck } from '../../../src/checks/kernel.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { procTree, type ProcTree } from '../../support/proc-tree.js';

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

// /proc/version of Debian bookworm's kernel, as the micro-VM tests read it (test/vm).
const DEBIAN_BANNER =
  'Linux version 6.1.0-50-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2026-07-02)\n';

function run(osrelease: string | undefined, minKernel = '4.15', banner?: string) {
  const tree = procTree({ processes: { self: {} }, sys: osrelease === undefined ? {} : { 'kernel/osrelease': osrelease } });
  trees.push(tree);
  if (banner !== undefined) writeFileSync(path.join(tree.dir, 'proc/version'), banner);
  return kernelCheck.run(fixtureContext(tree.dir, { options: { minKernel } }));
}

describe('kernel check', () => {
  it.each([
    // The release strings of this VM and of Debian's and Ubuntu's kernels (uname -r).
    { release: '6.18.44-fc-v1272\n', min: '4.15', version: '6.18.44', meets: true, codes: [] },
    { release: '6.1.0-50-amd64\n', min: '6.1', version: '6.1.0', meets: true, codes: [] },
    { release: '5.4.0-150-generic\n', min: '5.9', version: '5.4.0', meets: false, codes: ['KERNEL_TOO_OLD'] },
    { release: '4.14.336\n', min: '4.15', version: '4.14.336', meets: false, codes: ['KERNEL_TOO_OLD'] },
  ])('$release against $min', async ({ release, min, version, meets, codes }) => {
    const out = await run(release, min);
    expect(out.error).toBeUndefined();
    expect(out.facts).toEqual({ release: release.trim(), version, distributionVersion: null, meetsMinimum: meets, minimum: min });
    expect(out.findings.map((f) => f.code)).toEqual(codes);
    expect(kernelCheck.summarize(out.facts as never)).toBe(`${release.trim()} (minimum ${min})`);
  });

  it('Debian: the patch level from /proc/version decides the minimum; both versions are facts', async () => {
    const out = await run('6.1.0-50-amd64\n', '6.1.100', DEBIAN_BANNER);
    expect(out.facts).toEqual({ release: '6.1.0-50-amd64', version: '6.1.0', distributionVersion: '6.1.176', meetsMinimum: true, minimum: '6.1.100' });
    expect(out.findings).toEqual([]);
    const old = await run('6.1.0-50-amd64\n', '6.2', DEBIAN_BANNER);
    expect(old.findings[0]!.message).toBe('Kernel 6.1.176 is older than the minimum 6.2.');
  });

  it('a distribution version for another x.y than the release is not trusted', async () => {
    const out = await run('6.1.0-50-amd64\n', '6.1.100', DEBIAN_BANNER.replace('Debian 6.1.176-1', 'Debian 6.7.1-1'));
    expect(out.facts).toMatchObject({ version: '6.1.0', distributionVersion: '6.7.1', meetsMinimum: false });
  });

  it('a release without x.y is a warning, not a guess', async () => {
    const out = await run('linux-custom\n');
    expect(out.facts).toMatchObject({ release: 'linux-custom', version: null, meetsMinimum: null });
    expect(out.findings.map((f) => f.code)).toEqual(['KERNEL_RELEASE_UNPARSABLE']);
  });

  it('an unreadable osrelease is undecided, with the errno', async () => {
    const out = await run(undefined);
    expect(out.error).toMatch(/cannot read osrelease: .*ENOENT/);
    expect(out.facts).toMatchObject({ release: null });
  });
});
