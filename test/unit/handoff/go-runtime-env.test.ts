import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goMaxProcs, goMemLimit, goRuntimeVariables } from '../../../src/handoff/go-runtime-env.js';

const base = { minKernel: '4.15', writeTest: true, minMemoryBytes: 0, minCpuMillicores: 0 };

describe('GOMEMLIMIT', () => {
  it.each([
    [134217728, '115MiB'], // 128Mi → 115.2
    [536870912, '460MiB'], // 512Mi → 460.8
    [1e9, '858MiB'],
    [1048576, '1MiB'],
  ])('%d bytes → %s', (bytes, expected) => {
    expect(goMemLimit(bytes)).toBe(expected);
  });

  it('never exceeds 90 % of a limit of 2 MiB or more', () => {
    fc.assert(fc.property(fc.integer({ min: 2 * 2 ** 20, max: 2 ** 50 }), (bytes) => {
      const mib = Number(goMemLimit(bytes).replace('MiB', ''));
      return mib * 2 ** 20 <= bytes * 0.9 && mib >= 1;
    }));
  });
});

describe('GOMAXPROCS', () => {
  it.each([
    [100, '1'],
    [999, '1'],
    [1000, '1'],
    [1500, '1'],
    [2000, '2'],
    [8500, '8'],
  ])('%d millicores → %s', (m, expected) => {
    expect(goMaxProcs(m)).toBe(expected);
  });
});

describe('goRuntimeVariables', () => {
  it('is empty without the app limits and names each known one', () => {
    expect(goRuntimeVariables(base)).toEqual([]);
    expect(goRuntimeVariables({ ...base, appMemoryLimitBytes: 268435456, appCpuMillicores: 2500 })).toEqual([
      ['GOMEMLIMIT', '230MiB'],
      ['GOMAXPROCS', '2'],
    ]);
    expect(goRuntimeVariables({ ...base, appCpuMillicores: 500 })).toEqual([['GOMAXPROCS', '1']]);
  });
});
