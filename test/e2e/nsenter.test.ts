// The node recipe of the README, end to end against a real runc container: scripts/preflight-
// nsenter.sh resolves the container with crictl (here a stand-in that asks runc), enters its
// namespaces but the mount namespace and checks it through --pid. The facts must be the
// container's (runc's default capabilities, read-only /proc/sys), not those of nsenter, which
// runs with all of the node's.
import { execa } from 'execa';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUNDLE, checkOf, describeE2E, type ReportJson } from '../support/e2e.js';
import { buildRootfs, holdContainer, removeRootfs, type ContainerSpec, type HeldContainer } from '../support/runc.js';

const SCRIPT = path.resolve('scripts/preflight-nsenter.sh');
// crictl inspect --output go-template --template '{{.info.pid}}' ID, answered from runc's state.
const FAKE_CRICTL = `#!/bin/sh
eval "id=\\\${$#}"
runc state "$id" | sed -n 's/^ *"pid": *\\([0-9]*\\),*$/\\1/p'
`;

describeE2E('the nsenter recipe against a runc container', { root: true, tools: ['runc', 'nsenter'] }, () => {
  let rootfs = '';
  let bin = '';

  beforeAll(async () => {
    rootfs = await buildRootfs();
    bin = await mkdtemp(path.join(os.tmpdir(), 'preflight-bin-'));
    await writeFile(path.join(bin, 'crictl'), FAKE_CRICTL);
    await chmod(path.join(bin, 'crictl'), 0o755);
  });

  afterAll(async () => {
    if (rootfs) await removeRootfs(rootfs);
    if (bin) await rm(bin, { recursive: true, force: true });
  });

  // A container that stays up until its stdin closes, as holdContainer expects.
  const WAITER: ContainerSpec = { command: ['/nodejs/bin/node', '-e', "console.log('up'); process.stdin.resume()"], args: [] };
  const withContainer = <T>(use: (c: HeldContainer) => Promise<T>): Promise<T> => holdContainer(rootfs, WAITER, use);

  async function recipe(target: string): Promise<ReportJson> {
    const env = { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/sbin:/usr/bin:/sbin:/bin`, INIT_PREFLIGHT: BUNDLE, NO_COLOR: '1' };
    const r = await execa(SCRIPT, [target, '--output', 'json'], { env, extendEnv: false, reject: false, timeout: 30_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ReportJson;
  }

  it('by container ID: the container\'s capabilities and read-only /proc/sys, not nsenter\'s', () => withContainer(async (container) => {
    const report = await recipe(container.id);
    expect(checkOf(report, 'capabilities').facts).toMatchObject({ effective: ['CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_AUDIT_WRITE'], hasSysAdmin: false });
    expect(checkOf(report, 'ns-last-pid').facts).toMatchObject({ tested: false, predictedWritable: false, readOnlyMount: true });
    expect(report.reasons).toContain('NS_LAST_PID_READ_ONLY');
    expect(checkOf(report, 'pid-namespace').findings.map((f) => f.code)).not.toContain('PIDNS_HOST');
  }));

  it('by PID: the same report', () => withContainer(async (container) => {
    const byId = await recipe(container.id);
    const byPid = await recipe(String(container.pid));
    expect(byPid.reasons).toEqual(byId.reasons);
    expect(checkOf(byPid, 'capabilities').facts).toEqual(checkOf(byId, 'capabilities').facts);
  }));

  it('an unknown container is a usage error', async () => {
    const r = await execa(SCRIPT, ['no-such-container'], { env: { PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin` }, extendEnv: false, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cannot resolve "no-such-container"/);
  });
});
