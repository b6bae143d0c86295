// Runs the shipped artifact as a real OCI container: the rootfs scripts/build-rootfs.sh lays out
// (the Dockerfile's final stage), runc's default spec, and only the edits a scenario names. Every
// container, bundle directory and cgroup it creates is removed again, also when a test fails.
import { execa } from 'execa';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { IMAGE } from './image.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CGROUP_ROOT = '/sys/fs/cgroup';
const RUN_TIMEOUT_MS = 30_000;

export interface BindMount {
  source: string;
  destination: string;
  readonly?: boolean;
}

/** What a scenario changes in runc's default spec; anything unset stays as `runc spec` has it. */
export interface ContainerSpec {
  /** Replaces the image's ENTRYPOINT, as a pod's `command` does. */
  command?: string[];
  /** Arguments after the ENTRYPOINT (a pod's `args`). */
  args: string[];
  env?: Record<string, string>;
  user?: { uid: number; gid: number };
  readonlyRoot?: boolean;
  /** Drop /proc/sys from readonlyPaths, as a privileged or `unmasked` pod has it. */
  procSysWritable?: boolean;
  /** Empty every capability set first (a pod's `capabilities.drop: [ALL]`). */
  dropAllCapabilities?: boolean;
  addCapabilities?: string[];
  /** Replaces every capability set, as `drop: [ALL], add: [...]` does. */
  capabilities?: string[];
  /** no_new_privs; runc's default spec sets it, a pod sets it only with allowPrivilegeEscalation: false. */
  noNewPrivileges?: boolean;
  memoryLimitBytes?: number;
  cgroupNamespace?: boolean;
  /** An OCI seccomp profile (`linux.seccomp`); runc's default spec has none. */
  seccomp?: object;
  /** Stay in the host's PID namespace, as a pod with `hostPID: true`. */
  hostPid?: boolean;
  /** A user namespace mapping container ids 0… onto host ids `hostId`…, as a pod with `hostUsers: false`. */
  userNamespace?: { hostId: number; size: number };
  binds?: BindMount[];
}

export interface ContainerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// The slice of the OCI runtime config (config.json) the scenarios edit.
interface OciConfig {
  process: {
    terminal: boolean;
    noNewPrivileges?: boolean;
    user: { uid: number; gid: number };
    args: string[];
    env: string[];
    capabilities: Record<'bounding' | 'effective' | 'permitted' | 'ambient', string[]>;
  };
  root: { path: string; readonly: boolean };
  mounts: { destination: string; type: string; source: string; options?: string[] }[];
  linux: {
    cgroupsPath?: string;
    resources: { memory?: { limit: number } };
    namespaces: { type: string }[];
    uidMappings?: IdMapping[];
    gidMappings?: IdMapping[];
    readonlyPaths: string[];
    seccomp?: object;
  };
}

interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

/**
 * A directory a container's mapped root can reach: mkdtemp makes 0700 ones, which ids of a user
 * namespace cannot traverse for their rootfs or bind sources.
 */
export async function traversableTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

/** Builds the image's filesystem into a fresh temporary directory; returns it. */
export async function buildRootfs(): Promise<string> {
  const parent = await traversableTempDir('preflight-rootfs-');
  const rootfs = path.join(parent, 'rootfs');
  try {
    await execa(path.join(REPO, 'scripts/build-rootfs.sh'), [rootfs]);
  } catch (err) {
    await rm(parent, { recursive: true, force: true });
    throw err;
  }
  return rootfs;
}

export async function removeRootfs(rootfs: string): Promise<void> {
  await rm(path.dirname(rootfs), { recursive: true, force: true });
}

