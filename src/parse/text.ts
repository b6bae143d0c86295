// Character-class tests and whitespace splitting for the parsers of /proc and /sys text. Each is
// exactly a small regular expression (test/unit/parse/text.test.ts checks them against it), but a
// regular expression is compiled on its first run, and twice if it runs again (once to bytecode,
// then to machine code): ~80 µs each, paid by every start-up for every distinct one.

export const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;
export const isAsciiLetter = (code: number): boolean => (code | 0x20) >= 97 && (code | 0x20) <= 122;

/** A first character that `first` accepts, then only ones `rest` accepts, at most `maxLength` in all. */
export function isWord(text: string, first: (code: number) => boolean, rest: (code: number) => boolean, maxLength = Infinity): boolean {
  if (text.length === 0 || text.length > maxLength || !first(text.charCodeAt(0))) return false;
  for (let i = 1; i < text.length; i++) if (!rest(text.charCodeAt(i))) return false;
  return true;
}

/** `/^\d{1,maxDigits}$/`: one to `maxDigits` ASCII digits and nothing else. */
export const isDigits = (text: string, maxDigits = Infinity): boolean => isWord(text, isAsciiDigit, isAsciiDigit, maxDigits);

/** `/^-?\d{1,maxDigits}$/`: a whole number, maybe negative. */
export function isInteger(text: string, maxDigits = Infinity): boolean {
  return isDigits(text.startsWith('-') ? text.slice(1) : text, maxDigits);
}

// Setting bit 5 lowers A-F to a-f; nothing else lands on a-f (it would on 0-9: 0x10-0x19 do).
const isHexDigit = (code: number): boolean => isAsciiDigit(code) || ((code | 0x20) >= 97 && (code | 0x20) <= 102);

/** `/^[0-9a-fA-F]{1,maxDigits}$/`. */
export const isHexDigits = (text: string, maxDigits = Infinity): boolean => isWord(text, isHexDigit, isHexDigit, maxDigits);

// What /\s/ matches (ECMA-262 WhiteSpace and LineTerminator).
function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** `text.split(/\s+/)`: the pieces between runs of whitespace (empty ones at the ends included). */
export function splitWhitespace(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    if (!isSpaceCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    pieces.push(text.slice(start, i));
    while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
    start = i;
  }
  pieces.push(text.slice(start));
  return pieces;
}
