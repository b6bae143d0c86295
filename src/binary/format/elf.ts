// ELF reader: header, program headers, interpreter, dynamic segment and section headers of an
// ELF32/ELF64 file in either byte order. It reads only the tables it needs through positional
// reads, checks every offset and count against the file size and caps, and reports a hostile
// or damaged file as a Failure.
import type { ByteSource } from './byte-source.js';
import type { Result } from '../../core/result.js';
import { ParseFailure, cString, parseSafely, readCString, readExact } from './bounded-read.js';

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PF_X = 1;
export const PF_W = 2;
const SHT_NOBITS = 8;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
const DT_FLAGS_1 = 0x6ffffffb;
/** e_phnum value meaning "the count is in section 0's sh_info". */
const PN_XNUM = 0xffff;
const SHN_XINDEX = 0xffff;

// Caps. The kernel refuses program header tables over 64 KiB and interpreter paths over
// PATH_MAX, so nothing it would run is refused here.
const MAX_PHDR_BYTES = 64 * 1024;
const MAX_SHDR_BYTES = 1024 * 1024;
const MAX_SHSTRTAB_BYTES = 1024 * 1024;
const MAX_DYNAMIC_BYTES = 64 * 1024;
const MAX_PATH = 4096;

export type ElfClass = 32 | 64;
export type Endian = 'little' | 'big';

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export interface SectionHeader {
  name: string;
  type: number;
  addr: number;
  offset: number;
  size: number;
}

export interface DynamicInfo {
  needed: string[];
  /** Colon-separated lists split into entries; null when the tag is absent. */
  runpath: string[] | null;
  rpath: string[] | null;
  soname: string | null;
  flags1: number;
}

