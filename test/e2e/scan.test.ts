// scan on a node laid out like the kubelet's (test/support/kubelet-node.ts): real processes in
// PID namespaces and kubelet-named cgroups, names from /var/log/containers links under --root.
// Every row is checked against what the test made; the kernel supplies the rest.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScanRow } from '../../src/scan/assess.js';
import { describeE2E, runCli } from '../support/e2e.js';
import { CGROUP_V1, makeKubeletNode, type KubeletNode } from '../support/kubelet-node.js';

/** A row as the JSON carries it (the checks' details are not asserted here). */
type Row = Omit<ScanRow, 'checks'>;

interface ScanJson {
  command: string;
  processes: { listed: number; scanned: number; vanished: number; unreadable: Record<string, number> };
  containerNames: { found: number; error: string | null };
  rows: Row[];
}

const MiB = 2 ** 20;
const PREREQUISITES = { root: true, tools: ['unshare', 'lsns'], paths: [`${CGROUP_V1}/memory/cgroup.procs`, `${CGROUP_V1}/cpu/cgroup.procs`, `${CGROUP_V1}/pids/cgroup.procs`] };

describeE2E('scan on a kubelet-like node', PREREQUISITES, () => {
  let node: KubeletNode;

  beforeAll(async () => {
    node = await makeKubeletNode([
      {
        namespace: 'shop', name: 'checkout-7d9f', driver: 'cgroupfs', qos: 'burstable', extraProcesses: 2,
        podLimits: { 'memory/memory.limit_in_bytes': String(64 * MiB) },
        containers: [{ name: 'app', limits: { 'cpu/cpu.cfs_period_us': '100000', 'cpu/cpu.cfs_quota_us': '50000', 'pids/pids.max': '64' } }],
      },
      {
        namespace: 'web', name: 'frontend-5c8b', driver: 'systemd', qos: 'besteffort',
        containers: [{ name: 'nginx', limits: { 'memory/memory.limit_in_bytes': String(256 * MiB) } }, { name: 'log-shipper' }],
      },
    ]);
  }, 30_000);

  afterAll(async () => {
    await node?.remove();
  });

  const scanJson = async (): Promise<ScanJson> => {
    const run = await runCli(['scan', '--root', node.root, '--output', 'json'], { timeoutMs: 60_000 });
    expect(run.exitCode, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as ScanJson;
  };

  const rowOf = (report: ScanJson, id: string): Row => {
    const row = report.rows.find((r) => r.containerId === id);
    if (!row) throw new Error(`no row for container ${id}`);
    return row;
  };

  it('names each container from the log links and its cgroup (cgroupfs driver), with the pod\'s limits', async () => {
    const report = await scanJson();
    const [checkout] = node.pods;
    const row = rowOf(report, checkout!.containers[0]!.id);
    expect(row).toMatchObject({
      namespace: 'shop', pod: 'checkout-7d9f', container: 'app', podUid: checkout!.uid, comm: 'sleep', processes: 3,
      memoryLimitBytes: { value: 64 * MiB }, cpuLimitMillicores: { value: 500 }, pidsMax: { value: 64 },
      verdict: 'blocked', reasons: ['MEMORY_LIMIT_TOO_LOW'],
    });
    expect(row.pidNamespace).not.toBe(0xeffffffc);
  });

  it('splits a shared PID namespace by container (systemd driver scopes)', async () => {
    const report = await scanJson();
    const [, frontend] = node.pods;
    const [nginx, shipper] = frontend!.containers.map((c) => rowOf(report, c.id));
    expect(nginx).toMatchObject({ namespace: 'web', pod: 'frontend-5c8b', container: 'nginx', podUid: frontend!.uid, memoryLimitBytes: { value: 256 * MiB }, verdict: 'ready' });
    expect(shipper).toMatchObject({ container: 'log-shipper', memoryLimitBytes: { value: null }, verdict: 'ready' });
    expect(shipper!.pidNamespace).toBe(nginx!.pidNamespace);
    expect(nginx!.pid).toBeLessThan(shipper!.pid);
  });

  it('finds every PID namespace lsns finds, with the same process counts', async () => {
    const report = await scanJson();
    const lsns = JSON.parse(execFileSync('lsns', ['-t', 'pid', '--json', '-o', 'NS,NPROCS'], { encoding: 'utf8' })) as { namespaces: { ns: number; nprocs: number }[] };
    const ours = new Map<number, number>();
    for (const r of report.rows) ours.set(r.pidNamespace, (ours.get(r.pidNamespace) ?? 0) + r.processes);
    for (const pod of node.pods) {
      const ns = rowOf(report, pod.containers[0]!.id).pidNamespace;
      expect(ours.get(ns)).toBe(lsns.namespaces.find((n) => Number(n.ns) === ns)?.nprocs);
    }
    expect(report.processes.scanned).toBeGreaterThan(0);
  });

  it('text: worst first; prometheus: labelled samples for each container', async () => {
    const text = await runCli(['scan', '--root', node.root]);
    expect(text.exitCode, text.stderr).toBe(0);
    console.log(text.stdout);
    const lines = text.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('VERDICT'));
    expect(lines[header + 1]).toMatch(/^BLOCKED\s+shop\/checkout-7d9f\/app\s/);
    const prom = await runCli(['scan', '--root', node.root, '--output', 'prometheus']);
    expect(prom.stdout).toMatch(/^init_preflight_verdict\{namespace="shop",pod="checkout-7d9f",container="app",container_id="[0-9a-f]{64}",pid_namespace="\d+"\} 2$/m);
    expect(prom.stdout).toMatch(/^init_preflight_memory_limit_bytes\{namespace="web",pod="frontend-5c8b",container="nginx",.*\} 268435456$/m);
    expect(prom.stdout.match(/^# TYPE init_preflight_verdict gauge$/gm)).toHaveLength(1);
  });
});
