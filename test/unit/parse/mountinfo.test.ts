import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReadOnly, mountFor, parseMountinfo } from '../../../src/parse/mountinfo.js';

// The kernel's escaping (seq_escape / mangle_path): octal for space, tab, newline, backslash.
function escape(text: string): string {
  return text.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

const fixture = (name: string) => readFileSync(`test/fixtures/proc/${name}`, 'utf8');

describe('parseMountinfo', () => {
  it('parses the example of proc(5) with an optional field', () => {
    const [m] = parseMountinfo('36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n');
    expect(m).toEqual({
      mountId: 36, parentId: 35, devMajorMinor: '98:0', root: '/mnt1', mountPoint: '/mnt2',
      mountOptions: ['rw', 'noatime'], optionalFields: ['master:1'], fsType: 'ext3', source: '/dev/root',
      superOptions: ['rw', 'errors=continue'],
    });
  });

  it('takes any number of optional fields and octal escapes', () => {
    const [m] = parseMountinfo('1 2 0:3 /a\\040b /mnt/with\\040space\\011tab rw shared:5 master:2 propagate_from:1 unbindable - tmpfs my\\134src rw\n');
    expect(m?.optionalFields).toEqual(['shared:5', 'master:2', 'propagate_from:1', 'unbindable']);
    expect(m?.root).toBe('/a b');
    expect(m?.mountPoint).toBe('/mnt/with space\ttab');
    expect(m?.source).toBe('my\\src');
  });

  it('keeps super options that contain spaces', () => {
    const [m] = parseMountinfo('1 2 0:3 / /x rw - fuse.sshfs host:/p rw,user_id=0,subtype=a b\n');
    expect(m?.superOptions).toEqual(['rw', 'user_id=0', 'subtype=a b']);
  });

  it('unescapes super options after splitting them (\\054 is a comma inside a value)', () => {
    const [m] = parseMountinfo('40 31 0:37 / /m rw - fuse.sshfs h:/f rw,label=a\\054b,dir=/my\\040files\n');
    expect(m?.superOptions).toEqual(['rw', 'label=a,b', 'dir=/my files']);
  });

  it('drops malformed lines and keeps the rest', () => {
    const mounts = parseMountinfo('garbage\n1 2 0:3 / / rw - ext4 /dev/sda rw\nx y z\n3 1 0:4 / /p rw no-separator\n');
    expect(mounts.map((m) => m.mountPoint)).toEqual(['/']);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 3000 }), (s) => void parseMountinfo(s)));
  });

  it('never throws on mountinfo-like lines', () => {
    const token = fc.constantFrom('-', '1', '0:1', '/', '/a\\040b', 'shared:1', 'rw', 'cgroup', '\\777', '\\', ' ', '');
    fc.assert(fc.property(fc.array(token, { maxLength: 14 }), (tokens) => void parseMountinfo(tokens.join(' '))));
  });

  it('round-trips escaped paths, optional fields and super options with spaces', () => {
    const pathText = fc.string({ minLength: 1, maxLength: 20 }).map((s) => `/${s}`);
    const word = fc.stringMatching(/^[a-z0-9:_.]{1,10}$/);
    const line = fc.record({
      mountId: fc.nat(99999),
      parentId: fc.nat(99999),
      root: pathText,
      mountPoint: pathText,
      optionalFields: fc.array(word, { maxLength: 4 }),
      fsType: word,
      source: word,
      superOptions: fc.array(fc.stringMatching(/^[a-z0-9= ]{1,10}$/), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(line, (m) => {
      const fields = [m.mountId, m.parentId, '0:1', escape(m.root), escape(m.mountPoint), 'rw', ...m.optionalFields, '-', m.fsType, m.source];
      const [parsed] = parseMountinfo(`${[...fields, m.superOptions.join(',')].join(' ')}\n`);
      expect(parsed).toMatchObject(m);
    }));
  });
});

describe('mountFor and isReadOnly on captured tables', () => {
  it('host: /proc/sys is on the writable /proc mount', () => {
    const m = mountFor(parseMountinfo(fixture('mountinfo-host.txt')), '/proc/sys/kernel/ns_last_pid');
    expect(m?.mountPoint).toBe('/proc');
    expect(isReadOnly(m!)).toBe(false);
  });

  it('container-like: the read-only /proc/sys bind mount wins', () => {
    const m = mountFor(parseMountinfo(fixture('mountinfo-proc-sys-ro.txt')), '/proc/sys/kernel/ns_last_pid');
    expect(m?.mountPoint).toBe('/proc/sys');
    expect(isReadOnly(m!)).toBe(true);
  });

  it('a later mount on the same point stacks on top; prefixes need a path boundary', () => {
    const table = parseMountinfo([
      '1 0 0:1 / / rw - ext4 a rw',
      '2 1 0:2 / /proc rw - proc proc rw',
      '3 2 0:2 / /proc ro - proc proc rw',
      '4 1 0:3 / /procfoo rw - tmpfs t rw',
    ].join('\n'));
    expect(mountFor(table, '/proc/sys')?.mountId).toBe(3);
    expect(mountFor(table, '/procfoo/x')?.mountId).toBe(4);
  });
});
