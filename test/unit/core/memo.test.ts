import { describe, expect, it } from 'vitest';
import { memoized } from '../../../src/core/memo.js';

describe('memoized', () => {
  it('makes a value once per key, and hands the same one to every later asker', async () => {
    const memo = new Map<string, Promise<number>>();
    let made = 0;
    const ask = (key: string) => memoized(memo, key, async () => ++made);
    const [a, b] = [ask('x'), ask('x')];
    expect(a).toBe(b);
    expect(await Promise.all([a, b, ask('y')])).toEqual([1, 1, 2]);
    expect(made).toBe(2);
  });

  it('keeps a value that is undefined too', () => {
    const memo = new Map<string, undefined>();
    let made = 0;
    memoized(memo, 'k', () => void made++);
    memoized(memo, 'k', () => void made++);
    expect(made).toBe(1);
  });
});
