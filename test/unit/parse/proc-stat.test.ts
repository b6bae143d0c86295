import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../src/parse/proc-stat.js';

// Lines as the kernel writes them (proc(5)), fields 1–22 and a few more.
const KTHREADD = '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 18 0 0 18446744073709551615 0 0';
const ZOMBIE = '4242 (sleep) Z 4200 4200 30647 0 -1 4227084 97 0 0 0 0 0 0 0 20 0 1 0 116384 0 0 18446744073709551615 0 0';
const HOSTILE = '77 (a) b) R (c) R 1 77 77 0 -1 4194304 97 0 0 0 0 0 0 0 20 0 1 0 555 3133440 356';

describe('parseProcStat', () => {
  it('state, kernel-thread flag and start time, counted from the last ")"', () => {
    expect(parseProcStat(KTHREADD)).toEqual({ pid: 2, state: 'S', kernelThread: true, startTime: '18' });
    expect(parseProcStat(ZOMBIE)).toEqual({ pid: 4242, state: 'Z', kernelThread: false, startTime: '116384' });
    expect(parseProcStat(HOSTILE)).toEqual({ pid: 77, state: 'R', kernelThread: false, startTime: '555' });
  });

  it('this process', () => {
    expect(parseProcStat(readFileSync('/proc/self/stat', 'utf8'))).toMatchObject({ pid: process.pid, state: 'R', kernelThread: false });
  });

  it.each(['', '1 (x) R', 'x (y) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20', '1 (x) R 1 1 1 0 -1 abc 0 0 0 0 0 0 0 0 20 0 1 0 5'])('not a stat line: %j → null', (text) => {
    expect(parseProcStat(text)).toBeNull();
  });
});
