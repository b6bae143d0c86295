// probe/path-kind.ts stands in for regular expressions that ran for every file a check reads: each
// must answer as its expression does, on any path (fast-check over the characters that matter).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLiveKernelPath, isNormalAbsolute } from '../../../src/probe/path-kind.js';

const part = fc.constantFrom('/', '/', '.', '..', 'proc', 'sys', 'root', 'cwd', 'fd', 'map_files', '1', 'self', 'x', '\n', '\r', '\u2028', '\u2029', '\u0085', ' ');
const paths = fc.array(part, { maxLength: 10 }).map((parts) => parts.join(''));
const procPaths = paths.map((p) => `/proc/${p}`);

const liveByExpression = (file: string) => /^\/(proc|sys)(\/|$)/.test(file) && !/^\/proc\/.*\/(root|cwd|fd|map_files)(\/|$)/.test(file);
const normalByExpression = (file: string) => /^\/(?:[^/]+\/)*[^/]*$/.test(file) && !/\/\.\.?(?:\/|$)/.test(file);

describe('probe/path-kind: the same answers as the expressions they replace', () => {
  it('isLiveKernelPath', () => {
    fc.assert(
      fc.property(fc.oneof(paths, procPaths), (file) => {
        expect(isLiveKernelPath(file)).toBe(liveByExpression(file));
      }),
      { numRuns: 10000 },
    );
  });

  it('isNormalAbsolute', () => {
    fc.assert(
      fc.property(fc.oneof(paths, procPaths), (file) => {
        expect(isNormalAbsolute(file)).toBe(normalByExpression(file));
      }),
      { numRuns: 10000 },
    );
  });

  it('fixed cases', () => {
    expect(['/proc', '/proc/self/status', '/sys/fs/cgroup', '/proc/1/root', '/proc/1/root/etc', '/proc//fd', '/procfs', '/proc/a\n/root'].map(isLiveKernelPath)).toEqual([
      true, true, true, false, false, false, false, true,
    ]);
    expect(['/', '/a/b', '/a/', '//a', '/a/./b', '/a/..', '/.a', 'a/b'].map(isNormalAbsolute)).toEqual([true, true, true, false, false, false, true, false]);
  });
});
