// Bounds-checked reads shared by the binary parsers. Parsers throw ParseFailure internally to
// keep their code linear; each parser's entry point catches it (and anything else) and returns
// it as data, so no exception crosses a parser's boundary.
import { failure, messageOf, ok, type Result } from '../../core/result.js';
import type { ByteSource } from './byte-source.js';

export type ParseErrorKind = 'truncated' | 'malformed' | 'too-large' | 'io';

export class ParseFailure extends Error {
  constructor(
    readonly kind: ParseErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a parser body, turning every failure into a Failure whose code is the parse kind. */
export async function parseSafely<T>(body: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await body());
  } catch (err) {
    return failure(err instanceof ParseFailure ? err.kind : 'io', messageOf(err));
  }
}

/** Exactly `length` bytes at `offset`, after checking the range against the file and a cap. */
export async function readExact(
  src: ByteSource,
  offset: number,
  length: number,
  what: string,
  cap: number,
): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new ParseFailure('malformed', `${what}: offset ${offset} or size ${length} is invalid`);
  }
  if (length > cap) throw new ParseFailure('too-large', `${what}: ${length} bytes exceeds the limit of ${cap}`);
  if (offset + length > src.size) {
    throw new ParseFailure('truncated', `${what}: bytes ${offset}..${offset + length} lie beyond the end of the file (${src.size} bytes)`);
  }
  const bytes = await src.read(offset, length);
  if (bytes.length !== length) throw new ParseFailure('truncated', `${what}: short read at ${offset}`);
  return bytes;
}

/** A NUL-terminated string starting at `offset`, no longer than `maxLength`, within `limit`. */
export async function readCString(src: ByteSource, offset: number, limit: number, maxLength: number, what: string): Promise<string> {
  const end = Math.min(limit, src.size, offset + maxLength + 1);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= end) {
    throw new ParseFailure('malformed', `${what}: string offset ${offset} is outside its table`);
  }
  const bytes = await readExact(src, offset, end - offset, what, maxLength + 1);
  return cString(bytes, what);
}

/** The text before the first NUL; a string with no NUL in `bytes` is malformed. */
export function cString(bytes: Uint8Array, what: string): string {
  const nul = bytes.indexOf(0);
  if (nul < 0) throw new ParseFailure('malformed', `${what}: string is not NUL-terminated`);
  return new TextDecoder('utf-8').decode(bytes.subarray(0, nul));
}
