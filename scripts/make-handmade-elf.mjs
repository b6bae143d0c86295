// Writes the hand-made ELF fixtures: layouts no local toolchain produces (32-bit, big-endian,
// foreign machines, Go's pre-1.18 pointer-format build info). Each is a minimal but valid file:
// header, program headers (two PT_LOADs mapping the file 1:1 at BASE), optional PT_INTERP and
// PT_DYNAMIC, and no section headers.  Usage: node scripts/make-handmade-elf.mjs <dir>
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const BASE = 0x400000;
const PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
const PF_X = 1, PF_W = 2, PF_R = 4;
const DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_RUNPATH = 29;

class Writer {
  constructor(is64, little) {
    this.is64 = is64;
    this.little = little;
    this.bytes = [];
  }
  get length() {
    return this.bytes.length;
  }
  int(value, size) {
    const buf = Buffer.alloc(size);
    let big = BigInt(value);
    for (let i = 0; i < size; i++, big >>= 8n) buf[this.little ? i : size - 1 - i] = Number(big & 0xffn);
    this.bytes.push(...buf);
  }
  word(value) {
    this.int(value, this.is64 ? 8 : 4);
  }
  raw(data) {
    this.bytes.push(...data);
  }
  align(n) {
    while (this.bytes.length % n) this.bytes.push(0);
  }
  patch(at, other) {
    this.bytes.splice(at, other.length, ...other.bytes);
  }
}

/** Builds one file. `payload(w)` appends data after the headers and returns PT_INTERP/PT_DYNAMIC ranges. */
function elf({ is64, little, machine, type = 2, payload }) {
  const w = new Writer(is64, little);
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const phnum = 4;
  const headersEnd = ehsize + phentsize * phnum;
  w.raw(Array(headersEnd).fill(0));
  w.align(16);
  const dataStart = w.length;
  const segments = payload(w);
  const end = w.length;
  const phdrs = [
    { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, size: dataStart },
    { type: PT_LOAD, flags: PF_R | PF_W, offset: dataStart, size: end - dataStart },
    ...segments,
  ];
  while (phdrs.length < phnum) phdrs.push({ type: 0, flags: 0, offset: 0, size: 0 });
  const h = new Writer(is64, little);
  h.raw([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, little ? 1 : 2, 1, 0, ...Array(8).fill(0)]);
  h.int(type, 2);
  h.int(machine, 2);
  h.int(1, 4);
  h.word(BASE + dataStart); // e_entry
  h.word(ehsize); // e_phoff
  h.word(0); // e_shoff: no section headers
  h.int(0, 4);
  h.int(ehsize, 2);
  h.int(phentsize, 2);
  h.int(phnum, 2);
  h.int(is64 ? 64 : 40, 2);
  h.int(0, 2);
  h.int(0, 2);
  for (const p of phdrs) {
    if (is64) {
      h.int(p.type, 4); h.int(p.flags, 4); h.word(p.offset); h.word(BASE + p.offset); h.word(BASE + p.offset);
      h.word(p.size); h.word(p.size); h.word(p.type === PT_LOAD ? 0x1000 : 1);
    } else {
      h.int(p.type, 4); h.word(p.offset); h.word(BASE + p.offset); h.word(BASE + p.offset);
      h.word(p.size); h.word(p.size); h.int(p.flags, 4); h.word(p.type === PT_LOAD ? 0x1000 : 1);
    }
  }
  w.patch(0, h);
  return Buffer.from(w.bytes);
}

const cstr = (s) => [...Buffer.from(s + '\0')];

