// Go build info: the blob the Go linker (≥ 1.13) writes into every binary, found and decoded the
// way `go version -m` does (debug/buildinfo), but with positional reads only. Works on stripped
// binaries without section headers by searching the first writable, non-executable PT_LOAD.
import type { ByteSource } from './byte-source.js';
import type { Result } from '../../core/result.js';
import { ParseFailure, parseSafely, readExact } from './bounded-read.js';
import { PF_W, PF_X, PT_LOAD, fileOffsetOf, type ElfFile } from './elf.js';

/** `\xff Go buildinf:`, 14 bytes (the 0xff is a raw byte, not UTF-8). */
const MAGIC = Uint8Array.from([0xff, ...new TextEncoder().encode(' Go buildinf:')]);
const ALIGN = 16;
const HEADER_SIZE = 32;
/** debug/buildinfo searches the first 64 KiB of the data start for the blob. */
const SEARCH_BYTES = 64 * 1024;
/** Flag bit: version and module strings follow the header inline (Go ≥ 1.18). */
const FLAG_INLINE = 2;
const FLAG_BIG_ENDIAN = 1;
const MAX_STRING = 1024 * 1024;

export interface GoBuildInfo {
  version: string;
  /** The main module path (`mod` line), or the package path for `go build file.go`. */
  mainModule: string | null;
  path: string | null;
  /** `build` lines, e.g. CGO_ENABLED, -ldflags, -buildmode, -trimpath, GOARCH. */
  settings: Record<string, string>;
  /** 'inline' (Go ≥ 1.18) or 'pointer' (older). */
  format: 'inline' | 'pointer';
}

/** Null when the file is not a Go binary; a Failure when the blob is there but damaged. */
export function parseGoBuildInfo(src: ByteSource, elf: ElfFile): Promise<Result<GoBuildInfo | null>> {
  return parseSafely(() => readBuildInfo(src, elf));
}

async function readBuildInfo(src: ByteSource, elf: ElfFile): Promise<GoBuildInfo | null> {
  const start = dataStart(elf);
  if (start === null) return null;
  const data = await readVirtual(src, elf, start, SEARCH_BYTES);
  if (!data) return null;
  const at = findMagic(data);
  if (at < 0) return null;
  const header = data.subarray(at, at + HEADER_SIZE);
  const flags = header[15] ?? 0;
  const [version, modinfo] =
    flags & FLAG_INLINE ? decodeInline(data.subarray(at + HEADER_SIZE)) : await decodePointers(src, elf, header);
  if (!version) throw new ParseFailure('malformed', 'Go build info has no version');
  return { version, ...parseModinfo(stripSentinels(modinfo)), format: flags & FLAG_INLINE ? 'inline' : 'pointer' };
}

function dataStart(elf: ElfFile): number | null {
  const section = elf.sections?.find((s) => s.name === '.go.buildinfo');
  if (section) return section.addr;
  const load = elf.programHeaders.find((p) => p.type === PT_LOAD && (p.flags & (PF_X | PF_W)) === PF_W);
  return load ? load.vaddr : null;
}

/** Up to `max` bytes at a virtual address (fewer at the segment's end); null if unmapped. */
async function readVirtual(src: ByteSource, elf: ElfFile, vaddr: number, max: number): Promise<Uint8Array | null> {
  const where = fileOffsetOf(elf.programHeaders, vaddr);
  if (!where) return null;
  const length = Math.min(max, where.available, src.size - where.offset);
  return length <= 0 ? null : readExact(src, where.offset, length, 'Go build info', max);
}

function findMagic(data: Uint8Array): number {
  for (let at = 0; at + HEADER_SIZE <= data.length; at += ALIGN) {
    if (MAGIC.every((b, i) => data[at + i] === b)) return at;
  }
  return -1;
}

function decodeInline(data: Uint8Array): [string, string] {
  const version = decodeVarintString(data, 0);
  const mod = decodeVarintString(data, version.next);
  return [version.text, mod.text];
}

function decodeVarintString(data: Uint8Array, at: number): { text: string; next: number } {
  let length = 0;
  let shift = 1;
  let pos = at;
  for (let i = 0; i < 8; i++) {
    const byte = data[pos++];
    if (byte === undefined) throw new ParseFailure('truncated', 'Go build info: string length runs past the blob');
    length += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) {
      if (pos + length > data.length) throw new ParseFailure('truncated', 'Go build info: string runs past the searched data');
      return { text: new TextDecoder().decode(data.subarray(pos, pos + length)), next: pos + length };
    }
    shift *= 128;
  }
  throw new ParseFailure('malformed', 'Go build info: string length is not a valid varint');
}

/** Before Go 1.18 the header holds addresses of two Go string headers {ptr, len}. */
async function decodePointers(src: ByteSource, elf: ElfFile, header: Uint8Array): Promise<[string, string]> {
  const ptrSize = header[14];
  if (ptrSize !== 4 && ptrSize !== 8) throw new ParseFailure('malformed', `Go build info: pointer size ${ptrSize}`);
  const little = ((header[15] ?? 0) & FLAG_BIG_ENDIAN) === 0;
  const ptr = (bytes: Uint8Array, at: number) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return ptrSize === 8 ? Number(view.getBigUint64(at, little)) : view.getUint32(at, little);
  };
  const readGoString = async (headerAddr: number) => {
    const strHeader = await readVirtual(src, elf, headerAddr, 2 * ptrSize);
    if (!strHeader || strHeader.length < 2 * ptrSize) return '';
    const [addr, length] = [ptr(strHeader, 0), ptr(strHeader, ptrSize)];
    if (length > MAX_STRING) throw new ParseFailure('too-large', `Go build info: string of ${length} bytes`);
    const bytes = length === 0 ? new Uint8Array(0) : await readVirtual(src, elf, addr, length);
    return bytes && bytes.length === length ? new TextDecoder().decode(bytes) : '';
  };
  return [await readGoString(ptr(header, 16)), await readGoString(ptr(header, 16 + ptrSize))];
}

/** cmd/go frames the module info with 16-byte sentinels; without them there is none. */
function stripSentinels(mod: string): string {
  return mod.length >= 33 && mod[mod.length - 17] === '\n' ? mod.slice(16, -16) : '';
}

/** The text of runtime/debug.BuildInfo: tab-separated `path`, `mod`, `dep`, `build` lines. */
function parseModinfo(text: string): Pick<GoBuildInfo, 'mainModule' | 'path' | 'settings'> {
  const info: Pick<GoBuildInfo, 'mainModule' | 'path' | 'settings'> = { mainModule: null, path: null, settings: {} };
  for (const line of text.split('\n')) {
    const [kind, ...rest] = line.split('\t');
    if (kind === 'path') info.path = rest[0] ?? null;
    else if (kind === 'mod') info.mainModule = rest[0] ?? null;
    else if (kind === 'build') addSetting(info.settings, rest.join('\t'));
  }
  return info;
}

function addSetting(settings: Record<string, string>, pair: string): void {
  const key = pair.startsWith('"') ? leadingQuoted(pair) : pair.slice(0, pair.indexOf('='));
  if (!key || pair.charAt(key.length) !== '=') return;
  const value = pair.slice(key.length + 1);
  settings[unquote(key)] = unquote(value);
}

function leadingQuoted(text: string): string {
  const end = text.search(/(?<!\\)"=/);
  return end < 0 ? '' : text.slice(0, end + 1);
}

/** Go quotes keys and values with spaces or quotes (strconv.Quote), close enough to JSON. */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : text;
  } catch {
    return text;
  }
}
