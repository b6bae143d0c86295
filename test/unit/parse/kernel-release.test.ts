import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKernel, parseDistributionVersion, parseKernelRelease, parseMinKernel } from '../../../src/parse/kernel-release.js';

describe('parseKernelRelease', () => {
  it.each([
    ['5.15.0-1034-azure', { major: 5, minor: 15, patch: 0 }],
    ['6.18.44-fc-v669', { major: 6, minor: 18, patch: 44 }],
    ['6.18.44-fc-v769\n', { major: 6, minor: 18, patch: 44 }],
    ['4.4.0-210-generic', { major: 4, minor: 4, patch: 0 }],
    ['5.14.0-427.13.1.el9_4.x86_64', { major: 5, minor: 14, patch: 0 }],
    ['6.1', { major: 6, minor: 1, patch: 0 }],
    ['6.8.0-rc3+', { major: 6, minor: 8, patch: 0 }],
  ])('%s', (release, version) => {
    expect(parseKernelRelease(release)).toEqual(version);
  });

  it('rejects strings without x.y', () => {
    for (const bad of ['', 'linux', '6', 'v6.1', '.6.1']) expect(parseKernelRelease(bad)).toBeNull();
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseKernelRelease(s)));
  });
});

describe('parseMinKernel and compareKernel', () => {
  it('accepts x.y and x.y.z only', () => {
    expect(parseMinKernel('4.15')).toEqual({ major: 4, minor: 15, patch: 0 });
    expect(parseMinKernel('5.9.1')).toEqual({ major: 5, minor: 9, patch: 1 });
    for (const bad of ['abc', '5', '5.9-rc1', '5.9.', ' 5.9']) expect(parseMinKernel(bad)).toBeNull();
  });

  it('orders numerically, not as text', () => {
    const v = (s: string) => parseKernelRelease(s)!;
    expect(compareKernel(v('5.10.0'), v('5.9.0'))).toBeGreaterThan(0);
    expect(compareKernel(v('4.15.0-1'), v('4.15'))).toBe(0);
    expect(compareKernel(v('4.4.0-210-generic'), v('4.15'))).toBeLessThan(0);
  });
});

describe('parseDistributionVersion', () => {
  it('Debian: the version after the build number, not the compiler\'s', () => {
    const banner = 'Linux version 5.10.0-32-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #1 SMP Debian 5.10.223-1 (2024-08-10)';
    expect(parseDistributionVersion(banner)).toEqual({ major: 5, minor: 10, patch: 223 });
  });

  it('Ubuntu: /proc/version_signature after /proc/version, not the compiler in between', () => {
    const banner =
      'Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023\nUbuntu 5.15.0-91.101-generic 5.15.131\n';
    expect(parseDistributionVersion(banner)).toEqual({ major: 5, minor: 15, patch: 131 });
    expect(parseDistributionVersion('… (Ubuntu 5.15.0-91.101-generic 5.15.131) …')).toEqual({ major: 5, minor: 15, patch: 131 });
  });

  it('null where no distribution says', () => {
    expect(parseDistributionVersion('Linux version 6.18.44-fc-v1272 (root@build) (gcc 12.2.0) #1 SMP')).toBeNull();
    expect(parseDistributionVersion('')).toBeNull();
  });
});

describe('the written-out parsers answer as the expressions they replaced', () => {
  const chars = fc.constantFrom('0', '1', '9', '.', '.', '-', 'a', ' ', '\t', '\u00a0');
  const text = fc.array(chars, { maxLength: 20 }).map((cs) => cs.join(''));
  const versionLike = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 99999999 }), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '-', '.', 'x', '-rc1'))
    .map(([parts, tail]) => `${parts.join('.')}${tail}`);

  it('parseKernelRelease is /^(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?/ on the trimmed release', () => {
    fc.assert(
      fc.property(fc.oneof(text, versionLike), (release) => {
        const m = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?/.exec(release.trim());
        expect(parseKernelRelease(release)).toEqual(m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : null);
      }),
      { numRuns: 10000 },
    );
  });

  it('parseMinKernel accepts exactly /^\\d{1,4}\\.\\d{1,4}(\\.\\d{1,6})?$/', () => {
    fc.assert(
      fc.property(fc.oneof(text, versionLike), (value) => {
        expect(parseMinKernel(value) !== null).toBe(/^\d{1,4}\.\d{1,4}(\.\d{1,6})?$/.test(value));
      }),
      { numRuns: 10000 },
    );
  });
});
