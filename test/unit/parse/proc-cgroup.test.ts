import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseProcCgroup, unifiedEntry, v1EntryFor } from '../../../src/parse/proc-cgroup.js';

// Captured on this host (hybrid: v1 controllers plus an empty cgroup2 at /sys/fs/cgroup/unified).
const HOST = `9:name=systemd:/
8:pids:/
4:memory:/process_api/4c798aa0b3fe30200fccf465a0eae49d
2:cpu,cpuacct:/
0::/
`;

describe('parseProcCgroup', () => {
  it('reads v1 controller lists, named hierarchies and the v2 line', () => {
    const entries = parseProcCgroup(HOST);
    expect(entries).toHaveLength(5);
    expect(v1EntryFor(entries, 'memory')?.path).toBe('/process_api/4c798aa0b3fe30200fccf465a0eae49d');
    expect(v1EntryFor(entries, 'cpuacct')?.controllers).toEqual(['cpu', 'cpuacct']);
    expect(v1EntryFor(entries, 'name=systemd')?.hierarchyId).toBe(9);
    expect(unifiedEntry(entries)).toEqual({ hierarchyId: 0, controllers: [], path: '/' });
  });

  it('keeps colons inside paths', () => {
    const line = '4:memory:/kubepods.slice/kubepods-pod1.slice/cri-containerd-ab.scope:cri-containerd:ab\n';
    expect(parseProcCgroup(line)[0]?.path).toBe('/kubepods.slice/kubepods-pod1.slice/cri-containerd-ab.scope:cri-containerd:ab');
  });

  it('skips malformed lines', () => {
    expect(parseProcCgroup('garbage\nx:memory:/a\n4:memory\n4:memory:relative\n\n')).toEqual([]);
  });

  it('never throws and yields absolute paths', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => parseProcCgroup(text).every((e) => e.path.startsWith('/'))));
  });

  it('round-trips well-formed lines', () => {
    const entry = fc.record({
      hierarchyId: fc.integer({ min: 0, max: 99 }),
      controllers: fc.array(fc.stringMatching(/^[a-z_=]{1,12}$/), { maxLength: 3 }),
      path: fc.stringMatching(/^\/[^\n]{0,40}$/),
    });
    fc.assert(fc.property(fc.array(entry, { maxLength: 5 }), (entries) => {
      const text = entries.map((e) => `${e.hierarchyId}:${e.controllers.join(',')}:${e.path}`).join('\n');
      expect(parseProcCgroup(text)).toEqual(entries);
    }));
  });
});
