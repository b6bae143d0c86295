// The `#!` line as the kernel's binfmt_script reads it (fs/binfmt_script.c, Linux ≥ 5.0), byte
// for byte: only the first BINPRM_BUF_SIZE bytes exist for it, and only space, tab, NUL and
// newline delimit. A CR is an ordinary byte, so a CRLF script names an interpreter ending in
// "\r", which the lookup then fails to find.

/** What the kernel reads of a file before choosing a binary format (BINPRM_BUF_SIZE). */
export const BINPRM_BUF_SIZE = 256;

export type ScriptLine =
  | { ok: true; interpreter: string; argument: string | null }
  | { ok: false; reason: 'not-a-script' | 'no-interpreter' | 'interpreter-truncated' };

const NL = 0x0a;
const isSpaceTab = (b: number) => b === 0x20 || b === 0x09;
const isTerminator = (b: number) => isSpaceTab(b) || b === 0;

// The kernel's helpers scan up to and including `last`.
function nextNonSpaceTab(buf: Uint8Array, first: number, last: number): number {
  for (let i = first; i <= last; i++) if (!isSpaceTab(buf[i]!)) return i;
  return -1;
}

function nextTerminator(buf: Uint8Array, first: number, last: number): number {
  for (let i = first; i <= last; i++) if (isTerminator(buf[i]!)) return i;
  return -1;
}

/** strnchr: the first `c` before the first NUL, or -1. */
function strnchr(buf: Uint8Array, c: number): number {
  for (let i = 0; i < buf.length && buf[i] !== 0; i++) if (buf[i] === c) return i;
  return -1;
}

function cString(buf: Uint8Array, from: number): string {
  const nul = buf.indexOf(0, from);
  return new TextDecoder('utf-8').decode(buf.subarray(from, nul < 0 ? buf.length : nul));
}

/**
 * Parses the start of a file (at most its first BINPRM_BUF_SIZE bytes are looked at; a shorter
 * file reads as if NUL-padded, as the kernel's zeroed buffer does). The steps are the kernel's,
 * in its order, so each edge (the buffer's last byte, a NUL inside the line) falls the same way.
 */
export function parseScriptLine(head: Uint8Array): ScriptLine {
  const buf = new Uint8Array(BINPRM_BUF_SIZE);
  buf.set(head.subarray(0, BINPRM_BUF_SIZE));
  if (buf[0] !== 0x23 || buf[1] !== 0x21) return { ok: false, reason: 'not-a-script' };
  const bufEnd = BINPRM_BUF_SIZE - 1;
  let end = strnchr(buf, NL);
  if (end < 0) {
    // No newline in the buffer: accepted only when the interpreter name visibly ends in it.
    const start = nextNonSpaceTab(buf, 2, bufEnd);
    if (start < 0) return { ok: false, reason: 'no-interpreter' };
    if (nextTerminator(buf, start, bufEnd) < 0) return { ok: false, reason: 'interpreter-truncated' };
    end = bufEnd;
  }
  while (isSpaceTab(buf[end - 1]!)) end--;
  const name = nextNonSpaceTab(buf, 2, end);
  if (name < 0 || name === end) return { ok: false, reason: 'no-interpreter' };
  const sep = nextTerminator(buf, name, end);
  const arg = sep >= 0 && buf[sep] !== 0 ? nextNonSpaceTab(buf, sep, end) : -1;
  buf[end] = 0;
  if (sep >= 0) buf[sep] = 0;
  return { ok: true, interpreter: cString(buf, name), argument: arg < 0 ? null : cString(buf, arg) };
}