function applySpec(config: OciConfig, rootfs: string, id: string, spec: ContainerSpec): void {
  const { process: proc, linux } = config;
  proc.terminal = false;
  proc.args = [...(spec.command ?? IMAGE.entrypoint), ...spec.args];
  // Only what the spec names: the host's env (NODE_EXTRA_CA_CERTS here) must not leak in.
  proc.env = ['PATH=/usr/local/bin:/usr/bin:/bin', ...Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`)];
  if (spec.user) proc.user = spec.user;
  if (spec.capabilities) {
    for (const set of ['bounding', 'effective', 'permitted', 'ambient'] as const) proc.capabilities[set] = [...spec.capabilities];
  }
  if (spec.noNewPrivileges !== undefined) proc.noNewPrivileges = spec.noNewPrivileges;
  if (spec.dropAllCapabilities) for (const set of Object.keys(proc.capabilities) as (keyof typeof proc.capabilities)[]) proc.capabilities[set] = [];
  for (const cap of spec.addCapabilities ?? []) {
    for (const set of ['bounding', 'effective', 'permitted'] as const) proc.capabilities[set].push(cap);
  }
  config.root = { path: rootfs, readonly: spec.readonlyRoot ?? config.root.readonly };
  for (const { source, destination, readonly } of spec.binds ?? []) {
    config.mounts.push({ source, destination, type: 'bind', options: ['rbind', readonly ? 'ro' : 'rw'] });
  }
  // One level below each hierarchy's root, named after the container, so cleanup knows it.
  linux.cgroupsPath = `/${id}`;
  if (spec.memoryLimitBytes !== undefined) linux.resources.memory = { limit: spec.memoryLimitBytes };
  if (spec.cgroupNamespace) linux.namespaces.push({ type: 'cgroup' });
  if (spec.hostPid) linux.namespaces = linux.namespaces.filter((ns) => ns.type !== 'pid');
  if (spec.seccomp) linux.seccomp = spec.seccomp;
  if (spec.userNamespace) {
    const mapping = [{ containerID: 0, hostID: spec.userNamespace.hostId, size: spec.userNamespace.size }];
    linux.namespaces.push({ type: 'user' });
    linux.uidMappings = mapping;
    linux.gidMappings = mapping;
  }
  if (spec.procSysWritable) linux.readonlyPaths = linux.readonlyPaths.filter((p) => p !== '/proc/sys');
}

async function writeBundle(rootfs: string, id: string, spec: ContainerSpec): Promise<string> {
  const bundle = await mkdtemp(path.join(os.tmpdir(), 'preflight-bundle-'));
  await execa('runc', ['spec', '--bundle', bundle]);
  const configPath = path.join(bundle, 'config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as OciConfig;
  applySpec(config, rootfs, id, spec);
  await writeFile(configPath, JSON.stringify(config, null, 2));
  return bundle;
}

/** runc deletes its cgroups on a clean exit; this catches the ones a killed run leaves behind. */
async function removeCgroups(id: string): Promise<void> {
  for (const hierarchy of readdirSync(CGROUP_ROOT)) {
    const dir = path.join(CGROUP_ROOT, hierarchy, id);
    if (existsSync(dir)) await rmdir(dir);
  }
}

let sequence = 0;

/** Runs `spec` in a new container with `use`, then removes the container, its cgroups and bundle. */
async function withContainer<T>(rootfs: string, spec: ContainerSpec, use: (id: string, bundle: string) => Promise<T>): Promise<T> {
  const id = `preflight-e2e-${process.pid}-${++sequence}`;
  const bundle = await writeBundle(rootfs, id, spec);
  try {
    return await use(id, bundle);
  } finally {
    await execa('runc', ['delete', '--force', id], { reject: false });
    await removeCgroups(id);
    await rm(bundle, { recursive: true, force: true });
  }
}

function exited(id: string, result: { timedOut: boolean; exitCode?: number; stdout: string; stderr: string }): ContainerResult {
  if (result.timedOut) throw new Error(`container ${id} did not exit within ${RUN_TIMEOUT_MS} ms`);
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the image's ENTRYPOINT with `spec` in a new container and waits for it to exit. */
export async function runContainer(rootfs: string, spec: ContainerSpec): Promise<ContainerResult> {
  return withContainer(rootfs, spec, async (id, bundle) =>
    exited(id, await execa('runc', ['run', '--bundle', bundle, id], { reject: false, stdin: 'ignore', timeout: RUN_TIMEOUT_MS })),
  );
}

export interface HeldContainer {
  /** The container's ID, as runc (or a CRI client) names it. */
  id: string;
  /** The container's process in the host's PID namespace. */
  pid: number;
  /** The first line it printed. */
  firstLine: string;
}

/**
 * Runs `spec` with its stdin open, so a process that waits for the end of stdin stays alive while
 * `use` inspects it from the host; then closes stdin and waits for the container to exit.
 */
export async function holdContainer<T>(rootfs: string, spec: ContainerSpec, use: (held: HeldContainer) => Promise<T>): Promise<T> {
  return withContainer(rootfs, spec, async (id, bundle) => {
    const run = execa('runc', ['run', '--bundle', bundle, id], { reject: false, stdin: 'pipe', timeout: RUN_TIMEOUT_MS, lines: false });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: run.stdout }).once('line', resolve);
        void run.then((r) => reject(new Error(`container ${id} exited before printing: ${r.stderr}`)));
      });
      const state = JSON.parse((await execa('runc', ['state', id])).stdout) as { pid: number };
      return await use({ id, pid: state.pid, firstLine });
    } finally {
      run.stdin.end();
      exited(id, await run);
    }
  });
}

/** Cgroups this process's containers left behind (should be none). */
export function leftoverCgroups(): string[] {
  const prefix = `preflight-e2e-${process.pid}-`;
  return readdirSync(CGROUP_ROOT).flatMap((h) => {
    const dir = path.join(CGROUP_ROOT, h);
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(prefix)).map((n) => path.join(dir, n)) : [];
  });
}
