// What a pod's start-up loads (docs/design.md, "Start-up"): `run` and `check` must not pull in
// node's streams, net or child_process. Asserted on the modules node reports as loaded at exit,
// so a new import on the hot path fails here instead of showing up as a slower benchmark.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkOf, describeE2E, runCli } from '../support/e2e.js';

// Each costs milliseconds of every start-up, measured with scripts/bench-startup.mjs. zlib would
// mean the loader unpacked its vendored yargs/chalk, which only help, errors and colour need;
// os and AbortController cost ~0.5 and ~0.8 ms (core/abort.ts).
const NOT_ON_THE_HOT_PATH = ['child_process', 'net', 'dgram', 'stream', 'fs/promises', 'perf_hooks', 'tty', 'readline', 'zlib', 'os', 'internal/abort_controller'];

describeE2E('the hot path', { tools: ['unshare'] }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'preflight-hot-path-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const recorder = path.join(dir, 'record-modules.cjs');
  const list = path.join(dir, 'modules.json');
  writeFileSync(recorder, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`);

  async function loaded(args: string[], nodeOptions = '') {
    const run = await runCli(args, { env: { NODE_OPTIONS: `--require ${recorder} ${nodeOptions}`.trim() } });
    const modules = (JSON.parse(readFileSync(list, 'utf8')) as string[]).flatMap((m) => (m.startsWith('NativeModule ') ? [m.slice('NativeModule '.length)] : []));
    return { run, modules };
  }

  it.each([
    [['check']],
    [['check', '--skip', 'pidns-create', '--output', 'json']],
    [['run', '--handoff-dir', path.join(dir, 'shared'), '--termination-log', path.join(dir, 'termination-log')]],
  ])('%j loads none of node\'s stream, net or child_process modules, and prints its report', async (args) => {
    if (args[0] === 'run') (await import('node:fs')).mkdirSync(path.join(dir, 'shared'), { recursive: true });
    const { run, modules } = await loaded(args);
    expect(run.exitCode, run.stderr).toBeLessThan(2);
    expect(run.stdout).toMatch(/verdict/);
    expect(modules).toContain('fs'); // the recorder saw the run
    expect(modules.filter((m) => NOT_ON_THE_HOT_PATH.includes(m))).toEqual([]);
  });

  it('help, a usage error and colour unpack the vendored yargs and chalk (zlib), and work', async () => {
    const help = await loaded(['check', '--help']);
    expect([help.run.exitCode, help.run.stdout]).toEqual([0, expect.stringMatching(/--skip/)]);
    expect(help.modules).toContain('zlib');
    const usage = await loaded(['check', '--bogus-option']);
    expect([usage.run.exitCode, usage.run.stderr]).toEqual([2, expect.stringMatching(/Unknown argument.*bogus-option/)]);
    const colour = await runCli(['check', '--only', 'kernel'], { env: { FORCE_COLOR: '1' } });
    expect(colour.stdout).toContain('\u001b[32mPASS');
  });

  it('pidns-create spawns unshare without a deprecation warning, even under --pending-deprecation', async () => {
    const { run } = await loaded(['check', '--only', 'pidns-create', '--output', 'json'], '--pending-deprecation');
    expect(run.stderr).toBe('');
    expect(checkOf(JSON.parse(run.stdout), 'pidns-create').facts.direct).toMatchObject({ created: expect.any(Boolean) });
  });
});
