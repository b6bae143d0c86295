// parse/ns-link.ts: "pid:[4026531836]" → 4026531836 for the type asked, as /^([a-z_]+):\[(\d{1,20})\]$/
// on the trimmed text did (fast-check against it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNamespaceLink } from '../../../src/parse/ns-link.js';

const byExpression = (text: string, type: string) => {
  const m = /^([a-z_]+):\[(\d{1,20})\]$/.exec(text.trim());
  return m && m[1] === type ? Number(m[2]) : null;
};

describe('parseNamespaceLink', () => {
  it('reads the inode of a link of the asked type', () => {
    expect(parseNamespaceLink('pid:[4026531836]\n', 'pid')).toBe(4026531836);
    expect(parseNamespaceLink('pid_for_children:[4026532300]', 'pid_for_children')).toBe(4026532300);
    expect(parseNamespaceLink('user:[4026531837]', 'pid')).toBeNull();
    expect(parseNamespaceLink('pid:[]', 'pid')).toBeNull();
  });

  it('answers as the expression it replaced, on any text and type', () => {
    const piece = fc.constantFrom('pid', 'user', 'pid_for_children', 'PID', 'p-d', '', ':', '[', ']', '0', '4026531836', ' ', '\n', '12345678901234567890', '1');
    const text = fc.array(piece, { maxLength: 6 }).map((ps) => ps.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom('pid', 'user', 'pid_for_children', 'PID', 'p-d', ''), (t, type) => {
        expect(parseNamespaceLink(t, type)).toBe(byExpression(t, type));
      }),
      { numRuns: 20000 },
    );
  });
});
