import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCfsQuota, parseCpuMax, parseKeyedValues, parseV1MemoryLimit, parseV2Limit } from '../../../src/parse/cgroup-files.js';

describe('memory limits', () => {
  it('reads v2 bytes and max', () => {
    expect(parseV2Limit('268435456\n')).toEqual({ ok: true, value: 268435456 });
    expect(parseV2Limit('max\n')).toEqual({ ok: true, value: null });
  });

  it('treats v1 LONG_MAX rounded to any page size as unlimited', () => {
    expect(parseV1MemoryLimit('9223372036854771712\n')).toEqual({ ok: true, value: null }); // 4 KiB pages
    expect(parseV1MemoryLimit('9223372036854710272\n')).toEqual({ ok: true, value: null }); // 64 KiB pages
    expect(parseV1MemoryLimit('67108864\n')).toEqual({ ok: true, value: 67108864 });
  });

  it.each(['', 'lots', '-1', '12.5', 'max max', '1e9'])('rejects %j', (text) => {
    expect(parseV2Limit(text).ok).toBe(false);
    expect(parseV1MemoryLimit(text).ok).toBe(false);
  });
});

describe('cpu limits', () => {
  it('reads cpu.max as millicores', () => {
    expect(parseCpuMax('50000 100000\n')).toEqual({ ok: true, value: 500 });
    expect(parseCpuMax('max 100000\n')).toEqual({ ok: true, value: null });
    expect(parseCpuMax('150000 100000')).toEqual({ ok: true, value: 1500 });
    expect(parseCpuMax('50000 0').ok).toBe(false);
    expect(parseCpuMax('50000').ok).toBe(false);
  });

  it('reads cfs_quota_us', () => {
    expect(parseCfsQuota('-1\n')).toEqual({ ok: true, value: null });
    expect(parseCfsQuota('25000\n')).toEqual({ ok: true, value: 25000 });
    expect(parseCfsQuota('-2').ok).toBe(false);
  });
});

describe('parseKeyedValues', () => {
  it('keeps integer values as exact text and skips other lines', () => {
    const values = parseKeyedValues('hierarchical_memory_limit 9223372036854771712\noom_kill 3\nbad line here\nnoval\nx y\n');
    expect(values.get('hierarchical_memory_limit')).toBe('9223372036854771712');
    expect(values.get('oom_kill')).toBe('3');
    expect(values.size).toBe(2);
  });
});

describe('cgroup file properties', () => {
  it('never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      for (const parse of [parseV2Limit, parseV1MemoryLimit, parseCpuMax, parseCfsQuota]) {
        const r = parse(text);
        if (r.ok && r.value !== null && !(r.value >= 0)) return false;
      }
      parseKeyedValues(text);
      return true;
    }));
  });
});
