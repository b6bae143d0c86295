// ld.so.cache in the three layouts ldconfig writes (generated here by the real ldconfig), and
// damaged caches, which must come back as errors and never throw.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptsCacheFlags, lookupCache, parseLdSoCache } from '../../../../src/binary/format/ld-so-cache.js';
import { imageRoot } from '../../../support/image-root.js';
import { requireTools } from '../../../support/require-tool.js';

const LIBC = '/lib/x86_64-linux-gnu/libc.so.6';
const x8664 = acceptsCacheFlags(62, 64);
const root = imageRoot();
afterAll(() => root.remove());

function cacheOf(format: 'new' | 'old' | 'compat'): Uint8Array {
  mkdirSync(`${root.dir}/opt/lib`, { recursive: true });
  copyFileSync(LIBC, `${root.dir}/opt/lib/libc.so.6`);
  root.write('/etc/ld.so.conf', '/opt/lib\n');
  execFileSync('ldconfig', ['-r', root.dir, '-c', format, '-X']);
  return readFileSync(`${root.dir}/etc/ld.so.cache`);
}

describe.runIf(requireTools('ldconfig'))('ld.so.cache written by ldconfig', () => {
  for (const format of ['new', 'old', 'compat'] as const) {
    it(`${format} layout: names, paths and the x86-64 flags`, async () => {
      const parsed = await parseLdSoCache(cacheOf(format));
      expect(parsed).toMatchObject({ ok: true, value: { format } });
      if (!parsed.ok) return;
      expect(parsed.value.entries).toContainEqual(expect.objectContaining({ name: 'libc.so.6', path: '/opt/lib/libc.so.6', flags: 0x0303 }));
      expect(lookupCache(parsed.value, 'libc.so.6', x8664)).toBe('/opt/lib/libc.so.6');
      expect(lookupCache(parsed.value, 'libc.so.6', acceptsCacheFlags(3, 32))).toBeNull();
      expect(lookupCache(parsed.value, 'libm.so.6', x8664)).toBeNull();
    });
  }
});

describe('ld.so.cache: what the loader would skip', () => {
  const newCache = (entries: { flags: number; name: string; path: string; hwcap: bigint }[]) => {
    const strings: string[] = [];
    const header = 48 + entries.length * 24;
    let offset = header;
    const at = (s: string) => {
      strings.push(s);
      offset += Buffer.byteLength(s) + 1;
      return offset - Buffer.byteLength(s) - 1;
    };
    const buf = Buffer.alloc(header);
    buf.write('glibc-ld.so.cache1.1', 0, 'latin1');
    buf.writeUInt32LE(entries.length, 20);
    buf[28] = 2;
    entries.forEach((e, i) => {
      const p = 48 + i * 24;
      buf.writeInt32LE(e.flags, p);
      buf.writeUInt32LE(at(e.name), p + 4);
      buf.writeUInt32LE(at(e.path), p + 8);
      buf.writeBigUInt64LE(e.hwcap, p + 16);
    });
    return Buffer.concat([buf, ...strings.map((s) => Buffer.from(`${s}\0`))]);
  };

  it('entries for another ABI or a glibc-hwcaps level are passed over', async () => {
    const bytes = newCache([
      { flags: 0x0303, name: 'libz.so.1', path: '/usr/lib/glibc-hwcaps/x86-64-v3/libz.so.1', hwcap: (1n << 62n) | 1n },
      { flags: 0x0003, name: 'libz.so.1', path: '/usr/lib32/libz.so.1', hwcap: 0n },
      { flags: 0x0303, name: 'libz.so.1', path: '/usr/lib/libz.so.1', hwcap: 0n },
    ]);
    const parsed = await parseLdSoCache(bytes);
    expect(parsed.ok && lookupCache(parsed.value, 'libz.so.1', x8664)).toBe('/usr/lib/libz.so.1');
    expect(parsed.ok && lookupCache(parsed.value, 'libz.so.1', acceptsCacheFlags(3, 32))).toBe('/usr/lib32/libz.so.1');
  });

  it('a truncated table, a string past the end and an unknown magic are errors', async () => {
    const good = newCache([{ flags: 0x0303, name: 'liba.so', path: '/a/liba.so', hwcap: 0n }]);
    expect(await parseLdSoCache(good.subarray(0, 60))).toMatchObject({ ok: false, code: 'truncated' });
    expect(await parseLdSoCache(good.subarray(0, good.length - 3))).toMatchObject({ ok: false, code: 'malformed' });
    expect(await parseLdSoCache(Buffer.from('ld.so.conf is not a cache'))).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary bytes behind a valid magic', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('glibc-ld.so.cache1.1', 'ld.so-1.7.0'), fc.uint8Array({ maxLength: 400 }), async (magic, rest) => {
        const parsed = await parseLdSoCache(Buffer.concat([Buffer.from(magic, 'latin1'), rest]));
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
  });
});

