// Variants of the cgroup fixture trees, made in a temp dir: a copy of a fixture with files and
// namespace links added or replaced, for the cases a captured tree does not show by itself.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CGROUP_FIXTURES } from './cgroup-truths.js';

export interface CgroupTreeSpec {
  /** A fixture of test/fixtures/cgroup to start from. */
  from?: string;
  /** Files by path inside the root, e.g. 'sys/fs/cgroup/pod/cpu.max'. */
  files?: Record<string, string>;
  /** proc/self/ns/cgroup's inode. */
  cgroupNamespace?: number;
}

export interface CgroupTree {
  dir: string;
  remove(): void;
}

export function cgroupTree(spec: CgroupTreeSpec): CgroupTree {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-cgtree-'));
  if (spec.from) cpSync(path.join(CGROUP_FIXTURES, spec.from), dir, { recursive: true, verbatimSymlinks: true });
  for (const [file, text] of Object.entries(spec.files ?? {})) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  if (spec.cgroupNamespace !== undefined) {
    const link = path.join(dir, 'proc/self/ns/cgroup');
    mkdirSync(path.dirname(link), { recursive: true });
    rmSync(link, { force: true });
    symlinkSync(`cgroup:[${spec.cgroupNamespace}]`, link);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A v1 cpu and pids hierarchy as runc mounts it in a container without a cgroup namespace: the
 * mount's root is the container's own cgroup, so the pod's quota above is out of sight; the
 * node's mounts (proc/self at node level, PID 77 the container) show it. proc/77/root is also
 * the tree of a check run inside the container (its own proc/self is there).
 */
export function v1RuncTree(): CgroupTree {
  const pod = 'kubepods/burstable/pod1';
  const ctr = `${pod}/ctr`;
  const mounts = (root: string) =>
    `30 22 0:28 ${root} /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n38 22 0:35 ${root} /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n`;
  return cgroupTree({
    files: {
      'proc/self/mountinfo': mounts('/'),
      'proc/self/cgroup': '0::/\n',
      'proc/77/mountinfo': mounts(`/${ctr}`),
      'proc/77/cgroup': `7:pids:/${ctr}\n3:cpu:/${ctr}\n`,
      'proc/77/root/proc/self/mountinfo': mounts(`/${ctr}`),
      'proc/77/root/proc/self/cgroup': `7:pids:/${ctr}\n3:cpu:/${ctr}\n`,
      [`sys/fs/cgroup/cpu/${pod}/cpu.cfs_quota_us`]: '150000\n',
      [`sys/fs/cgroup/cpu/${pod}/cpu.cfs_period_us`]: '100000\n',
      [`sys/fs/cgroup/cpu/${pod}/cpu.stat`]: 'nr_periods 90\nnr_throttled 12\nthrottled_time 80000000\n',
      [`sys/fs/cgroup/cpu/${ctr}/cpu.cfs_quota_us`]: '-1\n',
      [`sys/fs/cgroup/cpu/${ctr}/cpu.cfs_period_us`]: '100000\n',
      [`sys/fs/cgroup/cpu/${ctr}/cpu.stat`]: 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n',
      'sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n',
      'sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      [`sys/fs/cgroup/pids/${pod}/pids.max`]: '50\n',
      [`sys/fs/cgroup/pids/${pod}/pids.current`]: '3\n',
      [`sys/fs/cgroup/pids/${pod}/pids.events`]: 'max 0\n',
      [`sys/fs/cgroup/pids/${ctr}/pids.max`]: 'max\n',
      [`sys/fs/cgroup/pids/${ctr}/pids.current`]: '2\n',
      [`sys/fs/cgroup/pids/${ctr}/pids.events`]: 'max 0\n',
      // What the container sees at its mount points: its own cgroup's files only.
      'proc/77/root/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n',
      'proc/77/root/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      'proc/77/root/sys/fs/cgroup/cpu/cpu.stat': 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n',
      'proc/77/root/sys/fs/cgroup/pids/pids.max': 'max\n',
      'proc/77/root/sys/fs/cgroup/pids/pids.current': '2\n',
      'proc/77/root/sys/fs/cgroup/pids/pids.events': 'max 0\n',
    },
  });
}
