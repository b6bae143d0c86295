// probe/build-context.ts counts this process's CPUs from /proc/self/status instead of loading
// node:os; the oracle is node's own os.availableParallelism() (libuv's sched_getaffinity count),
// here and in a process pinned to one CPU by taskset.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { quickParse } from '../../../src/cli/quick-parse.js';
import { buildContext } from '../../../src/probe/build-context.js';
import { cpuListCount } from '../../../src/parse/proc-status.js';

describe('buildContext: CPUs and byte order without node:os', () => {
  it('cpus is what os.availableParallelism() says, and the byte order os.endianness() says', async () => {
    const ctx = buildContext(quickParse(['check'], {})!, new AbortController().signal);
    expect(ctx.cpus).toBe(availableParallelism());
    const { endianness } = await import('node:os');
    expect(ctx.host.endian).toBe(endianness() === 'LE' ? 'little' : 'big');
  });

  it('the status list counts as libuv counts, in a process pinned to one CPU', () => {
    const script = "process.stdout.write(JSON.stringify([require('os').availableParallelism(), /Cpus_allowed_list:\\s*(.*)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]]))";
    const [count, list] = JSON.parse(execFileSync('taskset', ['-c', '0', process.execPath, '-e', script], { encoding: 'utf8' })) as [number, string];
    expect([count, cpuListCount(list)]).toEqual([1, 1]);
  });
});
