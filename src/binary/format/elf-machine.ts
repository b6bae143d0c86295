// ELF e_machine values, their names, and the host's own machine (what exec accepts natively).
import type { ElfClass, Endian } from './elf.js';

export interface MachineInfo {
  name: string;
  /** Debian multiarch triplet for this machine, class and byte order, when there is one. */
  triplet?: string;
}

const EM_386 = 3;
const EM_ARM = 40;
const EM_X86_64 = 62;
const EM_AARCH64 = 183;

const MACHINES: Record<number, (cls: ElfClass, endian: Endian) => MachineInfo> = {
  [EM_386]: () => ({ name: 'i386', triplet: 'i386-linux-gnu' }),
  8: (cls) => ({ name: cls === 64 ? 'mips64' : 'mips' }),
  20: () => ({ name: 'ppc', triplet: 'powerpc-linux-gnu' }),
  21: (_cls, endian) => ({ name: endian === 'little' ? 'ppc64le' : 'ppc64', triplet: endian === 'little' ? 'powerpc64le-linux-gnu' : 'powerpc64-linux-gnu' }),
  22: () => ({ name: 's390x', triplet: 's390x-linux-gnu' }),
  [EM_ARM]: () => ({ name: 'arm', triplet: 'arm-linux-gnueabihf' }),
  [EM_X86_64]: (cls) => ({ name: cls === 32 ? 'x32' : 'x86_64', triplet: cls === 32 ? 'x86_64-linux-gnux32' : 'x86_64-linux-gnu' }),
  [EM_AARCH64]: () => ({ name: 'aarch64', triplet: 'aarch64-linux-gnu' }),
  243: (cls) => ({ name: cls === 64 ? 'riscv64' : 'riscv32', triplet: cls === 64 ? 'riscv64-linux-gnu' : undefined }),
  258: () => ({ name: 'loongarch64', triplet: 'loongarch64-linux-gnu' }),
};

export function machineInfo(machine: number, cls: ElfClass, endian: Endian): MachineInfo {
  return MACHINES[machine]?.(cls, endian) ?? { name: `EM_${machine}` };
}

// Node's process.arch → the ELF machine exec runs natively, and the ones the kernel usually
// also runs through its 32-bit compat layer (CONFIG_IA32_EMULATION, CONFIG_COMPAT).
const HOST_MACHINES: Record<string, { native: number; compat: number[] }> = {
  x64: { native: EM_X86_64, compat: [EM_386] },
  arm64: { native: EM_AARCH64, compat: [EM_ARM] },
  ia32: { native: EM_386, compat: [] },
  arm: { native: EM_ARM, compat: [] },
  ppc64: { native: 21, compat: [] },
  s390x: { native: 22, compat: [] },
  riscv64: { native: 243, compat: [] },
  loong64: { native: 258, compat: [] },
  mips: { native: 8, compat: [] },
  mipsel: { native: 8, compat: [] },
};

export interface HostArch {
  /** Node's process.arch. */
  arch: string;
  endian: Endian;
}

export type ArchMatch = 'native' | 'compat' | 'foreign';

/** Whether the host kernel can exec a file built for this machine and byte order. */
export function archMatch(host: HostArch, machine: number, endian: Endian): ArchMatch {
  const known = HOST_MACHINES[host.arch];
  if (!known || endian !== host.endian) return 'foreign';
  if (machine === known.native) return 'native';
  return known.compat.includes(machine) ? 'compat' : 'foreign';
}

/** The host's machine name, for messages. */
export function hostMachineName(host: HostArch): string {
  const known = HOST_MACHINES[host.arch];
  return known ? machineInfo(known.native, 64, host.endian).name : host.arch;
}
