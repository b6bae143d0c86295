// src/parse/text.ts stands in for regular expressions on the hot path: each must answer exactly as
// its expression does, on any string (fast-check, alphabets that hit every edge: digits, signs,
// hex letters in both cases, every kind of whitespace /\s/ knows, and characters next to them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFileNameWord, isRfc1123Label } from '../../../src/cli/to-options.js';
import { isDigits, isHexDigits, isInteger, splitWhitespace } from '../../../src/parse/text.js';

const WHITESPACE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
// 0x10-0x19 become 0-9 with bit 5 set, as A-F become a-f: a case-folding shortcut must not take them.
const NEAR = ['\u0008', '\u000e', '\u0010', '\u0016', '\u0019', '\u001f', '!', '\u0085', '\u009f', '\u00a1', '\u200b', '\u180e', '\u2027', '\u202a'];
const chars = fc.constantFrom('0', '1', '9', '/', ':', '-', '+', 'a', 'f', 'g', 'A', 'F', 'G', '`', '@', '\u0660', '\uff10', ...WHITESPACE, ...NEAR);
const text = fc.array(chars, { maxLength: 24 }).map((cs) => cs.join(''));
const maxDigits = fc.option(fc.integer({ min: 1, max: 22 }), { nil: undefined });
const bounded = (max: number | undefined) => (max === undefined ? '+' : `{1,${max}}`);

/** f(text, n) answers as the expression made for n does, on any text. */
function sameAs(f: (t: string, n?: number) => boolean, expression: (n: number | undefined) => RegExp): void {
  fc.assert(
    fc.property(text, maxDigits, (t, n) => {
      expect(f(t, n)).toBe(expression(n).test(t));
    }),
    { numRuns: 5000 },
  );
}

describe('parse/text: the same answers as the regular expressions they replace', () => {
  it('isDigits(text, n) is /^\\d{1,n}$/', () => sameAs(isDigits, (n) => new RegExp(`^\\d${bounded(n)}$`)));
  it('isInteger(text, n) is /^-?\\d{1,n}$/', () => sameAs(isInteger, (n) => new RegExp(`^-?\\d${bounded(n)}$`)));
  it('isHexDigits(text, n) is /^[0-9a-fA-F]{1,n}$/', () => sameAs(isHexDigits, (n) => new RegExp(`^[0-9a-fA-F]${bounded(n)}$`)));

  it('splitWhitespace(text) is text.split(/\\s+/)', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(splitWhitespace(t)).toEqual(t.split(/\s+/));
      }),
      { numRuns: 5000 },
    );
  });

  it('with commas made spaces, it is split(/[\\s,]+/) (to-options splitList)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(chars, fc.constant(',')), { maxLength: 24 }), (cs) => {
        const t = cs.join('');
        expect(splitWhitespace(t.replaceAll(',', ' '))).toEqual(t.split(/[\s,]+/));
      }),
      { numRuns: 5000 },
    );
  });

  it('the option checks written with isWord answer as their expressions (to-options)', () => {
    const name = fc.array(fc.constantFrom('a', 'z', 'A', 'Z', '0', '9', '_', '.', '-', '/', ' ', '\u00e9', '`', '{', '@', '['), { maxLength: 70 }).map((cs) => cs.join(''));
    const long = fc.constantFrom('a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(62)}-`, 'x'.repeat(255), 'x'.repeat(256));
    fc.assert(
      fc.property(fc.oneof(name, long), (t) => {
        expect(isFileNameWord(t)).toBe(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$/.test(t));
        expect(isRfc1123Label(t)).toBe(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(t));
      }),
      { numRuns: 10000 },
    );
  });

  it('every character /\\s/ matches, and only those, separate pieces (all of UTF-16)', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      expect([code, splitWhitespace(`a${c}b`).length]).toEqual([code, /\s/.test(c) ? 2 : 1]);
    }
  });

  it('fixed cases', () => {
    expect([isDigits(''), isDigits('0'), isDigits('12345678901', 10), isDigits('1234567890', 10)]).toEqual([false, true, false, true]);
    expect([isInteger('-'), isInteger('-0'), isInteger('--1'), isInteger('-12', 2)]).toEqual([false, true, false, true]);
    expect([isHexDigits('00000000a80425fb', 16), isHexDigits('0x1'), isHexDigits('')]).toEqual([true, false, false]);
    expect([splitWhitespace(''), splitWhitespace(' '), splitWhitespace(' a  b\t')]).toEqual([[''], ['', ''], ['', 'a', 'b', '']]);
  });
});
