// Root-confined path resolution and the loaders' search rules, on temp-dir roots.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { rootFs } from '../../../src/probe/root-fs.js';
import { acceptsCacheFlags, type LdSoCache } from '../../../src/binary/format/ld-so-cache.js';
import { candidates, type LoadedObject, type LoaderConfig } from '../../../src/binary/library-search.js';
import { matchesGlob, parseLdSoConf } from '../../../src/parse/ld-so-conf.js';
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

describe('rootFs.readText in the root /', () => {
  it('lets the kernel resolve, and answers as the walk does in a root holding the same tree', async () => {
    root = imageRoot();
    const files = { '/etc/ld.so.conf': 'include /etc/ld.so.conf.d/*.conf\n', '/usr/lib/file': 'text' };
    // Relative links only: an absolute one means the root's top in one and / in the other.
    const links = { '/lib': 'usr/lib', '/opt/up': '../usr/lib/file', '/loop/a': 'b', '/loop/b': 'a', '/dangling': 'nowhere' };
    for (const [at, text] of Object.entries(files)) root.write(at, text);
    for (const [at, target] of Object.entries(links)) root.link(at, target);
    execFileSync('mkfifo', [`${root.dir}/fifo`]);
    const walked = rootFs(root.dir);
    const kernel = rootFs('/');
    const paths = ['/etc/ld.so.conf', '/lib/file', '/opt/up', '/usr/lib/../lib/file', '/usr/./lib//file', '/loop/a', '/dangling', '/usr/lib/file/x', '/usr/lib', '/fifo', '/nothing'];
    for (const p of paths) {
      const [a, b] = [await walked.readText(p), await kernel.readText(`${root.dir}${p}`)];
      expect([p, b.ok, b.ok ? b.value : b.code]).toEqual([p, a.ok, a.ok ? a.value : a.code]);
    }
  });
});

describe('library search order', () => {
  const cache: LdSoCache = { format: 'new', entries: [{ flags: 0x0303, name: 'liba.so', path: '/cached/liba.so', hwcap: 0n }] };
  const glibc: LoaderConfig = {
    kind: 'glibc',
    ldLibraryPath: ['/env'],
    cache,
    cacheError: null,
    acceptsCacheFlags: acceptsCacheFlags(62, 64),
    systemDirs: ['/sys'],
    systemRule: 'default-dirs',
    systemDirsFrom: 'loader',
    confDirs: ['/conf'],
    builtIn: () => false,
  };
  const exe = (o: Partial<LoadedObject>): LoadedObject => ({ path: '/app/bin/exe', runpath: null, rpath: null, neededBy: null, ...o });
  const paths = (config: LoaderConfig, obj: LoadedObject) => candidates(config, obj, 'liba.so').map((c) => `${c.foundBy}:${c.path}`);

  it('glibc: RPATH (inherited), LD_LIBRARY_PATH, own RUNPATH, ld.so.cache, default dirs; $ORIGIN expanded; never ld.so.conf', () => {
    const parent = exe({ rpath: ['$ORIGIN/../lib'] });
    const lib: LoadedObject = { path: '/app/lib/libb.so', runpath: null, rpath: ['/r'], neededBy: parent };
    expect(paths(glibc, lib)).toEqual([
      'rpath:/r/liba.so',
      'rpath:/app/lib/liba.so',
      'ld_library_path:/env/liba.so',
      'ld.so.cache:/cached/liba.so',
      'default-dirs:/sys/liba.so',
    ]);
    expect(paths(glibc, { ...lib, runpath: ['${ORIGIN}'] })).toEqual(['ld_library_path:/env/liba.so', 'runpath:/app/lib/liba.so', 'ld.so.cache:/cached/liba.so', 'default-dirs:/sys/liba.so']);
    expect(paths({ ...glibc, cache: null }, exe({}))).toEqual(['ld_library_path:/env/liba.so', 'default-dirs:/sys/liba.so']);
  });

  it('musl: LD_LIBRARY_PATH first, then RUNPATH or RPATH up the chain, then its path', () => {
    const musl: LoaderConfig = { ...glibc, kind: 'musl', cache: null, systemRule: 'musl-path' };
    const lib: LoadedObject = { path: '/l/x.so', runpath: ['/run'], rpath: ['/ignored'], neededBy: exe({ rpath: ['/exe'] }) };
    expect(paths(musl, lib)).toEqual(['ld_library_path:/env/liba.so', 'runpath:/run/liba.so', 'runpath:/exe/liba.so', 'musl-path:/sys/liba.so']);
  });

  it('a name with a slash is a path', () => {
    expect(candidates(glibc, exe({}), '/opt/liba.so')).toEqual([{ path: '/opt/liba.so', foundBy: 'path' }]);
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
