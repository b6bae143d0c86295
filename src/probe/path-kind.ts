// What kind of path a probe is about to touch, decided on the text alone. These run for every file
// a check reads, so they are written out instead of as regular expressions, which cost every
// start-up their compilation (test/unit/probe/path-kind.test.ts checks them against the expressions).

const LINKS_OUT_OF_PROC = new Set(['root', 'cwd', 'fd', 'map_files']);

/** Where the first line terminator at or after `from` is, or Infinity. */
function lineTerminatorFrom(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) return i;
  }
  return Infinity;
}

/** `/^\/(proc|sys)(\/|$)/`. */
const onProcOrSys = (file: string): boolean => file === '/proc' || file === '/sys' || file.startsWith('/proc/') || file.startsWith('/sys/');

/**
 * `/^\/proc\/.*\/(root|cwd|fd|map_files)(\/|$)/`: a path through one of /proc's links into
 * another process's filesystem (`.` stops at a line terminator, so only slashes before one count).
 */
function throughProcLink(file: string): boolean {
  if (!file.startsWith('/proc/')) return false;
  const terminator = lineTerminatorFrom(file, 6);
  for (let slash = file.indexOf('/', 6); slash >= 0 && slash < terminator; slash = file.indexOf('/', slash + 1)) {
    const end = file.indexOf('/', slash + 1);
    if (LINKS_OUT_OF_PROC.has(file.slice(slash + 1, end < 0 ? undefined : end))) return true;
  }
  return false;
}

/**
 * A path on the live procfs or sysfs. Links out of /proc/<pid>/ (root, cwd, fd, map_files) lead
 * into other filesystems and do not count.
 */
export function isLiveKernelPath(file: string): boolean {
  return onProcOrSys(file) && !throughProcLink(file);
}

/**
 * Absolute with no empty, `.` or `..` component (a trailing slash allowed):
 * `/^\/(?:[^/]+\/)*[^/]*$/` and not `/\/\.\.?(?:\/|$)/`. Such a path joins a root by concatenation.
 */
export function isNormalAbsolute(file: string): boolean {
  return (
    file.startsWith('/') &&
    !file.includes('//') &&
    !file.includes('/./') &&
    !file.includes('/../') &&
    !file.endsWith('/.') &&
    !file.endsWith('/..')
  );
}
