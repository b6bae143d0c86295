// Whether this kernel's ELF loader (fs/binfmt_elf.c) takes a file: an executable or shared-object
// type, and a machine and class the kernel runs natively. The OS/ABI byte and e_version are not
// looked at by Linux (measured: a FreeBSD-branded x86-64 file runs). 32-bit compat binaries
// (i386 on x86-64, arm on arm64) need a compat layer that the node's kernel may lack or have off
// at boot (CONFIG_IA32_EMULATION, ia32_emulation=, CPUs without AArch32): nothing a container
// can read tells reliably, so they count as not runnable with their own reason.
import { archMatch, type HostArch } from './elf-machine.js';
import type { ElfClass, Endian } from './elf.js';

const ET_EXEC = 2;
const ET_DYN = 3;
const HOSTS_32BIT = new Set(['ia32', 'arm', 'mips', 'mipsel', 'ppc']);

export interface ElfIdentity {
  class: ElfClass;
  endian: Endian;
  machine: number;
  /** e_type */
  type: number;
}

export type ElfAcceptance =
  | { runs: true }
  | { runs: false; why: 'not-a-program' | 'foreign-machine' | 'wrong-class' | 'compat-32bit' };

export function kernelAcceptsElf(host: HostArch, elf: ElfIdentity): ElfAcceptance {
  const match = archMatch(host, elf.machine, elf.endian);
  if (match === 'foreign') return { runs: false, why: 'foreign-machine' };
  if (match === 'compat') return { runs: false, why: elf.class === 32 ? 'compat-32bit' : 'wrong-class' };
  // Native machine, other class: x32 on x86-64 (CONFIG_X86_X32_ABI, off in distribution kernels)
  // or ILP32 on arm64 (never merged).
  if (elf.class !== (HOSTS_32BIT.has(host.arch) ? 32 : 64)) return { runs: false, why: 'wrong-class' };
  // ET_REL objects and ET_CORE dumps carry the right machine but are not programs.
  if (elf.type !== ET_EXEC && elf.type !== ET_DYN) return { runs: false, why: 'not-a-program' };
  return { runs: true };
}
