import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/probe/spawn.js';

const opts = (over: Partial<Parameters<typeof runTool>[2]> = {}) => ({ timeoutMs: 5000, signal: new AbortController().signal, env: { PATH: '/usr/bin:/bin' }, ...over });

describe('runTool: every way a helper tool can fail is data', () => {
  it('exit code and stderr', async () => {
    const r = await runTool('/bin/sh', ['-c', 'echo nope >&2; exit 3'], opts());
    expect(r).toEqual({ ok: true, value: { exitCode: 3, signal: null, stderr: 'nope\n', stopped: false } });
  });

  it('a spawn error (here ENOENT; EMFILE, ENOMEM and EAGAIN arrive the same way) is a failure, not an exception', async () => {
    const r = await runTool('/nonexistent/tool', [], opts());
    expect(r).toMatchObject({ ok: false, code: 'ENOENT' });
  });

  it('the time limit kills it', async () => {
    const r = await runTool('/bin/sleep', ['10'], opts({ timeoutMs: 50 }));
    expect(r).toMatchObject({ ok: true, value: { stopped: true, signal: 'SIGKILL' } });
  });

  it('the abort signal kills it', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await runTool('/bin/sleep', ['10'], opts({ signal: controller.signal }));
    expect(r).toMatchObject({ ok: true, value: { stopped: true } });
  });
});
