// /etc/ld.so.cache, the table glibc's loader consults at run time instead of /etc/ld.so.conf
// (glibc sysdeps/generic/dl-cache.h, elf/dl-cache.c). Three layouts exist:
//   old     "ld.so-1.7.0", nlibs, 12-byte entries; strings relative to the end of the entries
//   new     "glibc-ld.so.cache1.1", 48-byte header, 24-byte entries (with hwcap); strings
//           relative to the start of that header (glibc ≥ 2.32 writes only this one)
//   compat  an old table followed, 8-byte aligned, by a new one; the loader uses the new one
import type { Result } from '../../core/result.js';
import { ParseFailure, parseSafely } from './bounded-read.js';

export interface CacheEntry {
  /** FLAG_ELF_LIBC6 | the machine's required flag (e.g. 0x0303 for x86-64). */
  flags: number;
  name: string;
  path: string;
  /** The new layout's hwcap word; null in the old layout. */
  hwcap: bigint | null;
}

export interface LdSoCache {
  format: 'old' | 'new' | 'compat';
  entries: CacheEntry[];
}

const OLD_MAGIC = 'ld.so-1.7.0';
const NEW_MAGIC = 'glibc-ld.so.cache1.1';
const OLD_HEADER = 16;
const OLD_ENTRY = 12;
const NEW_HEADER = 48;
const NEW_ENTRY = 24;
/** Bounds a hostile file; a full distribution's cache has a few thousand entries. */
export const MAX_CACHE_BYTES = 16 * 1024 * 1024;
const ENDIAN_BIG = 3;

const ascii = (bytes: Uint8Array, at: number, length: number) => new TextDecoder('latin1').decode(bytes.subarray(at, at + length));

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A NUL-terminated string at `base + offset`, inside the file. */
function stringAt(bytes: Uint8Array, base: number, offset: number): string {
  const start = base + offset;
  const nul = start < bytes.length ? bytes.indexOf(0, start) : -1;
  if (nul < 0) throw new ParseFailure('malformed', `ld.so.cache: string at ${offset} runs past the end of the file`);
  return new TextDecoder('utf-8').decode(bytes.subarray(start, nul));
}

function checkTable(bytes: Uint8Array, start: number, count: number, size: number, what: string): void {
  if (start + count * size > bytes.length) throw new ParseFailure('truncated', `ld.so.cache: ${count} ${what} entries do not fit in ${bytes.length} bytes`);
}

function readNew(bytes: Uint8Array, at: number): CacheEntry[] {
  const v = view(bytes);
  const little = bytes[at + 28] !== ENDIAN_BIG;
  const nlibs = v.getUint32(at + 20, little);
  checkTable(bytes, at + NEW_HEADER, nlibs, NEW_ENTRY, 'new-format');
  return Array.from({ length: nlibs }, (_, i) => {
    const e = at + NEW_HEADER + i * NEW_ENTRY;
    return {
      flags: v.getInt32(e, little),
      name: stringAt(bytes, at, v.getUint32(e + 4, little)),
      path: stringAt(bytes, at, v.getUint32(e + 8, little)),
      hwcap: v.getBigUint64(e + 16, little),
    };
  });
}

function readOld(bytes: Uint8Array, nlibs: number): CacheEntry[] {
  const v = view(bytes);
  const strings = OLD_HEADER + nlibs * OLD_ENTRY;
  return Array.from({ length: nlibs }, (_, i) => {
    const e = OLD_HEADER + i * OLD_ENTRY;
    return { flags: v.getInt32(e, true), name: stringAt(bytes, strings, v.getUint32(e + 4, true)), path: stringAt(bytes, strings, v.getUint32(e + 8, true)), hwcap: null };
  });
}

function readCache(bytes: Uint8Array): LdSoCache {
  if (bytes.length > MAX_CACHE_BYTES) throw new ParseFailure('too-large', `ld.so.cache: ${bytes.length} bytes exceeds ${MAX_CACHE_BYTES}`);
  if (bytes.length >= NEW_HEADER && ascii(bytes, 0, NEW_MAGIC.length) === NEW_MAGIC) return { format: 'new', entries: readNew(bytes, 0) };
  if (bytes.length < OLD_HEADER || ascii(bytes, 0, OLD_MAGIC.length) !== OLD_MAGIC) throw new ParseFailure('malformed', 'ld.so.cache: unknown magic');
  const nlibs = view(bytes).getUint32(12, true);
  checkTable(bytes, OLD_HEADER, nlibs, OLD_ENTRY, 'old-format');
  const next = Math.ceil((OLD_HEADER + nlibs * OLD_ENTRY) / 8) * 8;
  if (next + NEW_HEADER <= bytes.length && ascii(bytes, next, NEW_MAGIC.length) === NEW_MAGIC) return { format: 'compat', entries: readNew(bytes, next) };
  return { format: 'old', entries: readOld(bytes, nlibs) };
}

/** Never throws: a damaged cache is an error value (the loader then ignores the cache). */
export function parseLdSoCache(bytes: Uint8Array): Promise<Result<LdSoCache>> {
  return parseSafely(async () => readCache(bytes));
}

const FLAG_ELF = 0x0001;
const FLAG_ELF_LIBC6 = 0x0003;

/**
 * The flags the loader for this ELF machine and class accepts (glibc's _dl_cache_check_flags):
 * 64-bit ABIs require their own marker; the generic rule accepts plain ELF and libc6 entries.
 */
const REQUIRED: Record<string, number> = {
  '62/64': 0x0300, // x86-64
  '62/32': 0x0800, // x32
  '183/64': 0x0a00, // aarch64
  '21/64': 0x0500, // ppc64
  '22/64': 0x0400, // s390x
  '243/64': 0x1000, // riscv64, double-float ABI
  '258/64': 0x1200, // loongarch64, double-float ABI
  '40/32': 0x0900, // arm hard-float
};

export function acceptsCacheFlags(machine: number, elfClass: 32 | 64): (flags: number) => boolean {
  const required = REQUIRED[`${machine}/${elfClass}`];
  if (required !== undefined) return (flags) => flags === (FLAG_ELF_LIBC6 | required);
  return (flags) => flags === FLAG_ELF || flags === FLAG_ELF_LIBC6;
}

/**
 * The path the loader takes from the cache for a DT_NEEDED name: the first entry with that name
 * and acceptable flags. Entries for glibc-hwcaps subdirectories (CPU-level variants) are passed
 * over: the plain entry ldconfig writes beside them is what every CPU can load.
 */
export function lookupCache(cache: LdSoCache, name: string, accepts: (flags: number) => boolean): string | null {
  const entry = cache.entries.find((e) => e.name === name && accepts(e.flags) && (e.hwcap === null || e.hwcap === 0n));
  return entry?.path ?? null;
}
