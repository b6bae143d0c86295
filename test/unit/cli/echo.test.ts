import { describe, expect, it } from 'vitest';
import { oneLine, shown } from '../../../src/cli/echo.js';

describe('shown / oneLine: what an error line shows of a value', () => {
  it('escapes control characters, separators and bidi overrides', () => {
    expect(shown('a\nb\tc\r\u0000\u001b[31m\u2028\u202e')).toBe('a\\nb\\tc\\r\\u0000\\u001b[31m\\u2028\\u202e');
  });

  it('leaves ordinary text alone', () => {
    expect(shown('/shared/préflight ✓')).toBe('/shared/préflight ✓');
  });

  it('cuts long values and says how long they were', () => {
    expect(shown('x'.repeat(100_000))).toBe(`${'x'.repeat(80)}… (100000 characters)`);
    expect(shown('x'.repeat(80))).toBe('x'.repeat(80));
    expect(oneLine('y'.repeat(1000))).toBe(`${'y'.repeat(400)}… (1000 characters)`);
  });
});
