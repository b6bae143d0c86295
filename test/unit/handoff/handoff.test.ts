import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderEnvFile } from '../../../src/handoff/env-file.js';
import { writeHandoff, type HandoffPlan } from '../../../src/handoff/handoff.js';
import { renderHolder, self } from '../../../src/handoff/holder.js';
import { LOCK_NAME } from '../../../src/handoff/lock.js';
import { createAbort } from '../../../src/core/abort.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'handoff-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = (over: Partial<HandoffPlan> = {}): HandoffPlan => ({
  dir,
  flagName: 'disable_pid_ns',
  verdict: 'degraded',
  reasons: ['NS_LAST_PID_READ_ONLY', 'PIDNS_HOST'],
  env: [['PREFLIGHT_VERDICT', 'degraded']],
  renderReport: (s) => JSON.stringify({ handoff: s }),
  deadline: Date.now() + 300,
  signal: new AbortController().signal,
  ...over,
});

const read = (name: string) => readFile(path.join(dir, name), 'utf8');
const listing = async () => (await readdir(dir)).sort();
const OLD = { disable_pid_ns: 'OLD\n', 'preflight.env': "PREFLIGHT_VERDICT='old'\n", 'preflight.json': '{"old":true}' };

async function plantOld(): Promise<void> {
  for (const [name, text] of Object.entries(OLD)) await writeFile(path.join(dir, name), text);
}

async function expectOldKept(): Promise<void> {
  for (const [name, text] of Object.entries(OLD)) expect(await read(name)).toBe(text);
}

/** The PID of a process that has exited and been reaped. */
function deadPid(): number {
  return Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"']).toString().trim());
}

describe('writeHandoff: one generation', () => {
  it('degraded: flag with one reason per line, env and json with the same generation; nothing else left', async () => {
    const summary = await writeHandoff(plan());
    expect(summary).toMatchObject({ flagWritten: true, flagRemoved: false, error: null, kept: [], files: ['disable_pid_ns', 'preflight.env', 'preflight.json'] });
    expect(summary.generation).toMatch(/^[0-9a-f]{16}$/);
    expect(await read('disable_pid_ns')).toBe('NS_LAST_PID_READ_ONLY\nPIDNS_HOST\n');
    expect(await read('preflight.env')).toBe(`PREFLIGHT_VERDICT='degraded'\nPREFLIGHT_GENERATION='${summary.generation}'\n`);
    expect(JSON.parse(await read('preflight.json')).handoff).toEqual(summary);
    expect(await listing()).toEqual(['disable_pid_ns', 'preflight.env', 'preflight.json']);
  });

  it('ready removes a stale flag and touches no other name', async () => {
    await writeFile(path.join(dir, 'disable_pid_ns'), 'OLD\n');
    await writeFile(path.join(dir, 'disable_pid_ns.bak'), 'keep');
    const summary = await writeHandoff(plan({ verdict: 'ready', reasons: [] }));
    expect(summary).toMatchObject({ flagWritten: false, flagRemoved: true, error: null, files: ['preflight.env', 'preflight.json'] });
    expect(JSON.parse(await read('preflight.json')).handoff.flagRemoved).toBe(true);
    expect(await listing()).toEqual(['disable_pid_ns.bak', 'preflight.env', 'preflight.json']);
  });

  it('writes mode 0644 whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      await writeHandoff(plan());
    } finally {
      process.umask(old);
    }
    for (const name of await listing()) expect((await stat(path.join(dir, name))).mode & 0o777).toBe(0o644);
  });

  it('replaces a symlink planted at each name instead of writing through it', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'victim-'));
    try {
      for (const name of Object.keys(OLD)) {
        await writeFile(path.join(outside, name), 'untouched');
        await symlink(path.join(outside, name), path.join(dir, name));
      }
      expect((await writeHandoff(plan())).error).toBeNull();
      for (const name of Object.keys(OLD)) {
        expect((await lstat(path.join(dir, name))).isSymbolicLink()).toBe(false);
        expect(await readFile(path.join(outside, name), 'utf8')).toBe('untouched');
      }
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it.each(Object.keys(OLD))('a directory at %s: nothing is replaced and the summary says what is there', async (name) => {
    await plantOld();
    await rm(path.join(dir, name));
    await mkdir(path.join(dir, name));
    const summary = await writeHandoff(plan({ verdict: name === 'disable_pid_ns' ? 'ready' : 'degraded' }));
    expect(summary.error).toMatch(new RegExp(`^EISDIR: ${name.replace('.', '\\.')} in .* is a directory`));
    expect(summary).toMatchObject({ generation: null, files: [], flagWritten: false, flagRemoved: false, kept: Object.keys(OLD) });
    for (const [other, text] of Object.entries(OLD)) if (other !== name) expect(await read(other)).toBe(text);
    expect(await listing()).toEqual(Object.keys(OLD).sort());
  });

  it('a report that cannot be rendered replaces nothing', async () => {
    await plantOld();
    const summary = await writeHandoff(plan({ renderReport: () => { throw new Error('boom'); } }));
    expect(summary).toMatchObject({ error: 'EUNKNOWN: boom', files: [], kept: Object.keys(OLD) });
    await expectOldKept();
    expect(await listing()).toEqual(Object.keys(OLD).sort());
  });

  it.each([
    ['node\'s AbortController', () => new AbortController()],
    ['the run\'s own abort (core/abort.ts)', createAbort],
  ])('an interruption (%s) before the renames replaces nothing and leaves no temporary file or lock', async (_kind, make) => {
    await plantOld();
    const controller = make();
    controller.abort();
    const summary = await writeHandoff(plan({ signal: controller.signal }));
    expect(summary.error).toBe('interrupted before the files were replaced');
    await expectOldKept();
    expect(await listing()).toEqual(Object.keys(OLD).sort());
  });

  it('a missing directory or a file in its place is an error, not an exception', async () => {
    expect((await writeHandoff(plan({ dir: path.join(dir, 'nope') }))).error).toMatch(/^ENOENT/);
    await writeFile(path.join(dir, 'file'), '');
    expect((await writeHandoff(plan({ dir: path.join(dir, 'file') }))).error).toMatch(/^ENOTDIR/);
  });

  it('a reader polling in a loop only ever sees a whole old or whole new preflight.json', async () => {
    const file = path.join(dir, 'preflight.json');
    const versions = ['A', 'B'].map((c) => c.repeat(512 * 1024));
    await writeFile(file, versions[0]!);
    // A worker thread reads truly concurrently with the writes below.
    const reader = new Worker(
      `const { readFileSync } = require('node:fs'); const { workerData, parentPort } = require('node:worker_threads');
       const seen = new Set(); const torn = []; let reads = 0; const end = Date.now() + workerData.ms;
       while (Date.now() < end) { const t = readFileSync(workerData.file, 'utf8'); reads++;
         if (!workerData.ok.includes(t)) torn.push(t.length); seen.add(t[0]); }
       parentPort.postMessage({ reads, torn, seen: [...seen] });`,
      { eval: true, workerData: { file, ms: 1500, ok: versions } },
    );
    const done = new Promise<{ reads: number; torn: number[]; seen: string[] }>((resolve) => reader.once('message', resolve));
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 0; !finished; i++) await writeHandoff(plan({ renderReport: () => versions[i % 2]! }));
    const { reads, torn, seen } = await done;
    expect(reads).toBeGreaterThan(10);
    expect(torn).toEqual([]);
    expect(seen.sort()).toEqual(['A', 'B']);
  });
});

