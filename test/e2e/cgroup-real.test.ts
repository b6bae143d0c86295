// The cgroup checks inside real v1 cgroups on this host (DESIGN §8): a memory cgroup with a
// limit (plus a cpu cgroup with a CFS quota), joined by the CLI's own process, then the same
// inside a cgroup namespace with a fresh cgroup mount. Every cgroup made here is removed.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { checkOf, describeE2E, runJson } from '../support/e2e.js';
import { removeCgroup } from '../support/remove-cgroup.js';

const MEMORY_ROOT = '/sys/fs/cgroup/memory';
const CPU_ROOT = '/sys/fs/cgroup/cpu';
const CHECKS = ['check', '--only', 'cgroup-memory,cgroup-cpu'];

// Joins the cgroups given as $1 and $2, then runs the rest: the CLI is the only member.
const JOIN = 'echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" && shift 2 && exec "$@"';
// Inside a new cgroup and mount namespace, hide the inherited cgroup mounts under a tmpfs and
// mount the memory hierarchy afresh: its root is then the namespace's root, as in a container.
const REMOUNT =
  'mount -t tmpfs tmpfs /sys/fs/cgroup && mkdir /sys/fs/cgroup/memory /sys/fs/cgroup/cpu && ' +
  'mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory && mount -t cgroup -o cpu cgroup /sys/fs/cgroup/cpu && exec "$@"';

let serial = 0;
const created: string[] = [];

function makeCgroup(parent: string, settings: Record<string, string> = {}): string {
  const dir = `${parent}/init-preflight-e2e-${process.pid}-${serial++}`;
  mkdirSync(dir);
  created.push(dir);
  for (const [file, value] of Object.entries(settings)) writeFileSync(`${dir}/${file}`, value);
  return dir;
}

afterEach(async () => {
  for (const dir of created.splice(0).reverse()) await removeCgroup(dir);
});

/** A memory cgroup limited to `memoryLimit`, or an unlimited child of one when `onParent`. */
function scenario(memoryLimit: string, onParent = false) {
  const limited = makeCgroup(MEMORY_ROOT, { 'memory.limit_in_bytes': memoryLimit });
  const memory = onParent ? makeCgroup(limited) : limited;
  const cpu = makeCgroup(CPU_ROOT, { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '50000' });
  return { limited, memory, cpu, join: ['sh', '-c', JOIN, 'sh', memory, cpu] };
}

async function checkIn(wrap: string[]) {
  const { run, report } = await runJson(CHECKS, { wrap });
  return { run, report, memory: checkOf(report, 'cgroup-memory'), cpu: checkOf(report, 'cgroup-cpu') };
}

const PREREQUISITES = { root: true, tools: ['sh', 'unshare', 'mount'], paths: [`${MEMORY_ROOT}/memory.limit_in_bytes`, `${CPU_ROOT}/cpu.cfs_quota_us`] };

