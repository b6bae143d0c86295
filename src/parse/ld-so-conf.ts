// /etc/ld.so.conf syntax (what ldconfig reads to build the cache glibc's loader searches):
// one directory per line (or several split by spaces, tabs, commas or colons), `#` comments,
// `include <glob>` lines (relative patterns are relative to the including file's directory)
// and `hwcap` lines, which are obsolete and ignored.
import path from 'node:path';
import { splitWhitespace } from './text.js';

export interface LdSoConf {
  directories: string[];
  includes: string[];
}

export function parseLdSoConf(text: string, confPath: string): LdSoConf {
  const conf: LdSoConf = { directories: [], includes: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const include = /^include\s+(.+)$/.exec(line);
    if (include) {
      const patterns = splitWhitespace(include[1]!);
      conf.includes.push(...patterns.map((p) => path.posix.resolve(path.posix.dirname(confPath), p)));
    } else if (!/^hwcap\s/.test(line)) {
      // libc5 allowed `dir=TYPE`; the type is ignored today.
      conf.directories.push(...line.split(/[\s,:]+/).map((d) => d.replace(/=.*$/, '')).filter((d) => d.startsWith('/')));
    }
  }
  return conf;
}

/** Whether a file name matches a glob's last component (`*`, `?` and literal text only). */
export function matchesGlob(name: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`).test(name) && !name.startsWith('.');
}
