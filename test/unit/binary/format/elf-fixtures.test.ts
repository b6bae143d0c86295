// Every ELF fixture through the readers: linkage, interpreter, needed libraries, machine and
// Go build info, checked against what the toolchain that made it guarantees.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesSource } from '../../../../src/binary/format/byte-source.js';
import { parseElf } from '../../../../src/binary/format/elf.js';
import { machineInfo } from '../../../../src/binary/format/elf-machine.js';
import { parseGoBuildInfo } from '../../../../src/binary/format/go-buildinfo.js';
import { linkageOf } from '../../../../src/binary/inspect.js';
import { builtGoVersion, ensureBuiltFixtures, fixturePath } from '../../../support/elf-fixtures.js';
import { requireTools } from '../../../support/require-tool.js';

interface Expected {
  file: string;
  tools: string[];
  machine: string;
  class: 32 | 64;
  endian: 'little' | 'big';
  linkage: 'static' | 'static-pie' | 'dynamic';
  interpreter: string | null;
  needed: string[];
  /** 'built' = the Go release that built the build fixtures. */
  go: string | null;
  goSettings?: Record<string, string>;
}

const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2';
const x64 = { machine: 'x86_64', class: 64, endian: 'little' } as const;

const TABLE: Expected[] = [
  { file: 'tiny-static', tools: [], ...x64, linkage: 'static', interpreter: null, needed: [], go: null },
  { file: 'musl-static', tools: [], ...x64, linkage: 'static', interpreter: null, needed: [], go: null },
  { file: 'musl-dynamic', tools: [], ...x64, linkage: 'dynamic', interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.so'], go: null },
  { file: 'elf32-i386-dynamic', tools: [], machine: 'i386', class: 32, endian: 'little', linkage: 'dynamic', interpreter: '/lib/ld-linux.so.2', needed: ['libc.so.6'], go: null },
  { file: 'elf64-ppc64-be-dynamic', tools: [], machine: 'ppc64', class: 64, endian: 'big', linkage: 'dynamic', interpreter: '/lib64/ld64.so.2', needed: ['libm.so.6', 'libc.so.6'], go: null },
  { file: 'elf32-mips-be-static', tools: [], machine: 'mips', class: 32, endian: 'big', linkage: 'static', interpreter: null, needed: [], go: null },
  { file: 'elf64-aarch64-static', tools: [], machine: 'aarch64', class: 64, endian: 'little', linkage: 'static', interpreter: null, needed: [], go: null },
  { file: 'go-inline-format', tools: [], ...x64, linkage: 'static', interpreter: null, needed: [], go: 'go1.22.1', goSettings: { '-ldflags': '-s -w -X "main.v=1 2"', '-buildmode': 'exe', CGO_ENABLED: '0' } },
  { file: 'go-pointer-format', tools: [], ...x64, linkage: 'static', interpreter: null, needed: [], go: 'go1.16.15' },
  { file: 'build/gcc-dynamic', tools: ['gcc'], ...x64, linkage: 'dynamic', interpreter: GLIBC_LOADER, needed: ['libc.so.6'], go: null },
  { file: 'build/gcc-static', tools: ['gcc'], ...x64, linkage: 'static', interpreter: null, needed: [], go: null },
  { file: 'build/gcc-static-pie', tools: ['gcc'], ...x64, linkage: 'static-pie', interpreter: null, needed: [], go: null },
  { file: 'build/runpath/bin/uses-greet', tools: ['gcc'], ...x64, linkage: 'dynamic', interpreter: GLIBC_LOADER, needed: ['libgreet.so.1', 'libc.so.6'], go: null },
  { file: 'build/go-static', tools: ['go'], ...x64, linkage: 'static', interpreter: null, needed: [], go: 'built', goSettings: { CGO_ENABLED: '0', GOARCH: 'amd64' } },
  { file: 'build/go-cgo', tools: ['go', 'gcc'], ...x64, linkage: 'dynamic', interpreter: GLIBC_LOADER, needed: ['libc.so.6'], go: 'built', goSettings: { CGO_ENABLED: '1' } },
  { file: 'build/go-pie', tools: ['go'], ...x64, linkage: 'dynamic', interpreter: GLIBC_LOADER, needed: [], go: 'built', goSettings: { CGO_ENABLED: '0' } },
  { file: 'build/go-stripped', tools: ['go'], ...x64, linkage: 'static', interpreter: null, needed: [], go: 'built', goSettings: { '-trimpath': 'true' } },
  { file: 'build/go-ldflags', tools: ['go'], ...x64, linkage: 'static', interpreter: null, needed: [], go: 'built', goSettings: { '-ldflags': '-s -w -X main.v=1' } },
  { file: 'build/go-noshdr', tools: ['go'], ...x64, linkage: 'static', interpreter: null, needed: [], go: 'built', goSettings: { '-trimpath': 'true' } },
];

describe('ELF fixtures', () => {
  beforeAll(() => {
    if (TABLE.some((t) => t.tools.length > 0)) ensureBuiltFixtures();
  });

  for (const t of TABLE) {
    it.skipIf(t.tools.length > 0 && !requireTools(...t.tools))(`${t.file}: ${t.linkage}`, async () => {
      const src = bytesSource(readFileSync(fixturePath(t.file)));
      const elf = await parseElf(src);
      if (!elf.ok) throw new Error(elf.message);
      const e = elf.value;
      expect({
        machine: machineInfo(e.machine, e.class, e.endian).name,
        class: e.class,
        endian: e.endian,
        linkage: linkageOf(e),
        interpreter: e.interpreter,
        needed: e.dynamic?.needed ?? [],
      }).toEqual({ machine: t.machine, class: t.class, endian: t.endian, linkage: t.linkage, interpreter: t.interpreter, needed: t.needed });
      const go = await parseGoBuildInfo(src, e);
      if (!go.ok) throw new Error(go.message);
      expect(go.value?.version ?? null).toBe(t.go === 'built' ? builtGoVersion() : t.go);
      expect(go.value?.settings ?? {}).toMatchObject(t.goSettings ?? {});
    });
  }

  it('decodes the pre-1.18 pointer format and the module framing', async () => {
    const src = bytesSource(readFileSync(fixturePath('go-pointer-format')));
    const elf = await parseElf(src);
    if (!elf.ok) throw new Error(elf.message);
    const go = await parseGoBuildInfo(src, elf.value);
    expect(go).toEqual({ ok: true, value: { version: 'go1.16.15', path: 'example.com/old', mainModule: 'example.com/old', settings: {}, format: 'pointer' } });
  });

  it('reads RUNPATH with $ORIGIN', async () => {
    const src = bytesSource(readFileSync(fixturePath('elf64-ppc64-be-dynamic')));
    const elf = await parseElf(src);
    expect(elf.ok && elf.value.dynamic?.runpath).toEqual(['$ORIGIN/../lib', '/opt/lib']);
  });
});

describe('damage the kernel does not care about', () => {
  it('a broken section header table costs the sections, not the file (exec never reads them)', async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath('musl-dynamic')));
    const intact = await parseElf(bytesSource(bytes));
    expect(intact.ok && intact.value.sections).not.toBeNull();
    new DataView(bytes.buffer).setUint16(58, 0x41, true); // e_shentsize of an ELF64 LE header
    const damaged = await parseElf(bytesSource(bytes));
    expect(damaged.ok).toBe(true);
    if (!damaged.ok) return;
    expect(damaged.value.sections).toBeNull();
    expect(linkageOf(damaged.value)).toBe(intact.ok ? linkageOf(intact.value) : null);
  });
});
