// Hostile input for the ELF and Go build info readers: real fixtures with random byte
// mutations, truncations and header-field overwrites must give data or a typed error — never
// a throw, never a hang (each case is bounded in time).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource, type ByteSource } from '../../../../src/binary/format/byte-source.js';
import { parseElf } from '../../../../src/binary/format/elf.js';
import { parseGoBuildInfo } from '../../../../src/binary/format/go-buildinfo.js';
import { fixturePath } from '../../../support/elf-fixtures.js';
import { fuzzParameters } from '../../../support/fuzz.js';

// Committed fixtures only, so fuzzing never depends on a toolchain: together they cover ELF32
// and ELF64, both byte orders, dynamic segments, and both Go build info formats.
const SEEDS = ['tiny-static', 'musl-static', 'musl-dynamic', 'elf32-i386-dynamic', 'elf64-ppc64-be-dynamic', 'elf32-mips-be-static', 'go-inline-format', 'go-pointer-format'].map(
  (name) => new Uint8Array(readFileSync(fixturePath(name))),
);
// 100,000 cases in CI (two properties); in-memory sources keep a case at a few microseconds.
export const RUNS_PER_PROPERTY = 50_000;
const CASE_TIME_LIMIT_MS = 1000;

/** A source that also counts bytes read, to show reads stay bounded. */
function countingSource(bytes: Uint8Array): ByteSource & { bytesRead: number } {
  const inner = bytesSource(bytes);
  const src = {
    size: inner.size,
    bytesRead: 0,
    read: async (offset: number, length: number) => {
      src.bytesRead += length;
      return inner.read(offset, length);
    },
  };
  return src;
}

const mutation = fc.oneof(
  // Overwrite bytes anywhere, weighted to the headers where every field is a length or offset.
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(511), values: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(20000), values: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  // Extreme values in a header-sized word.
  fc.record({ kind: fc.constant('word' as const), at: fc.nat(255), value: fc.constantFrom(0, 1, 0x7f, 0xff, 0xffff, 0xffffffff) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(20000) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(seed: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = seed.slice();
  for (const m of mutations) {
    if (m.kind === 'truncate') bytes = bytes.slice(0, m.at % (bytes.length + 1));
    else if (m.kind === 'bytes') m.values.forEach((v, i) => (bytes[(m.at + i) % Math.max(1, bytes.length)] = v));
    else for (let i = 0; i < 4 && m.at + i < bytes.length; i++) bytes[m.at + i] = (m.value >>> (8 * i)) & 0xff;
  }
  return bytes;
}

async function withinTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CASE_TIME_LIMIT_MS} ms`)), CASE_TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe('ELF and Go build info readers under mutation', () => {
  it(`never throw, never hang, read a bounded amount (${RUNS_PER_PROPERTY} cases)`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (seedIndex, mutations) => {
        const src = countingSource(apply(SEEDS[seedIndex]!, mutations));
        const elf = await withinTime(parseElf(src));
        if (elf.ok) {
          const go = await withinTime(parseGoBuildInfo(src, elf.value));
          expect(typeof go.ok).toBe('boolean');
        } else {
          expect(elf.message.length).toBeGreaterThan(0);
        }
        // Headers, tables and strings only: far below the caps' sum even for a 20 KB file.
        expect(src.bytesRead).toBeLessThan(4 * 1024 * 1024);
      }),
      fuzzParameters(RUNS_PER_PROPERTY),
    );
  });

  it(`arbitrary bytes are a typed error or data (${RUNS_PER_PROPERTY} cases)`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.boolean(), async (body, withMagic) => {
        const bytes = withMagic ? Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, ...body]) : body;
        const elf = await withinTime(parseElf(bytesSource(bytes)));
        if (elf.ok) await withinTime(parseGoBuildInfo(bytesSource(bytes), elf.value));
      }),
      fuzzParameters(RUNS_PER_PROPERTY),
    );
  });
});
