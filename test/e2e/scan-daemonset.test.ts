// k8s-examples/daemonset-scan.yaml's container, as runc runs it: the image, the manifest's own
// args (one round: no --interval), the host's PID namespace, the host's / read-only at /host, a
// writable textfile directory, uid 0 with SYS_PTRACE as the only capability and a read-only root.
// It must write the textfile with a row for a PID namespace made here; without SYS_PTRACE, the
// other processes' /proc entries are unreadable, so the manifest's one capability is needed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../support/e2e.js';
import { loadManifests, podSpecOf } from '../support/k8s-manifests.js';
import { buildRootfs, removeRootfs, runContainer } from '../support/runc.js';

const manifest = loadManifests().find((m) => m.file === 'daemonset-scan.yaml' && m.kind === 'DaemonSet')!;
const container = podSpecOf(manifest)!.containers[0]!;

/** The manifest's args for one round. */
function oneRound(args: readonly string[]): string[] {
  const i = args.indexOf('--interval');
  return i < 0 ? [...args] : [...args.slice(0, i), ...args.slice(i + 2)];
}

const sample = (text: string, name: string, labels: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describeE2E('daemonset-scan.yaml in a runc container', { root: true, tools: ['runc', 'unshare'] }, () => {
  let rootfs = '';
  let textfile = '';
  let pod: ChildProcess;
  let podNamespace = '';

  beforeAll(async () => {
    rootfs = await buildRootfs();
    textfile = await mkdtemp(path.join(os.tmpdir(), 'preflight-textfile-'));
    pod = spawn('unshare', ['--pid', '--fork', '--kill-child', 'sleep', '600'], { stdio: 'ignore' });
    // The sleeper is unshare's child, PID 1 of the new namespace.
    for (let i = 0; i < 50 && !podNamespace; i++) {
      await sleep(20);
      const child = (await readFile(`/proc/${pod.pid}/task/${pod.pid}/children`, 'utf8').catch(() => '')).trim().split(' ')[0];
      if (child) podNamespace = await readlink(`/proc/${child}/ns/pid`);
    }
  });

  afterAll(async () => {
    pod?.kill('SIGKILL');
    if (rootfs) await removeRootfs(rootfs);
    if (textfile) await rm(textfile, { recursive: true, force: true });
  });

  const runScan = (capabilities: string[]) =>
    runContainer(rootfs, {
      args: oneRound(container.args!),
      user: { uid: 0, gid: 0 },
      capabilities,
      readonlyRoot: true,
      hostPid: true,
      binds: [{ source: '/', destination: '/host', readonly: true }, { source: textfile, destination: '/textfile' }],
    });

  it('writes the textfile, with a row for a PID namespace on the node', async () => {
    const result = await runScan(['CAP_SYS_PTRACE']);
    expect(result.exitCode, result.stderr).toBe(0);
    const text = await readFile(path.join(textfile, 'init_preflight.prom'), 'utf8');
    const inode = /\[(\d+)\]/.exec(podNamespace)![1]!;
    expect(sample(text, 'init_preflight_processes', `pid_namespace="${inode}"`)).toBe(1);
    expect(sample(text, 'init_preflight_verdict', 'pid_namespace="4026531836"')).toBeDefined();
    expect(sample(text, 'init_preflight_scan_processes', 'state="unreadable"') ?? 0).toBeLessThanOrEqual(1);
  });

  it('without SYS_PTRACE most processes are unreadable: the capability is needed', async () => {
    const result = await runScan([]);
    expect(result.exitCode, result.stderr).toBe(0);
    const text = await readFile(path.join(textfile, 'init_preflight.prom'), 'utf8');
    expect(sample(text, 'init_preflight_scan_processes', 'state="unreadable"')).toBeGreaterThan(10);
  });
});
