// Where a process's cgroup lives in its filesystem: pure functions over parsed mountinfo and
// /proc/<pid>/cgroup (docs/design.md, "cgroups"). Both files show cgroup paths relative to the *reader's*
// cgroup namespace, so a mount's root field and a process's path can be compared directly.
import path from 'node:path';
import type { MountInfo } from '../parse/mountinfo.js';
import type { ProcCgroupEntry } from '../parse/proc-cgroup.js';
import { unifiedEntry, v1EntryFor } from '../parse/proc-cgroup.js';

/** The fields of a mountinfo line this module needs. */
export type CgroupMountFields = Pick<MountInfo, 'mountId' | 'parentId' | 'root' | 'mountPoint' | 'fsType' | 'superOptions'>;

export type CgroupVersion = 'v1' | 'v2' | 'hybrid' | 'none';
export type Hierarchy = 'v1' | 'v2';

/** The host's layout, from fstypes alone: paths lie (a v1 tree can be mounted anywhere). */
export function detectVersion(mounts: readonly CgroupMountFields[]): CgroupVersion {
  const v1 = mounts.some((m) => m.fsType === 'cgroup');
  const v2 = mounts.some((m) => m.fsType === 'cgroup2');
  if (v1 && v2) return 'hybrid';
  return v1 ? 'v1' : v2 ? 'v2' : 'none';
}

/** A cgroup directory as the target sees it, from the process's cgroup up to the mount root. */
export interface CgroupLocation {
  hierarchy: Hierarchy;
  mountPoint: string;
  /** The process's cgroup path from /proc/<pid>/cgroup. */
  cgroupPath: string;
  /** The mount's root field: `/` when the walk can reach the top of the reader's hierarchy. */
  mountRoot: string;
  /** Directories from the leaf (first) up to the mount point (last). */
  levels: string[];
}

/** The v1 hierarchy that carries `controller`, resolved for the process. */
export function locateV1(mounts: readonly CgroupMountFields[], entries: readonly ProcCgroupEntry[], controller: string): CgroupLocation | undefined {
  const entry = v1EntryFor(entries, controller);
  const candidates = mounts.filter((m) => m.fsType === 'cgroup' && m.superOptions.includes(controller));
  return entry && resolve('v1', candidates, mounts, entry.path);
}

/** The v2 hierarchy resolved for the process (whether `controller` is enabled there is I/O). */
export function locateV2(mounts: readonly CgroupMountFields[], entries: readonly ProcCgroupEntry[]): CgroupLocation | undefined {
  const entry = unifiedEntry(entries);
  const candidates = mounts.filter((m) => m.fsType === 'cgroup2');
  return entry && resolve('v2', candidates, mounts, entry.path);
}

function resolve(hierarchy: Hierarchy, candidates: readonly CgroupMountFields[], all: readonly CgroupMountFields[], cgroupPath: string): CgroupLocation | undefined {
  // The mount with the shortest root shows the most ancestors, so the walk sees more limits.
  const usable = candidates
    .filter((m) => isReachable(m, all))
    .map((m) => ({ m, levels: levelsUnder(m, cgroupPath) }))
    .filter((c): c is { m: CgroupMountFields; levels: string[] } => c.levels !== undefined)
    .sort((a, b) => b.levels.length - a.levels.length);
  const best = usable[0];
  return best && { hierarchy, mountPoint: best.m.mountPoint, cgroupPath, mountRoot: best.m.root, levels: best.levels };
}

/**
 * The directories of `cgroupPath` under this mount, leaf first, or undefined when the mount
 * does not show it: an inherited mount seen from inside a cgroup namespace has root `/..`.
 */
export function levelsUnder(mount: Pick<CgroupMountFields, 'root' | 'mountPoint'>, cgroupPath: string): string[] | undefined {
  const rel = relativeTo(mount.root, cgroupPath);
  // The kernel never prints `..` in a mount point; a --root tree that does could lead outside it.
  if (rel === undefined || mount.mountPoint.split('/').includes('..')) return undefined;
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return undefined;
  const levels: string[] = [];
  for (let depth = parts.length; depth >= 0; depth--) levels.push(path.posix.join(mount.mountPoint, ...parts.slice(0, depth)));
  return levels;
}

function relativeTo(root: string, cgroupPath: string): string | undefined {
  if (root === '/') return cgroupPath;
  if (cgroupPath === root) return '';
  return cgroupPath.startsWith(`${root}/`) ? cgroupPath.slice(root.length) : undefined;
}

/**
 * True when the mount can be reached by path: nothing is stacked on it and the mounts it sits
 * on are reachable too. A mount over an occupied point has the covered mount as its parent, so
 * a fresh tmpfs over /sys/fs/cgroup hides the cgroup mounts that were below the old one.
 */
export function isReachable(mount: CgroupMountFields, all: readonly CgroupMountFields[]): boolean {
  const byId = new Map(all.map((m) => [m.mountId, m]));
  const seen = new Set<number>();
  let child: CgroupMountFields | undefined;
  for (let m: CgroupMountFields | undefined = mount; m && !seen.has(m.mountId); child = m, m = byId.get(m.parentId)) {
    seen.add(m.mountId);
    const current = m;
    // Covered by something other than the path we came up by (a stack we are on top of).
    const covered = all.some((c) => c !== current && c !== child && c.parentId === current.mountId && c.mountPoint === current.mountPoint);
    if (covered) return false;
  }
  return true;
}
