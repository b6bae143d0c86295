// kernel, in-process on fixture trees: the release against --min-kernel.
import { afterAll, describe, expect, it } from 'vitest';
import { kernelCheck } from '../../../src/checks/kernel.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { procTree, type ProcTree } from '../../support/proc-tree.js';

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

function run(osrelease: string | undefined, minKernel = '4.15') {
  const tree = procTree({ processes: { self: {} }, sys: osrelease === undefined ? {} : { 'kernel/osrelease': osrelease } });
  trees.push(tree);
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
    expect(out.facts).toEqual({ release: release.trim(), version, meetsMinimum: meets, minimum: min });
    expect(out.findings.map((f) => f.code)).toEqual(codes);
    expect(kernelCheck.summarize(out.facts as never)).toBe(`${release.trim()} (minimum ${min})`);
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
