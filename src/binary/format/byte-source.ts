// The positional-read interface the binary parsers work over. It is async because the real
// source is a file handle: a check must not block the event loop while other probes run under
// their time limits, and app binaries can be hundreds of MB, so parsers ask for just the bytes
// they need instead of being handed the whole file.

export interface ByteSource {
  /** Total size in bytes; every read is checked against it by the parsers. */
  readonly size: number;
  /** Up to `length` bytes from `offset`; shorter only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory (tests, fuzzing, small headers). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}
