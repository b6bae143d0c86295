// The trusted default directories a glibc loader was built with (SYSTEM_DIRS in dl-load.c,
// from trusted-dirs.h): one NUL-separated run of absolute directories, each ending in '/', in
// the loader's read-only data — "/lib/x86_64-linux-gnu/\0/usr/lib/x86_64-linux-gnu/\0/lib/\0
// /usr/lib/\0" on Debian, "/lib64/\0/usr/lib64/\0" on Fedora. Distributions differ (Debian's
// loader does not search /lib64), so the list is read from the root's own loader.

/** Bounds the scan; a glibc loader is a few hundred KiB. */
export const MAX_LOADER_BYTES = 8 * 1024 * 1024;

// Two or more "/dir/" strings back to back; directory names are plain path characters.
const SYSTEM_DIRS = /(?:\/[A-Za-z0-9_.+-]+(?:\/[A-Za-z0-9_.+-]+)*\/\0){2,}/;

/** The loader's default directories without their trailing '/', or null when none is found. */
export function glibcSystemDirs(loader: Uint8Array): string[] | null {
  const match = SYSTEM_DIRS.exec(new TextDecoder('latin1').decode(loader));
  if (!match) return null;
  return match[0].split('\0').filter((d) => d !== '').map((d) => d.slice(0, -1));
}