describe('writeHandoff: the lock', () => {
  const lockFile = () => path.join(dir, LOCK_NAME);

  it('a dead holder\'s lock is broken and exactly the temporary files it named are removed', async () => {
    const me = await self([]);
    const dead = { ...me, pid: deadPid(), temps: ['.preflight.env.preflight-tmp'] };
    await writeFile(lockFile(), renderHolder(dead));
    await writeFile(path.join(dir, '.preflight.env.preflight-tmp'), 'torn');
    await writeFile(path.join(dir, '.other.preflight-tmp'), 'not ours to remove');
    expect((await writeHandoff(plan())).error).toBeNull();
    expect(await listing()).toEqual(['.other.preflight-tmp', 'disable_pid_ns', 'preflight.env', 'preflight.json']);
  });

  it('a holder whose PID now names another process (other start time) is dead', async () => {
    await writeFile(lockFile(), renderHolder({ ...(await self([])), startTime: '1' }));
    expect((await writeHandoff(plan())).error).toBeNull();
    expect(await listing()).not.toContain(LOCK_NAME);
  });

  it('a live holder is waited for until the deadline, then nothing is replaced and its lock and temporary files stay', async () => {
    await plantOld();
    const live = renderHolder(await self([]));
    await writeFile(lockFile(), live);
    await writeFile(path.join(dir, '.preflight.json.preflight-tmp'), 'the holder is writing this');
    const started = Date.now();
    const summary = await writeHandoff(plan({ deadline: Date.now() + 200 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(summary.error).toMatch(/^EBUSY: the handoff directory stayed locked by PID \d+/);
    expect(summary.kept).toEqual(Object.keys(OLD));
    await expectOldKept();
    expect(await readFile(lockFile(), 'utf8')).toBe(live);
    expect(await read('.preflight.json.preflight-tmp')).toBe('the holder is writing this');
  });

  it('an unreadable lock (torn by a kill, or planted) is broken only once it is old', async () => {
    await writeFile(lockFile(), 'garbage');
    expect((await writeHandoff(plan({ deadline: Date.now() + 100 }))).error).toMatch(/^EBUSY/);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFile(), old, old);
    expect((await writeHandoff(plan())).error).toBeNull();
    expect(await listing()).toEqual(['disable_pid_ns', 'preflight.env', 'preflight.json']);
  });

  it('a planted lock naming files outside the temporary names removes nothing', async () => {
    await writeFile(path.join(dir, 'precious'), 'keep');
    await writeFile(lockFile(), JSON.stringify({ ...(await self([])), pid: deadPid(), temps: ['precious', '../x.preflight-tmp'] }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFile(), old, old);
    expect((await writeHandoff(plan())).error).toBeNull();
    expect(await read('precious')).toBe('keep');
  });
});

describe('renderEnvFile', () => {
  it('single-quotes values so the file is safe to source', () => {
    expect(renderEnvFile([['A', "it's $HOME `x`"], ['B', '']])).toBe("A='it'\\''s $HOME `x`'\nB=''\n");
  });
});
