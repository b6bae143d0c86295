// The default directories compiled into a glibc loader, read from the loader itself.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { glibcSystemDirs } from '../../../../src/binary/format/glibc-system-dirs.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const HOST_LOADER = '/lib64/ld-linux-x86-64.so.2';

describe('glibcSystemDirs', () => {
  it('Debian and Fedora layouts, among other strings', () => {
    expect(glibcSystemDirs(bytes('\0ld.so.cache\0/etc/\0x\0/lib/x86_64-linux-gnu/\0/usr/lib/x86_64-linux-gnu/\0/lib/\0/usr/lib/\0\0rest'))).toEqual([
      '/lib/x86_64-linux-gnu',
      '/usr/lib/x86_64-linux-gnu',
      '/lib',
      '/usr/lib',
    ]);
    expect(glibcSystemDirs(bytes('\x7fELF\0/lib64/\0/usr/lib64/\0'))).toEqual(['/lib64', '/usr/lib64']);
  });

  it('a single directory string or none is not the list', () => {
    expect(glibcSystemDirs(bytes('\0/etc/\0LD_LIBRARY_PATH\0'))).toBeNull();
    expect(glibcSystemDirs(bytes('musl'))).toBeNull();
  });

  it.runIf(existsSync(HOST_LOADER))("this machine's loader: what its own --help lists", () => {
    const help = execFileSync(HOST_LOADER, ['--help'], { encoding: 'utf8' });
    const listed = [...help.matchAll(/^\s+(\S+) \(system search path\)$/gm)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    expect(glibcSystemDirs(readFileSync(HOST_LOADER))).toEqual(listed);
  });
});
