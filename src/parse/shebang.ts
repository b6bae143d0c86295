// The `#!` line the kernel's binfmt_script reads: interpreter path and one optional argument,
// taken from the first BINPRM_BUF_SIZE (256) bytes of the file.
export const SHEBANG_BUFFER = 256;

export interface Shebang {
  interpreter: string;
  argument: string | null;
}

export function isShebang(bytes: Uint8Array): boolean {
  return bytes[0] === 0x23 && bytes[1] === 0x21;
}

/** Null when the line names no interpreter or it does not fit the kernel's buffer. */
export function parseShebang(bytes: Uint8Array): Shebang | null {
  if (!isShebang(bytes)) return null;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(2, SHEBANG_BUFFER));
  const end = head.indexOf('\n');
  // Since Linux 5.1 a line longer than the buffer is refused unless the interpreter fits.
  const line = (end < 0 ? head : head.slice(0, end)).trim();
  const match = /^(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!match || (end < 0 && !/\s/.test(line))) return null;
  return { interpreter: match[1]!, argument: match[2]?.trim() || null };
}
