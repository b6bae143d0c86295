import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilityNames, CAPABILITY_NAMES, hasCapability } from '../../../src/parse/capabilities.js';
import { cpuListCount, parseProcStatus } from '../../../src/parse/proc-status.js';
import { parseUidMap } from '../../../src/parse/uid-map.js';

const fixture = (name: string) => readFileSync(`test/fixtures/proc/${name}`, 'utf8');

describe('parseProcStatus on captured status files', () => {
  it('host root: full caps but CAP_SYS_RESOURCE, no NNP, no seccomp', () => {
    const s = parseProcStatus(fixture('status-host-root.txt'));
    expect(s.capEff).toBe(0x1fffeffffffn);
    expect(capabilityNames(s.capEff!)).not.toContain('CAP_SYS_RESOURCE');
    expect(capabilityNames(s.capEff!)).toContain('CAP_CHECKPOINT_RESTORE');
    expect(s.noNewPrivs).toBe(false);
    expect(s.seccomp).toBe('disabled');
    expect(s.nspid).toHaveLength(1);
    expect(s.euid).toBe(0);
    expect(s.ppid).toBeGreaterThan(0);
  });

  it('the filesystem uid/gid and supplementary groups exec permission is decided for', () => {
    expect(parseProcStatus(fixture('status-host-root.txt'))).toMatchObject({ fsuid: 0, fsgid: 0, groups: [] });
    const app = parseProcStatus('Uid:\t1000\t1000\t1000\t1001\nGid:\t1000\t1000\t1000\t2000\nGroups:\t5 27 \n');
    expect(app).toMatchObject({ euid: 1000, fsuid: 1001, fsgid: 2000, groups: [5, 27] });
    expect(parseProcStatus('Uid:\t1\nGroups:\tx\n')).toMatchObject({ fsuid: null, fsgid: null, groups: null });
  });

  it('SYS_ADMIN dropped, CHECKPOINT_RESTORE kept', () => {
    const s = parseProcStatus(fixture('status-no-sysadmin.txt'));
    expect(hasCapability(s.capEff!, 21)).toBe(false);
    expect(hasCapability(s.capEff!, 40)).toBe(true);
    expect(s.nspid).toHaveLength(1);
  });

  it('both dropped', () => {
    const s = parseProcStatus(fixture('status-no-caps.txt'));
    expect(capabilityNames(s.capBnd!)).not.toContain('CAP_SYS_ADMIN');
    expect(capabilityNames(s.capBnd!)).not.toContain('CAP_CHECKPOINT_RESTORE');
  });

  it('seccomp filter and NoNewPrivs', () => {
    const s = parseProcStatus(fixture('status-seccomp-filter.txt'));
    expect(s.seccomp).toBe('filter');
    expect(s.noNewPrivs).toBe(true);
  });

  it('NSpid with several levels', () => {
    expect(parseProcStatus('NSpid:\t7560\t12\t1\n').nspid).toEqual([7560, 12, 1]);
  });

  it('malformed fields become null, never throw', () => {
    const s = parseProcStatus('CapEff:\tzzzz\nNSpid:\t1 x\nNoNewPrivs:\t7\nSeccomp:\t9\nUid:\t0\nPPid: -1\n');
    expect(s).toMatchObject({ capEff: null, nspid: null, noNewPrivs: null, seccomp: null, euid: null, ppid: null });
    expect(parseProcStatus('')).toMatchObject({ name: null, capBnd: null });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (text) => void parseProcStatus(text)));
  });
});

describe('cpuListCount (Cpus_allowed_list)', () => {
  it('counts the CPUs of a captured status and of every range form', () => {
    expect(parseProcStatus(fixture('status-host-root.txt')).cpusAllowed).toBe(2);
    expect(['0', '0-1', '0-3,8,10-11', '5-5', '0-127'].map(cpuListCount)).toEqual([1, 2, 7, 1, 128]);
  });

  it('any list of disjoint ranges counts as the set it names', () => {
    const ranges = fc.uniqueArray(fc.integer({ min: 0, max: 4095 }), { minLength: 1, maxLength: 40 }).map((cpus) => {
      const sorted = [...cpus].sort((a, b) => a - b);
      const parts: string[] = [];
      for (let i = 0; i < sorted.length; ) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
        parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
        i = j + 1;
      }
      return { list: parts.join(','), count: sorted.length };
    });
    fc.assert(
      fc.property(ranges, ({ list, count }) => {
        expect(cpuListCount(list)).toBe(count);
      }),
    );
  });

  it('malformed or missing is null', () => {
    expect([undefined, '', ',', '0-', '-1', '3-1', '0-1-2', 'a', '0,,1', ' 0'].map(cpuListCount)).toEqual(Array(10).fill(null));
  });
});

describe('capability names', () => {
  it('knows every capability through CAP_CHECKPOINT_RESTORE = 40', () => {
    expect(CAPABILITY_NAMES).toHaveLength(41);
    expect(CAPABILITY_NAMES[21]).toBe('CAP_SYS_ADMIN');
    expect(CAPABILITY_NAMES[40]).toBe('CAP_CHECKPOINT_RESTORE');
  });

  it('decodes runc\'s default CapEff 0x20000420', () => {
    expect(capabilityNames(0x20000420n)).toEqual(['CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_AUDIT_WRITE']);
  });

  it('reports unknown higher bits by number', () => {
    expect(capabilityNames((1n << 41n) | (1n << 63n) | 1n)).toEqual(['CAP_CHOWN', '41', '63']);
  });
});

describe('parseUidMap', () => {
  it('reads the ranges, skipping malformed lines', () => {
    expect(parseUidMap(fixture('uid_map-host.txt'))).toEqual([{ inside: 0, outside: 0, count: 4294967295 }]);
    expect(parseUidMap(fixture('uid_map-userns.txt'))).toEqual([{ inside: 0, outside: 0, count: 1 }]);
    expect(parseUidMap('garbage\n0 100000 65536\n')).toEqual([{ inside: 0, outside: 100000, count: 65536 }]);
    expect(parseUidMap('')).toEqual([]);
  });
});
