// Which ELF files the kernel's loader takes on a given host; the x86-64 rows are measured by the
// exec oracle (test/e2e/exec-oracle.test.ts).
import { describe, expect, it } from 'vitest';
import { kernelAcceptsElf, type ElfIdentity } from '../../../../src/binary/format/elf-acceptance.js';

const x64 = { arch: 'x64', endian: 'little' as const };
const arm64 = { arch: 'arm64', endian: 'little' as const };
const elf = (o: Partial<ElfIdentity>): ElfIdentity => ({ class: 64, endian: 'little', machine: 62, type: 2, ...o });

describe('kernelAcceptsElf', () => {
  it.each([
    ['x86-64 executable', x64, elf({}), { runs: true }],
    ['x86-64 PIE / static-pie (ET_DYN)', x64, elf({ type: 3 }), { runs: true }],
    ['x86-64 relocatable object', x64, elf({ type: 1 }), { runs: false, why: 'not-a-program' }],
    ['x32 (ELFCLASS32, EM_X86_64)', x64, elf({ class: 32 }), { runs: false, why: 'wrong-class' }],
    ['i386 on x86-64', x64, elf({ class: 32, machine: 3 }), { runs: false, why: 'compat-32bit' }],
    ['aarch64 on x86-64', x64, elf({ machine: 183 }), { runs: false, why: 'foreign-machine' }],
    ['big-endian x86-64 header', x64, elf({ endian: 'big' }), { runs: false, why: 'foreign-machine' }],
    ['aarch64 on arm64', arm64, elf({ machine: 183 }), { runs: true }],
    ['arm (32-bit) on arm64', arm64, elf({ class: 32, machine: 40 }), { runs: false, why: 'compat-32bit' }],
  ] as const)('%s', (_, host, identity, expected) => {
    expect(kernelAcceptsElf(host, identity)).toEqual(expected);
  });
});
