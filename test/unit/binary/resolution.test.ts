// Root-confined path resolution and the loaders' search rules, on temp-dir roots.
import { afterEach, describe, expect, it } from 'vitest';
import { rootFs } from '../../../src/probe/root-fs.js';
import { searchDirs, type LoadedObject, type LoaderConfig } from '../../../src/binary/library-search.js';
import { matchesGlob, parseLdSoConf } from '../../../src/parse/ld-so-conf.js';
import { parseShebang } from '../../../src/parse/shebang.js';
import { imageRoot, type ImageRoot } from '../../support/image-root.js';

let root: ImageRoot;
afterEach(() => root?.remove());

describe('rootFs.resolve', () => {
  it('follows relative and absolute links inside the root and clamps ..', async () => {
    root = imageRoot();
    root.write('/usr/lib/real.so', 'x');
    root.link('/lib', 'usr/lib');
    root.link('/opt/abs', '/lib/real.so');
    root.link('/opt/up', '../../../../lib/real.so');
    const fs = rootFs(root.dir);
    for (const p of ['/lib/real.so', '/opt/abs', '/opt/up', '/../../lib/./real.so']) {
      expect(await fs.resolve(p)).toMatchObject({ ok: true, value: { path: '/usr/lib/real.so', kind: 'file' } });
    }
  });

  it('reports loops, dangling links and files used as directories as errors', async () => {
    root = imageRoot();
    root.link('/a', 'b');
    root.link('/b', 'a');
    root.link('/dangling', '/nowhere');
    root.write('/file', 'x');
    const fs = rootFs(root.dir);
    expect(await fs.resolve('/a')).toMatchObject({ ok: false, code: 'ELOOP' });
    expect(await fs.resolve('/dangling')).toMatchObject({ ok: false, code: 'ENOENT' });
    expect(await fs.resolve('/file/x')).toMatchObject({ ok: false, code: 'ENOTDIR' });
  });
});

describe('library search order', () => {
  const glibc: LoaderConfig = { kind: 'glibc', ldLibraryPath: ['/env'], systemDirs: ['/sys'], builtIn: () => false };
  const exe = (o: Partial<LoadedObject>): LoadedObject => ({ path: '/app/bin/exe', runpath: null, rpath: null, neededBy: null, ...o });

  it('glibc: RPATH (inherited), LD_LIBRARY_PATH, own RUNPATH, system dirs; $ORIGIN expanded', () => {
    const parent = exe({ rpath: ['$ORIGIN/../lib'] });
    const lib: LoadedObject = { path: '/app/lib/liba.so', runpath: null, rpath: ['/r'], neededBy: parent };
    expect(searchDirs(glibc, lib)).toEqual(['/r', '/app/bin/../lib', '/env', '/sys']);
    expect(searchDirs(glibc, { ...lib, runpath: ['${ORIGIN}'] })).toEqual(['/env', '/app/lib', '/sys']);
  });

  it('musl: LD_LIBRARY_PATH first, then RUNPATH or RPATH up the chain', () => {
    const musl = { ...glibc, kind: 'musl' as const };
    const lib: LoadedObject = { path: '/l/x.so', runpath: ['/run'], rpath: ['/ignored'], neededBy: exe({ rpath: ['/exe'] }) };
    expect(searchDirs(musl, lib)).toEqual(['/env', '/run', '/exe', '/sys']);
  });
});

describe('ld.so.conf', () => {
  it('reads directories, relative includes, comments and skips hwcap', () => {
    const conf = parseLdSoConf('# c\ninclude ld.so.conf.d/*.conf\n/usr/local/lib  /opt/a,/opt/b:/opt/c=libc5\nhwcap 0 x\n', '/etc/ld.so.conf');
    expect(conf).toEqual({ includes: ['/etc/ld.so.conf.d/*.conf'], directories: ['/usr/local/lib', '/opt/a', '/opt/b', '/opt/c'] });
    expect(matchesGlob('libc.conf', '*.conf')).toBe(true);
    expect(matchesGlob('.hidden.conf', '*.conf')).toBe(false);
  });
});

describe('#! line', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('splits interpreter and one argument like binfmt_script', () => {
    expect(parseShebang(enc('#! /usr/bin/env  python3 -u\nx'))).toEqual({ interpreter: '/usr/bin/env', argument: 'python3 -u' });
    expect(parseShebang(enc('#!/bin/sh\n'))).toEqual({ interpreter: '/bin/sh', argument: null });
    expect(parseShebang(enc('#!\n'))).toBeNull();
    expect(parseShebang(enc(`#!/${'x'.repeat(300)}`))).toBeNull();
  });
});
