// The last resort: an error that escapes every boundary (a throw in a callback, a rejection no
// one awaits) ends the process with one line and exit 3, never a stack trace and an exit code
// that reads as a verdict. Each case is a small program bundled with the real lifecycle module.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'preflight-last-resort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runWithLifecycle(name: string, body: string, args: string[] = []): Promise<{ status: number | null; stderr: string }> {
  const bundled = await build({
    stdin: { contents: `import './src/lifecycle.ts';\n${body}`, resolveDir: path.resolve('.'), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, bundled.outputFiles[0]!.text);
  try {
    execFileSync(process.execPath, [file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { status: 0, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; stderr: Buffer };
    return { status: e.status, stderr: e.stderr.toString() };
  }
}

describe('faults: the last-resort handler', () => {
  it('an uncaught exception → exit 3, one line, control characters escaped', async () => {
    const r = await runWithLifecycle('throw', "setTimeout(() => { throw new Error('boom\\nforged line'); }, 5);");
    expect(r).toEqual({ status: 3, stderr: 'init-preflight: internal error: boom\\nforged line (rerun with --debug for details)\n' });
  });

  it('an unhandled rejection → exit 3, one line', async () => {
    const r = await runWithLifecycle('reject', "void Promise.reject(new Error('nobody awaited this'));");
    expect(r).toEqual({ status: 3, stderr: 'init-preflight: internal error: nobody awaited this (rerun with --debug for details)\n' });
  });

  it('an error event no one listens to (the spawn EMFILE of issue 12) → exit 3, not 1', async () => {
    const r = await runWithLifecycle('event', "import { EventEmitter } from 'node:events'; setTimeout(() => new EventEmitter().emit('error', Object.assign(new Error('spawn /usr/bin/unshare EMFILE'), { code: 'EMFILE' })), 5);");
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('init-preflight: internal error: spawn /usr/bin/unshare EMFILE (rerun with --debug for details)\n');
  });

  it('with --debug the stack follows the line', async () => {
    const r = await runWithLifecycle('debug', "setTimeout(() => { throw new Error('boom'); }, 5);", ['--debug']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^init-preflight: internal error: boom\nError: boom\n\s+at /);
  });
});
