// core/abort.ts: the run's own abort signal, and node AbortSignals that follow it.
import { describe, expect, it } from 'vitest';
import { createAbort, toAbortSignal } from '../../../src/core/abort.js';

describe('createAbort', () => {
  it('calls each listener once, in order; not a removed one, not one added afterwards', () => {
    const { signal, abort } = createAbort();
    const calls: string[] = [];
    const removed = () => calls.push('removed');
    signal.addEventListener('abort', () => calls.push('a'));
    signal.addEventListener('abort', removed);
    signal.addEventListener('abort', () => calls.push('b'), { once: true });
    signal.removeEventListener('abort', removed);
    expect(signal.aborted).toBe(false);
    abort();
    abort();
    signal.addEventListener('abort', () => calls.push('late'));
    expect([signal.aborted, calls]).toEqual([true, ['a', 'b']]);
  });

  it('throwIfAborted throws an AbortError (the handoff test runs an interruption through it)', () => {
    const { signal, abort } = createAbort();
    expect(() => signal.throwIfAborted()).not.toThrow();
    abort();
    let thrown: unknown;
    try {
      signal.throwIfAborted();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
  });

  it('toAbortSignal gives node APIs a signal that follows it, aborted already or later', () => {
    const early = createAbort();
    early.abort();
    expect(toAbortSignal(early.signal).aborted).toBe(true);
    const later = createAbort();
    const followed = toAbortSignal(later.signal);
    expect(followed.aborted).toBe(false);
    later.abort();
    expect(followed.aborted).toBe(true);
    const own = new AbortController().signal;
    expect(toAbortSignal(own)).toBe(own);
  });
});
