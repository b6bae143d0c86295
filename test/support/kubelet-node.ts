// A node laid out like the kubelet's, made of real processes: pods as PID namespaces whose
// processes sit in cgroups named as the kubelet and the runtimes name them (cgroupfs and systemd
// drivers), and /var/log/containers links in a --root whose proc and sys are the host's. Every
// process, cgroup and directory made here is removed by `remove()`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeCgroup } from './remove-cgroup.js';

export const CGROUP_V1 = '/sys/fs/cgroup';
const HIERARCHIES = ['memory', 'cpu', 'pids'] as const;

export interface ContainerSpec {
  name: string;
  /** Files written in the container's cgroups, e.g. { 'memory/memory.limit_in_bytes': '64M' }. */
  limits?: Record<string, string>;
}

export interface PodSpec {
  namespace: string;
  name: string;
  driver: 'cgroupfs' | 'systemd';
  qos: 'burstable' | 'besteffort';
  /** Limits on the pod's cgroup, as the kubelet sets them for the whole pod. */
  podLimits?: Record<string, string>;
  /** All containers share one PID namespace (shareProcessNamespace), the first one is PID 1. */
  containers: ContainerSpec[];
  /** Extra sleepers per container. */
  extraProcesses?: number;
}

export interface MadeContainer {
  name: string;
  id: string;
  cgroupPath: string;
}

export interface MadePod {
  spec: PodSpec;
  uid: string;
  containers: MadeContainer[];
}

export interface KubeletNode {
  root: string;
  pods: MadePod[];
  remove(): Promise<void>;
}

function podCgroupPath(top: string, pod: PodSpec, uid: string): string {
  if (pod.driver === 'cgroupfs') return `${top}/kubepods/${pod.qos}/pod${uid}`;
  const u = uid.replace(/-/g, '_');
  return `${top}/kubepods.slice/kubepods-${pod.qos}.slice/kubepods-${pod.qos}-pod${u}.slice`;
}

function containerCgroupPath(podPath: string, pod: PodSpec, id: string): string {
  return pod.driver === 'cgroupfs' ? `${podPath}/${id}` : `${podPath}/cri-containerd-${id}.scope`;
}

function writeLimits(cgroupPath: string, limits: Record<string, string> = {}): void {
  for (const [file, value] of Object.entries(limits)) {
    const [hierarchy, name] = file.split('/') as [string, string];
    writeFileSync(path.join(CGROUP_V1, hierarchy, cgroupPath, name), value);
  }
}

// Each container joins its cgroups from inside the pod's PID namespace ($$ is read there), then
// sleeps; the first container's shell becomes the namespace's PID 1 by exec.
function podScript(made: MadeContainer[], extra: number): string {
  const join = (c: MadeContainer): string => HIERARCHIES.map((h) => `echo $$ > ${path.join(CGROUP_V1, h, c.cgroupPath, 'cgroup.procs')}`).join(' && ');
  const sleepers = (n: number): string => Array.from({ length: n }, () => 'sleep 3600 &').join(' ');
  const others = made.slice(1).map((c) => `sh -c '${join(c)} || exit 1; ${sleepers(extra)} exec sleep 3600' &`);
  return `${join(made[0]!)} || exit 1; ${others.join(' ')} ${sleepers(extra)} exec sleep 3600`;
}

function writeLogLinks(root: string, pod: PodSpec, uid: string, made: MadeContainer[]): void {
  for (const c of made) {
    const podDir = `/var/log/pods/${pod.namespace}_${pod.name}_${uid}/${c.name}`;
    mkdirSync(path.join(root, podDir), { recursive: true });
    writeFileSync(path.join(root, podDir, '0.log'), '');
    symlinkSync(`${podDir}/0.log`, path.join(root, 'var/log/containers', `${pod.name}_${pod.namespace}_${c.name}-${c.id}.log`));
  }
}

/** Cgroup directories under `top` in every hierarchy, deepest first. */
function cgroupDirs(top: string): string[] {
  const dirs: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(dir, entry.name));
    dirs.push(dir);
  };
  for (const h of HIERARCHIES) if (existsSync(path.join(CGROUP_V1, h, top))) walk(path.join(CGROUP_V1, h, top));
  return dirs;
}

function memberCount(c: MadeContainer): number {
  try {
    return readFileSync(path.join(CGROUP_V1, 'pids', c.cgroupPath, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

async function waitForMembers(made: MadeContainer[], perContainer: number): Promise<void> {
  for (let i = 0; i < 150 && made.some((c) => memberCount(c) < perContainer); i++) await sleep(20);
}

export async function makeKubeletNode(pods: PodSpec[]): Promise<KubeletNode> {
  const root = mkdtempSync(path.join(tmpdir(), 'preflight-node-'));
  const top = `init-preflight-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
  symlinkSync('/proc', path.join(root, 'proc'));
  symlinkSync('/sys', path.join(root, 'sys'));
  mkdirSync(path.join(root, 'var/log/containers'), { recursive: true });
  const children: ChildProcess[] = [];
  const made: MadePod[] = [];
  const remove = async (): Promise<void> => {
    for (const child of children) if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    for (const dir of cgroupDirs(top)) await removeCgroup(dir);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const pod of pods) {
      const uid = randomUUID();
      const podPath = podCgroupPath(top, pod, uid);
      const containers = pod.containers.map((c) => {
        const id = randomBytes(32).toString('hex');
        return { name: c.name, id, cgroupPath: containerCgroupPath(podPath, pod, id) };
      });
      for (const h of HIERARCHIES) for (const c of containers) mkdirSync(path.join(CGROUP_V1, h, c.cgroupPath), { recursive: true });
      writeLimits(podPath, pod.podLimits);
      pod.containers.forEach((c, i) => writeLimits(containers[i]!.cgroupPath, c.limits));
      writeLogLinks(root, pod, uid, containers);
      const child = spawn('unshare', ['--pid', '--fork', '--kill-child', 'sh', '-c', podScript(containers, pod.extraProcesses ?? 0)], { detached: true, stdio: 'ignore' });
      children.push(child);
      made.push({ spec: pod, uid, containers });
      await waitForMembers(containers, 1 + (pod.extraProcesses ?? 0));
    }
  } catch (err) {
    await remove();
    throw err;
  }
  return { root, pods: made, remove };
}
