import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeFile, writeFileAtomic } from '../../../src/handoff/atomic-file.js';
import { renderEnvFile } from '../../../src/handoff/env-file.js';
import { writeHandoff, type HandoffPlan } from '../../../src/handoff/handoff.js';

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
  ...over,
});

describe('writeFileAtomic', () => {
  it('a reader polling in a loop only ever sees a whole old or whole new file', async () => {
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
    for (let i = 0; !finished; i++) await writeFileAtomic(dir, 'preflight.json', versions[i % 2]!);
    const { reads, torn, seen } = await done;
    expect(reads).toBeGreaterThan(10);
    expect(torn).toEqual([]);
    expect(seen.sort()).toEqual(['A', 'B']);
  });

  it('writes mode 0644 whatever the umask, and leaves no temporary file', async () => {
    const old = process.umask(0o077);
    try {
      await writeFileAtomic(dir, 'x', 'hello');
    } finally {
      process.umask(old);
    }
    expect((await stat(path.join(dir, 'x'))).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['x']);
  });

  it('replaces a planted symlink instead of writing through it', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'victim-'));
    try {
      await writeFile(path.join(outside, 'victim'), 'untouched');
      await symlink(path.join(outside, 'victim'), path.join(dir, 'preflight.env'));
      await writeFileAtomic(dir, 'preflight.env', 'new');
      expect((await lstat(path.join(dir, 'preflight.env'))).isSymbolicLink()).toBe(false);
      expect(await readFile(path.join(dir, 'preflight.env'), 'utf8')).toBe('new');
      expect(await readFile(path.join(outside, 'victim'), 'utf8')).toBe('untouched');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('removes its temporary file when the rename fails', async () => {
    await mkdir(path.join(dir, 'taken'));
    await writeFile(path.join(dir, 'taken', 'f'), 'x');
    await expect(writeFileAtomic(dir, 'taken', 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('removeFile removes a symlink itself, never its target', async () => {
    await writeFile(path.join(dir, 'target'), 'keep');
    await symlink(path.join(dir, 'target'), path.join(dir, 'disable_pid_ns'));
    expect(await removeFile(dir, 'disable_pid_ns')).toBe(true);
    expect(await readdir(dir)).toEqual(['target']);
    expect(await removeFile(dir, 'disable_pid_ns')).toBe(false);
  });
});

describe('writeHandoff', () => {
  it('degraded: flag with one reason per line, env and json', async () => {
    const summary = await writeHandoff(plan());
    expect(summary).toMatchObject({ flagWritten: true, flagRemoved: false, error: null, files: ['disable_pid_ns', 'preflight.env', 'preflight.json'] });
    expect(await readFile(path.join(dir, 'disable_pid_ns'), 'utf8')).toBe('NS_LAST_PID_READ_ONLY\nPIDNS_HOST\n');
    expect(await readFile(path.join(dir, 'preflight.env'), 'utf8')).toBe("PREFLIGHT_VERDICT='degraded'\n");
    expect(JSON.parse(await readFile(path.join(dir, 'preflight.json'), 'utf8')).handoff.flagWritten).toBe(true);
  });

  it('ready removes a stale flag and touches no other name', async () => {
    await writeFile(path.join(dir, 'disable_pid_ns'), 'OLD\n');
    await writeFile(path.join(dir, 'disable_pid_ns.bak'), 'keep');
    const summary = await writeHandoff(plan({ verdict: 'ready', reasons: [] }));
    expect(summary).toMatchObject({ flagWritten: false, flagRemoved: true, error: null });
    expect((await readdir(dir)).sort()).toEqual(['disable_pid_ns.bak', 'preflight.env', 'preflight.json']);
  });

  it('a missing directory or a file in its place is an error, not an exception', async () => {
    expect((await writeHandoff(plan({ dir: path.join(dir, 'nope') }))).error).toMatch(/^ENOENT/);
    await writeFile(path.join(dir, 'file'), '');
    expect((await writeHandoff(plan({ dir: path.join(dir, 'file') }))).error).toMatch(/^ENOTDIR/);
  });
});

describe('renderEnvFile', () => {
  it('single-quotes values so the file is safe to source', () => {
    expect(renderEnvFile([['A', "it's $HOME `x`"], ['B', '']])).toBe("A='it'\\''s $HOME `x`'\nB=''\n");
  });
});