export interface ElfFile {
  class: ElfClass;
  endian: Endian;
  /** e_type: 2 = EXEC, 3 = DYN. */
  type: number;
  machine: number;
  programHeaders: ProgramHeader[];
  interpreter: string | null;
  dynamic: DynamicInfo | null;
  /** Null when the file has no section header table (e.g. sstrip'd binaries). */
  sections: SectionHeader[] | null;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/** A fixed-layout record decoder for one class and byte order. */
class Fields {
  private readonly view: DataView;
  constructor(
    bytes: Uint8Array,
    private readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(at: number): number {
    return this.view.getUint16(at, this.little);
  }
  u32(at: number): number {
    return this.view.getUint32(at, this.little);
  }
  /** A 64-bit field as a number; values past 2^53 stay inexact but always fail the bounds checks. */
  u64(at: number): number {
    return Number(this.view.getBigUint64(at, this.little));
  }
  word(at: number, is64: boolean): number {
    return is64 ? this.u64(at) : this.u32(at);
  }
}

interface Layout {
  is64: boolean;
  little: boolean;
}

interface ElfHeader {
  type: number;
  machine: number;
  phoff: number;
  shoff: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export function hasElfMagic(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b);
}

export function parseElf(src: ByteSource): Promise<Result<ElfFile>> {
  return parseSafely(() => readElf(src));
}

async function readElf(src: ByteSource): Promise<ElfFile> {
  const ident = await readExact(src, 0, 16, 'ELF identification', 16);
  if (!hasElfMagic(ident)) throw new ParseFailure('malformed', 'not an ELF file (bad magic)');
  const layout = layoutOf(ident);
  const header = await readHeader(src, layout);
  // The kernel's exec never reads section headers: damage there must not fail a runnable file.
  const section0 = header.shoff !== 0 ? await readSectionZero(src, layout, header).catch(() => null) : null;
  const resolved = applyExtendedNumbering(header, section0);
  const programHeaders = await readProgramHeaders(src, layout, resolved);
  return {
    class: layout.is64 ? 64 : 32,
    endian: layout.little ? 'little' : 'big',
    type: header.type,
    machine: header.machine,
    programHeaders,
    interpreter: await readInterpreter(src, programHeaders),
    dynamic: await readDynamic(src, layout, programHeaders),
    sections: await readSections(src, layout, resolved).catch(() => null),
  };
}

function layoutOf(ident: Uint8Array): Layout {
  const cls = ident[4];
  const data = ident[5];
  if (cls !== 1 && cls !== 2) throw new ParseFailure('malformed', `unknown ELF class ${cls}`);
  if (data !== 1 && data !== 2) throw new ParseFailure('malformed', `unknown ELF byte order ${data}`);
  return { is64: cls === 2, little: data === 1 };
}

async function readHeader(src: ByteSource, { is64, little }: Layout): Promise<ElfHeader> {
  const f = new Fields(await readExact(src, 0, is64 ? 64 : 52, 'ELF header', 64), little);
  // After e_version come three addresses (entry, phoff, shoff) of 4 or 8 bytes, e_flags, e_ehsize.
  const w = is64 ? 8 : 4;
  const counts = 24 + 3 * w + 6;
  return {
    type: f.u16(16),
    machine: f.u16(18),
    phoff: f.word(24 + w, is64),
    shoff: f.word(24 + 2 * w, is64),
    phentsize: f.u16(counts),
    phnum: f.u16(counts + 2),
    shentsize: f.u16(counts + 4),
    shnum: f.u16(counts + 6),
    shstrndx: f.u16(counts + 8),
  };
}

interface SectionZero {
  size: number;
  link: number;
  info: number;
}

async function readSectionZero(src: ByteSource, layout: Layout, h: ElfHeader): Promise<SectionZero | null> {
  if (h.shentsize !== shdrSize(layout)) return null;
  if (h.shoff + h.shentsize > src.size) return null;
  const f = new Fields(await readExact(src, h.shoff, h.shentsize, 'section header 0', 64), layout.little);
  const raw = decodeSection(f, layout.is64);
  return { size: raw.size, link: raw.link, info: raw.info };
}

/** Counts past 16 bits live in section 0 (ELF gABI "extended numbering"). */
function applyExtendedNumbering(h: ElfHeader, s0: SectionZero | null): ElfHeader {
  return {
    ...h,
    phnum: h.phnum === PN_XNUM && s0 ? s0.info : h.phnum,
    shnum: h.shnum === 0 && s0 ? s0.size : h.shnum,
    shstrndx: h.shstrndx === SHN_XINDEX && s0 ? s0.link : h.shstrndx,
  };
}

function phdrSize({ is64 }: Layout): number {
  return is64 ? 56 : 32;
}

function shdrSize({ is64 }: Layout): number {
  return is64 ? 64 : 40;
}

/** Reads `count` fixed-size entries of a table after validating entry size and total size. */
async function readTable(
  src: ByteSource,
  { little }: Layout,
  offset: number,
  entsize: number,
  expected: number,
  count: number,
  cap: number,
  what: string,
): Promise<Fields[]> {
  if (count === 0) return [];
  if (entsize !== expected) throw new ParseFailure('malformed', `${what}: entry size ${entsize}, expected ${expected}`);
  const bytes = await readExact(src, offset, entsize * count, what, cap);
  return Array.from({ length: count }, (_, i) => new Fields(bytes.subarray(i * entsize, (i + 1) * entsize), little));
}

async function readProgramHeaders(src: ByteSource, layout: Layout, h: ElfHeader): Promise<ProgramHeader[]> {
  const entries = await readTable(src, layout, h.phoff, h.phentsize, phdrSize(layout), h.phnum, MAX_PHDR_BYTES, 'program headers');
  return entries.map((e) => decodeProgramHeader(e, layout.is64));
}

function decodeProgramHeader(f: Fields, is64: boolean): ProgramHeader {
  if (is64) {
    return { type: f.u32(0), flags: f.u32(4), offset: f.u64(8), vaddr: f.u64(16), filesz: f.u64(32), memsz: f.u64(40) };
  }
  return { type: f.u32(0), offset: f.u32(4), vaddr: f.u32(8), filesz: f.u32(16), memsz: f.u32(20), flags: f.u32(24) };
}

function decodeSection(f: Fields, is64: boolean) {
  const w = is64 ? 8 : 4;
  return {
    nameOffset: f.u32(0),
    type: f.u32(4),
    addr: f.word(8 + w, is64),
    offset: f.word(8 + 2 * w, is64),
    size: f.word(8 + 3 * w, is64),
    link: f.u32(8 + 4 * w),
    info: f.u32(12 + 4 * w),
  };
}

async function readInterpreter(src: ByteSource, phdrs: ProgramHeader[]): Promise<string | null> {
  const interp = phdrs.find((p) => p.type === PT_INTERP);
  if (!interp) return null;
  if (interp.filesz < 2) throw new ParseFailure('malformed', 'PT_INTERP is empty');
  const bytes = await readExact(src, interp.offset, interp.filesz, 'PT_INTERP', MAX_PATH);
  return cString(bytes, 'PT_INTERP');
}

/** The file offset of a virtual address, through the PT_LOAD segment that maps it. */
export function fileOffsetOf(phdrs: readonly ProgramHeader[], vaddr: number): { offset: number; available: number } | null {
  for (const p of phdrs) {
    if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr < p.vaddr + p.filesz) {
      return { offset: p.offset + (vaddr - p.vaddr), available: p.vaddr + p.filesz - vaddr };
    }
  }
  return null;
}

async function readDynamic(src: ByteSource, layout: Layout, phdrs: ProgramHeader[]): Promise<DynamicInfo | null> {
  const dyn = phdrs.find((p) => p.type === PT_DYNAMIC);
  if (!dyn) return null;
  const entrySize = layout.is64 ? 16 : 8;
  const count = Math.floor(dyn.filesz / entrySize);
  const entries = await readTable(src, layout, dyn.offset, entrySize, entrySize, count, MAX_DYNAMIC_BYTES, 'dynamic segment');
  const tags: [number, number][] = [];
  for (const f of entries) {
    const tag = f.word(0, layout.is64);
    if (tag === DT_NULL) break;
    tags.push([tag, f.word(entrySize / 2, layout.is64)]);
  }
  return decodeDynamic(src, phdrs, tags);
}

async function decodeDynamic(src: ByteSource, phdrs: ProgramHeader[], tags: [number, number][]): Promise<DynamicInfo> {
  const valuesOf = (tag: number) => tags.filter(([t]) => t === tag).map(([, v]) => v);
  const strtab = valuesOf(DT_STRTAB)[0];
  const strsz = valuesOf(DT_STRSZ)[0] ?? 0;
  const stringsNeeded = [DT_NEEDED, DT_RUNPATH, DT_RPATH, DT_SONAME].some((t) => valuesOf(t).length > 0);
  if (strtab === undefined && stringsNeeded) throw new ParseFailure('malformed', 'dynamic segment has strings but no DT_STRTAB');
  const table = strtab === undefined ? null : fileOffsetOf(phdrs, strtab);
  if (strtab !== undefined && !table && stringsNeeded) throw new ParseFailure('malformed', 'DT_STRTAB is not inside a loaded segment');
  const limit = table ? table.offset + Math.min(strsz || table.available, table.available) : 0;
  const str = (value: number) => readCString(src, (table?.offset ?? 0) + value, limit, MAX_PATH, 'dynamic string');
  const list = async (tag: number) => {
    const values = valuesOf(tag);
    return values.length === 0 ? null : (await Promise.all(values.map(str))).flatMap((s) => s.split(':'));
  };
  const soname = valuesOf(DT_SONAME)[0];
  return {
    needed: await Promise.all(valuesOf(DT_NEEDED).map(str)),
    runpath: await list(DT_RUNPATH),
    rpath: await list(DT_RPATH),
    soname: soname === undefined ? null : await str(soname),
    flags1: valuesOf(DT_FLAGS_1)[0] ?? 0,
  };
}

async function readSections(src: ByteSource, layout: Layout, h: ElfHeader): Promise<SectionHeader[] | null> {
  if (h.shoff === 0 || h.shnum === 0) return null;
  const entries = await readTable(src, layout, h.shoff, h.shentsize, shdrSize(layout), h.shnum, MAX_SHDR_BYTES, 'section headers');
  const raw = entries.map((e) => decodeSection(e, layout.is64));
  const names = await readSectionNames(src, raw[h.shstrndx]);
  return raw.map((s) => ({ name: sectionName(names, s.nameOffset), type: s.type, addr: s.addr, offset: s.offset, size: s.size }));
}

async function readSectionNames(src: ByteSource, strtab: { type: number; offset: number; size: number } | undefined): Promise<Uint8Array> {
  if (!strtab || strtab.type === SHT_NOBITS) return new Uint8Array(0);
  return readExact(src, strtab.offset, strtab.size, 'section name table', MAX_SHSTRTAB_BYTES);
}

/** A damaged name table costs the names, not the file: sections are only used by name lookups. */
function sectionName(names: Uint8Array, offset: number): string {
  const rest = names.subarray(offset);
  const nul = rest.indexOf(0);
  return nul < 0 ? '' : new TextDecoder('utf-8').decode(rest.subarray(0, nul));
}
