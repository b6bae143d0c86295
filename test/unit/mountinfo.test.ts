import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMountinfo } from '../../src/parse/mountinfo.js';

// The kernel's escaping (seq_escape / mangle_path): octal for space, tab, newline, backslash.
function escape(text: string): string {
  return text.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

describe('parseMountinfo', () => {
  it('reads a line of this host (no optional fields)', () => {
    const [m] = parseMountinfo('35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n');
    expect(m).toMatchObject({ mountId: 35, parentId: 31, root: '/', mountPoint: '/sys/fs/cgroup/memory', fsType: 'cgroup', optionalFields: [], superOptions: ['rw', 'memory'] });
  });

  it('reads any number of optional fields', () => {
    const [m] = parseMountinfo('1391 1302 0:356 /..  /x rw master:445 shared:7 propagate_from:2 unbindable - overlay overlay rw\n'.replace('  ', ' '));
    expect(m).toMatchObject({ root: '/..', optionalFields: ['master:445', 'shared:7', 'propagate_from:2', 'unbindable'], fsType: 'overlay' });
  });

  it('unescapes \\040-style escapes in paths and super options', () => {
    const [m] = parseMountinfo('40 31 0:37 /a\\040b /mnt/my\\040dir\\134x rw - fuse.sshfs user@host:/my\\040files rw,user_id=0,label=a\\054b\n');
    expect(m).toMatchObject({ root: '/a b', mountPoint: '/mnt/my dir\\x', source: 'user@host:/my files', superOptions: ['rw', 'user_id=0', 'label=a,b'] });
  });

  it('keeps super options that contain spaces', () => {
    const [m] = parseMountinfo('50 1 0:40 / /m rw - fuse app rw,name=two words,ro\n');
    expect(m?.superOptions).toEqual(['rw', 'name=two words', 'ro']);
  });

  it('drops malformed lines', () => {
    expect(parseMountinfo('garbage\n1 2 3\nx 1 0:1 / / rw - ext4 /dev/a rw\n35 31 0:32 / /m rw cgroup cgroup rw\n')).toEqual([]);
  });
});

describe('mountinfo properties', () => {
  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => Array.isArray(parseMountinfo(text))));
  });

  it('never throws on mountinfo-like lines', () => {
    const token = fc.constantFrom('-', '1', '0:1', '/', '/a\\040b', 'shared:1', 'rw', 'cgroup', '\\777', '\\', ' ', '');
    fc.assert(fc.property(fc.array(token, { maxLength: 14 }), (tokens) => Array.isArray(parseMountinfo(tokens.join(' ')))));
  });

  it('round-trips escaped paths, optional fields and super options', () => {
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
      const text = [m.mountId, m.parentId, '0:1', escape(m.root), escape(m.mountPoint), 'rw', ...m.optionalFields, '-', m.fsType, m.source, m.superOptions.join(',')].join(' ');
      const [parsed] = parseMountinfo(`${text}\n`);
      expect(parsed).toMatchObject(m);
    }));
  });
});
