import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { failure, type Result } from '../../../src/core/result.js';
import { multiplyQuantities, parseQuantity, toAmount } from '../../../src/parse/quantity.js';

function amountOf(text: string, unitExp10: number, divisor = '1'): Result<number> {
  const value = parseQuantity(text);
  const scale = parseQuantity(divisor);
  if (!value.ok || !scale.ok) return value.ok ? failure('malformed', 'divisor') : value;
  return toAmount(multiplyQuantities(value.value, scale.value), unitExp10);
}
const bytes = (text: string, divisor?: string) => amountOf(text, 0, divisor);
const millicores = (text: string, divisor?: string) => amountOf(text, -3, divisor);

describe('parseAmount', () => {
  it.each([
    ['128Mi', 134217728],
    ['1G', 1e9],
    ['0.5Gi', 536870912],
    ['2e3', 2000],
    ['2E3', 2000],
    ['67108864', 67108864],
    [' 1Ki\n', 1024],
    ['1.5k', 1500],
    ['100m', 1], // 0.1 byte rounds up, like Kubernetes' Value()
  ])('%s is %d bytes', (text, expected) => {
    expect(bytes(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['100m', 100],
    ['1.5', 1500],
    ['0.1', 100], // exact: no 100.00000000000001 rounding up to 101
    ['2', 2000],
    ['250u', 1],
    ['1e-3', 1],
  ])('%s is %d millicores', (text, expected) => {
    expect(millicores(text)).toEqual({ ok: true, value: expected });
  });

  it('multiplies by a Downward API divisor', () => {
    expect(millicores('500', '1m')).toEqual({ ok: true, value: 500 });
    expect(bytes('64', '1Mi')).toEqual({ ok: true, value: 67108864 });
    expect(millicores('1', '1')).toEqual({ ok: true, value: 1000 });
  });

  it.each(['', 'abc', '12x', '-1', '1..2', '1Mi2', '0x10', 'Infinity', '1e999', '1 Mi', '9Ei'])('rejects %j', (text) => {
    const result = bytes(text);
    expect(result.ok).toBe(false);
  });

  it('names the text in the error', () => {
    expect(bytes('lots')).toEqual({ ok: false, code: 'malformed', message: expect.stringContaining('"lots" is not a quantity') });
    expect(bytes('1', 'x')).toEqual({ ok: false, code: 'malformed', message: expect.stringContaining('divisor') });
  });
});

describe('quantity properties', () => {
  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 10 }), (text, divisor) => {
      const a = amountOf(text, 0, divisor);
      const b = amountOf(text, -3);
      return typeof a.ok === 'boolean' && typeof b.ok === 'boolean';
    }));
  });

  it('never throws on quantity-like text', () => {
    const quantityLike = fc.stringMatching(/^[0-9.]{0,25}(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]{1,4})?$/);
    fc.assert(fc.property(quantityLike, (text) => typeof parseQuantity(text).ok === 'boolean'));
  });

  it('reads plain integers, binary suffixes and millicores exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => {
      expect(bytes(String(n))).toEqual({ ok: true, value: n });
      expect(bytes(`${n}Ki`)).toEqual({ ok: true, value: n * 1024 });
      expect(millicores(`${n}m`)).toEqual({ ok: true, value: n });
    }));
  });
});
