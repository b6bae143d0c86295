// The single executable (npm run build:sea → dist/init-preflight) on a machine without Node:
// PATH holds no `node`, only the tools the checks call, and the binary still runs check and scan.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E, type ReportJson } from '../support/e2e.js';

const SEA = path.resolve('dist/init-preflight');

describeE2E('the single executable without node on PATH', { root: true, tools: ['unshare'], paths: [SEA] }, () => {
  let bin = '';

  beforeAll(async () => {
    bin = await mkdtemp(path.join(os.tmpdir(), 'preflight-nonode-'));
    await symlink(execFileSync('sh', ['-c', 'command -v unshare'], { encoding: 'utf8' }).trim(), path.join(bin, 'unshare'));
  });

  afterAll(async () => {
    if (bin) await rm(bin, { recursive: true, force: true });
  });

  const runSea = (args: string[]) => execa(SEA, args, { env: { PATH: bin }, extendEnv: false, reject: false, timeout: 30_000 });

  it('has no node to fall back on', async () => {
    expect((await execa('sh', ['-c', 'command -v node'], { env: { PATH: bin }, extendEnv: false, reject: false })).exitCode).not.toBe(0);
  });

  it('check: a JSON report with every check', async () => {
    const r = await runSea(['check', '--output', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ReportJson;
    expect(r.exitCode).toBe(report.exitCode);
    expect(report.checks.map((c) => c.id)).toContain('ns-last-pid');
    expect(report.checks.find((c) => c.id === 'pidns-create')?.status).not.toBe('error');
  });

  it('scan: rows, with the host\'s PID namespace among them', async () => {
    const r = await runSea(['scan', '--output', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { rows: { pidNamespace: number }[] };
    expect(report.rows.map((row) => row.pidNamespace)).toContain(0xeffffffc);
  });

  it('--version and usage errors behave as in the bundle', async () => {
    expect((await runSea(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await runSea(['bogus'])).exitCode).toBe(2);
  });
});
