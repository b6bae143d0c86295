import { describe, expect, it } from 'vitest';
import type { CgroupMountFields } from '../../../src/cgroup/mounts.js';
import { detectVersion, isReachable, levelsUnder, locateV1, locateV2 } from '../../../src/cgroup/mounts.js';
import { parseProcCgroup } from '../../../src/parse/proc-cgroup.js';

let nextId = 100;
function mount(mountPoint: string, fsType: string, root = '/', superOptions: string[] = [], parentId = 1): CgroupMountFields {
  return { mountId: nextId++, parentId, root, mountPoint, fsType, superOptions };
}

describe('detectVersion', () => {
  it('decides from fstypes', () => {
    expect(detectVersion([mount('/x', 'cgroup')])).toBe('v1');
    expect(detectVersion([mount('/x', 'cgroup2')])).toBe('v2');
    expect(detectVersion([mount('/a', 'cgroup'), mount('/b', 'cgroup2')])).toBe('hybrid');
    expect(detectVersion([mount('/sys/fs/cgroup', 'tmpfs')])).toBe('none');
  });
});

describe('levelsUnder', () => {
  const m = { root: '/', mountPoint: '/sys/fs/cgroup/memory' };
  it('walks from the leaf up to the mount point', () => {
    expect(levelsUnder(m, '/a/b')).toEqual(['/sys/fs/cgroup/memory/a/b', '/sys/fs/cgroup/memory/a', '/sys/fs/cgroup/memory']);
    expect(levelsUnder(m, '/')).toEqual(['/sys/fs/cgroup/memory']);
  });

  it('strips a mount root that is a prefix of the path', () => {
    expect(levelsUnder({ root: '/docker/abc', mountPoint: '/sys/fs/cgroup/memory' }, '/docker/abc')).toEqual(['/sys/fs/cgroup/memory']);
    expect(levelsUnder({ root: '/docker/abc', mountPoint: '/m' }, '/docker/abc/x')).toEqual(['/m/x', '/m']);
    expect(levelsUnder({ root: '/docker/ab', mountPoint: '/m' }, '/docker/abc')).toBeUndefined();
  });

  it('refuses mounts that do not show the path (inherited into a cgroup namespace)', () => {
    expect(levelsUnder({ root: '/..', mountPoint: '/m' }, '/')).toBeUndefined();
    expect(levelsUnder(m, '/../sibling')).toBeUndefined();
    expect(levelsUnder({ root: '/', mountPoint: '/sys/../../etc' }, '/a')).toBeUndefined();
  });

  it('keeps colons in directory names', () => {
    expect(levelsUnder(m, '/k.slice/c.scope:cri-containerd:ab')?.[0]).toBe('/sys/fs/cgroup/memory/k.slice/c.scope:cri-containerd:ab');
  });
});

describe('isReachable', () => {
  it('hides mounts below a tmpfs stacked over /sys/fs/cgroup', () => {
    const sys = { mountId: 1, parentId: 0, root: '/', mountPoint: '/sys', fsType: 'sysfs', superOptions: [] };
    const oldTmpfs = { mountId: 2, parentId: 1, root: '/', mountPoint: '/sys/fs/cgroup', fsType: 'tmpfs', superOptions: [] };
    const oldMemory = { mountId: 3, parentId: 2, root: '/..', mountPoint: '/sys/fs/cgroup/memory', fsType: 'cgroup', superOptions: ['rw', 'memory'] };
    const newTmpfs = { mountId: 4, parentId: 2, root: '/', mountPoint: '/sys/fs/cgroup', fsType: 'tmpfs', superOptions: [] };
    const newMemory = { mountId: 5, parentId: 4, root: '/', mountPoint: '/sys/fs/cgroup/memory', fsType: 'cgroup', superOptions: ['rw', 'memory'] };
    const all = [sys, oldTmpfs, oldMemory, newTmpfs, newMemory];
    expect(isReachable(oldMemory, all)).toBe(false);
    expect(isReachable(newMemory, all)).toBe(true);
    expect(isReachable(sys, all)).toBe(true);
  });

  it('survives a parent cycle', () => {
    const a = { mountId: 1, parentId: 2, root: '/', mountPoint: '/a', fsType: 'cgroup', superOptions: [] };
    const b = { mountId: 2, parentId: 1, root: '/', mountPoint: '/', fsType: 'ext4', superOptions: [] };
    expect(isReachable(a, [a, b])).toBe(true);
  });
});

describe('locate', () => {
  const entries = parseProcCgroup('4:memory:/kube/pod/ctr\n2:cpu,cpuacct:/kube/pod/ctr\n0::/kube/pod/ctr\n');

  it('finds the v1 hierarchy carrying the controller by super options', () => {
    const mounts = [mount('/sys/fs/cgroup/cpu,cpuacct', 'cgroup', '/', ['rw', 'cpu', 'cpuacct']), mount('/sys/fs/cgroup/memory', 'cgroup', '/', ['rw', 'memory'])];
    expect(locateV1(mounts, entries, 'memory')?.levels).toHaveLength(4);
    expect(locateV1(mounts, entries, 'cpu')?.mountPoint).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(locateV1(mounts, entries, 'pids')).toBeUndefined();
  });

  it('prefers the mount that shows more ancestors', () => {
    const mounts = [mount('/narrow', 'cgroup2', '/kube/pod'), mount('/wide', 'cgroup2', '/')];
    expect(locateV2(mounts, entries)?.mountPoint).toBe('/wide');
  });
});