describeE2E('cgroup checks in real v1 cgroups', PREREQUISITES, () => {
  it('64M: blocked, MEMORY_LIMIT_TOO_LOW, limitBytes 67108864', async () => {
    const { limited, join } = scenario('64M');
    const { run, report, memory, cpu } = await checkIn(join);
    expect(run.exitCode).toBe(1);
    expect(report.verdict).toBe('blocked');
    expect(report.reasons).toEqual(['MEMORY_LIMIT_TOO_LOW']);
    expect(memory.facts).toMatchObject({ version: 'hybrid', hierarchy: 'v1', limitBytes: 67108864, limitSource: `${limited}/memory.limit_in_bytes` });
    expect(cpu.facts).toMatchObject({ quotaMillicores: 500 });
  });

  it('256M: not blocked', async () => {
    const { join } = scenario('256M');
    const { run, report, memory } = await checkIn(join);
    expect(run.exitCode).toBe(0);
    expect(report.verdict).toBe('ready');
    expect(memory.facts.limitBytes).toBe(268435456);
    expect(memory.findings).toEqual([]);
  });

  it('64M inside a cgroup namespace with a fresh cgroup mount: blocked', async () => {
    const { join } = scenario('64M');
    const { run, memory, cpu } = await checkIn([...join, 'unshare', '--cgroup', '--mount', 'sh', '-c', REMOUNT, 'sh']);
    expect(run.exitCode).toBe(1);
    expect(memory.facts).toMatchObject({ path: '/', limitBytes: 67108864, limitSource: '/sys/fs/cgroup/memory/memory.limit_in_bytes' });
    expect(cpu.facts).toMatchObject({ path: '/', quotaMillicores: 500, source: '/sys/fs/cgroup/cpu/cpu.cfs_quota_us' });
  });

  it('256M inside a cgroup namespace: not blocked', async () => {
    const { join } = scenario('256M');
    const { run, memory } = await checkIn([...join, 'unshare', '--cgroup', '--mount', 'sh', '-c', REMOUNT, 'sh']);
    expect(run.exitCode).toBe(0);
    expect(memory.facts).toMatchObject({ path: '/', limitBytes: 268435456 });
  });

  it('a limit on the parent cgroup binds its unlimited child', async () => {
    const { limited, memory: child, join } = scenario('64M', true);
    const { run, memory } = await checkIn(join);
    expect(run.exitCode).toBe(1);
    expect(memory.facts).toMatchObject({ path: child.slice(MEMORY_ROOT.length), limitBytes: 67108864, limitSource: `${limited}/memory.limit_in_bytes` });
  });

  it('inside a cgroup namespace, a parent beyond the namespace root binds through hierarchical_memory_limit', async () => {
    const { join } = scenario('64M', true);
    const { run, memory } = await checkIn([...join, 'unshare', '--cgroup', '--mount', 'sh', '-c', REMOUNT, 'sh']);
    expect(run.exitCode).toBe(1);
    expect(memory.facts).toMatchObject({ path: '/', limitBytes: 67108864, limitSource: '/sys/fs/cgroup/memory/memory.stat (hierarchical_memory_limit)' });
  });

  it('--pid: a process inside a cgroup namespace, read through the host\'s own cgroup mounts', async () => {
    const { memory: dir, join } = scenario('64M');
    const report = await checkFromHost([...join, 'unshare', '--cgroup', '--mount', 'sh', '-c', REMOUNT, 'sh']);
    expect(checkOf(report, 'cgroup-memory').facts).toMatchObject({ path: dir.slice(MEMORY_ROOT.length), limitBytes: 67108864, limitSource: `${dir}/memory.limit_in_bytes` });
  });

  it('a CPU quota on the parent: hidden inside a container-like mount rooted at the child, and said so; --pid sees it', async () => {
    const memory = makeCgroup(MEMORY_ROOT, { 'memory.limit_in_bytes': '256M' });
    const parent = makeCgroup(CPU_ROOT, { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '50000' });
    const child = makeCgroup(parent);
    const container = ['sh', '-c', JOIN, 'sh', memory, child, 'unshare', '--cgroup', '--mount', 'sh', '-c', REMOUNT, 'sh'];
    const inside = await checkIn(container);
    expect(inside.cpu.facts).toMatchObject({ path: '/', quotaMillicores: null, ancestorsVisible: false });
    expect(inside.cpu.findings.map((f) => f.code)).toEqual(['CPU_LIMIT_NOT_VISIBLE']);
    const report = await checkFromHost(container);
    expect(checkOf(report, 'cgroup-cpu').facts).toMatchObject({ path: child.slice(CPU_ROOT.length), ancestorsVisible: true, quotaMillicores: 500, source: `${parent}/cpu.cfs_quota_us` });
  });
});

/** Runs `sleep` under the scenario's wrap and checks it from the host with --pid. */
async function checkFromHost(wrap: string[]) {
  const [cmd, ...args] = [...wrap, 'sleep', '30'];
  const target = spawn(cmd!, args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => target.once('exit', resolve));
  try {
    await waitForComm(target.pid!, 'sleep');
    return (await runJson([...CHECKS, '--pid', String(target.pid)])).report;
  } finally {
    target.kill();
    await exited;
  }
}

async function waitForComm(pid: number, comm: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return;
    await sleep(20);
  }
  throw new Error(`process ${pid} never became ${comm}`);
}