/** PT_INTERP and a PT_DYNAMIC with DT_NEEDED (and DT_RUNPATH) entries. */
function dynamicPayload({ interp, needed, runpath }) {
  return (w) => {
    const interpAt = w.length;
    w.raw(cstr(interp));
    const strAt = w.length;
    const strings = ['', ...needed, ...(runpath ? [runpath] : [])];
    const offsets = [];
    for (const s of strings) {
      offsets.push(w.length - strAt);
      w.raw(cstr(s));
    }
    const strsz = w.length - strAt;
    w.align(8);
    const dynAt = w.length;
    const entries = [
      ...needed.map((_, i) => [DT_NEEDED, offsets[i + 1]]),
      ...(runpath ? [[DT_RUNPATH, offsets[strings.length - 1]]] : []),
      [DT_STRTAB, BASE + strAt],
      [DT_STRSZ, strsz],
      [0, 0],
    ];
    for (const [tag, val] of entries) {
      w.word(tag);
      w.word(val);
    }
    return [
      { type: PT_INTERP, flags: PF_R, offset: interpAt, size: strAt - interpAt },
      { type: PT_DYNAMIC, flags: PF_R | PF_W, offset: dynAt, size: w.length - dynAt },
    ];
  };
}

/** Go < 1.18 build info: the blob holds addresses of two string headers {ptr, len}. */
function goPointerPayload(version, modinfo) {
  const sentinel = (c) => Array(16).fill(c.charCodeAt(0));
  return (w) => {
    w.align(16);
    const blobAt = w.length;
    w.raw([...Buffer.from('\xff Go buildinf:', 'latin1'), 8, 0]);
    w.raw(Array(16).fill(0)); // two pointers, patched below
    const text = (s) => {
      const at = w.length;
      w.raw(s);
      return at;
    };
    const versAt = text([...Buffer.from(version)]);
    const modBytes = [...sentinel('0'), ...Buffer.from(modinfo), ...sentinel('1')];
    const modAt = text(modBytes);
    w.align(8);
    const headers = w.length;
    w.word(BASE + versAt); w.word(version.length);
    w.word(BASE + modAt); w.word(modBytes.length);
    const p = new Writer(true, true);
    p.word(BASE + headers); p.word(BASE + headers + 16);
    w.patch(blobAt + 16, p);
    return [];
  };
}

/** Go ≥ 1.18 build info: flags bit 1, then varint-length-prefixed version and module strings. */
function goInlinePayload(version, modinfo) {
  const varint = (n) => {
    const out = [];
    for (; n >= 0x80; n >>>= 7) out.push((n & 0x7f) | 0x80);
    return [...out, n];
  };
  const framed = [...Array(16).fill(0x30), ...Buffer.from(modinfo), ...Array(16).fill(0x31)];
  return (w) => {
    w.align(16);
    w.raw([...Buffer.from('\xff Go buildinf:', 'latin1'), 8, 2, ...Array(16).fill(0)]);
    w.raw([...varint(version.length), ...Buffer.from(version), ...varint(framed.length), ...framed]);
    // debug/buildinfo wants data after the last string (its bounds check is strict).
    w.raw(Array(16).fill(0));
    return [];
  };
}

const fixtures = {
  'elf32-i386-dynamic': elf({ is64: false, little: true, machine: 3, payload: dynamicPayload({ interp: '/lib/ld-linux.so.2', needed: ['libc.so.6'] }) }),
  'elf64-ppc64-be-dynamic': elf({ is64: true, little: false, machine: 21, type: 3, payload: dynamicPayload({ interp: '/lib64/ld64.so.2', needed: ['libm.so.6', 'libc.so.6'], runpath: '$ORIGIN/../lib:/opt/lib' }) }),
  'elf32-mips-be-static': elf({ is64: false, little: false, machine: 8, payload: () => [] }),
  'elf64-aarch64-static': elf({ is64: true, little: true, machine: 183, payload: () => [] }),
  'go-inline-format': elf({ is64: true, little: true, machine: 62, payload: goInlinePayload('go1.22.1', 'path\texample.com/new/cmd/app\nmod\texample.com/new\tv1.2.3\th1:abc=\nbuild\t-buildmode=exe\nbuild\t-ldflags="-s -w -X \\"main.v=1 2\\""\nbuild\tCGO_ENABLED=0\nbuild\tGOARCH=amd64\n') }),
  'go-pointer-format': elf({ is64: true, little: true, machine: 62, payload: goPointerPayload('go1.16.15', 'path\texample.com/old\nmod\texample.com/old\t(devel)\t\n') }),
};
const dir = process.argv[2] ?? '.';
for (const [name, bytes] of Object.entries(fixtures)) writeFileSync(path.join(dir, name), bytes, { mode: 0o755 });
