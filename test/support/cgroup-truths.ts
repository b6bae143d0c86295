// What each cgroup fixture tree (test/fixtures/cgroup, each with a README saying where its shape
// comes from) truly holds: shared by the in-process check tests and the CLI tests over --root.
import path from 'node:path';

export const CGROUP_FIXTURES = path.resolve('test/fixtures/cgroup');

export interface CgroupTruth {
  fixture: string;
  version: string;
  limitBytes: number | null;
  limitSource: string | null;
  quotaMillicores: number | null;
  memoryCodes: string[];
}

const pod = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod4f6c1b0e_2d5e_4c8a_9a43_0c1f2b7e9d11.slice';
const colons =
  '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0c1f2b7e_9d11_4f6c_1b0e_2d5e4c8a9a43.slice/kubepods-burstable-pod0c1f2b7e_9d11_4f6c_1b0e_2d5e4c8a9a43.slice:cri-containerd:5e4c8a9a430c1f2b';

export const CGROUP_TRUTHS: CgroupTruth[] = [
  { fixture: 'v2-private-ns', version: 'v2', limitBytes: 268435456, limitSource: '/sys/fs/cgroup/memory.max', quotaMillicores: 500, memoryCodes: ['MEMORY_OOM_KILLED'] },
  { fixture: 'v2-host-parent-slice', version: 'v2', limitBytes: 536870912, limitSource: `/sys/fs/cgroup${pod}/memory.max`, quotaMillicores: 2000, memoryCodes: [] },
  { fixture: 'v2-max-everywhere', version: 'v2', limitBytes: null, limitSource: null, quotaMillicores: null, memoryCodes: ['MEMORY_UNLIMITED'] },
  { fixture: 'v1-cgroupns', version: 'v1', limitBytes: 201326592, limitSource: '/sys/fs/cgroup/memory/memory.stat (hierarchical_memory_limit)', quotaMillicores: 1500, memoryCodes: [] },
  {
    fixture: 'v1-host-colons',
    version: 'hybrid',
    limitBytes: 67108864,
    limitSource: `/sys/fs/cgroup/memory${colons}/memory.limit_in_bytes`,
    quotaMillicores: 250,
    memoryCodes: ['MEMORY_LIMIT_TOO_LOW', 'MEMORY_OOM_KILLED'],
  },
  {
    fixture: 'hybrid-memory-v1',
    version: 'hybrid',
    limitBytes: 134217728,
    limitSource: '/sys/fs/cgroup/memory/process_api/4c798aa0b3fe30200fccf465a0eae49d/memory.limit_in_bytes',
    quotaMillicores: 1000,
    memoryCodes: [],
  },
  {
    fixture: 'v1-cgroupns-remount',
    version: 'hybrid',
    limitBytes: 67108864,
    limitSource: '/sys/fs/cgroup/memory/memory.stat (hierarchical_memory_limit)',
    quotaMillicores: null,
    memoryCodes: ['MEMORY_LIMIT_TOO_LOW'],
  },
  { fixture: 'v1-use-hierarchy-off', version: 'v1', limitBytes: null, limitSource: null, quotaMillicores: null, memoryCodes: ['MEMORY_UNLIMITED'] },
  { fixture: 'hybrid-memory-v2', version: 'hybrid', limitBytes: 314572800, limitSource: '/sys/fs/cgroup/unified/app.slice/memory.max', quotaMillicores: 750, memoryCodes: [] },
];

/** Fixtures a check cannot read, and the message that must name the cause. */
export const CGROUP_ERRORS: [string, RegExp][] = [
  ['missing-cgroup-dir', /cannot find the cgroup directory \/sys\/fs\/cgroup\/memory\/gone\/ctr/],
  ['missing-proc-cgroup', /proc\/self\/cgroup: ENOENT/],
  ['no-cgroup-mounts', /no cgroup or cgroup2 file system/],
  ['garbage-values', /memory\.limit_in_bytes: "lots" is not a non-negative integer/],
];
