// Parses /proc/<pid>/mountinfo (proc(5)):
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (1)(2) (3)   (4)   (5)      (6)      (7...)  -  (8)     (9)        (10)
// Paths are octal-escaped by the kernel (space → \040, tab → \011, newline → \012, \ → \134).
import { isDigits } from './text.js';

export interface MountInfo {
  mountId: number;
  parentId: number;
  devMajorMinor: string;
  /** The path inside the filesystem that is mounted here (for cgroups: the namespace's view). */
  root: string;
  /** Where it is mounted, as the reading process sees it. */
  mountPoint: string;
  mountOptions: string[];
  optionalFields: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

export function unescapeMountPath(text: string): string {
  // Most paths hold no escape: they skip the expression, compiled on its first use.
  return !text.includes('\\') ? text : text.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function parseLine(line: string): MountInfo | null {
  const fields = line.split(' ');
  const sep = fields.indexOf('-', 6);
  if (sep < 0 || fields.length < sep + 3) return null;
  const [id, parent, dev, root, point, opts] = fields;
  if (!isDigits(id ?? '') || !isDigits(parent ?? '')) return null;
  return {
    mountId: Number(id),
    parentId: Number(parent),
    devMajorMinor: dev ?? '',
    root: unescapeMountPath(root ?? ''),
    mountPoint: unescapeMountPath(point ?? ''),
    mountOptions: (opts ?? '').split(','),
    optionalFields: fields.slice(6, sep),
    fsType: fields[sep + 1] ?? '',
    source: unescapeMountPath(fields[sep + 2] ?? ''),
    // Super options are the rest of the line: some filesystems put spaces in them. Escaped
    // commas (\054) are part of a value, so split before unescaping.
    superOptions: fields.slice(sep + 3).join(' ').split(',').map(unescapeMountPath),
  };
}

/** Malformed lines are dropped: a partial table is more useful than none. */
export function parseMountinfo(text: string): MountInfo[] {
  return text.split('\n').flatMap((line) => {
    const mount = line.length > 0 ? parseLine(line) : null;
    return mount ? [mount] : [];
  });
}

function isUnder(file: string, mountPoint: string): boolean {
  return mountPoint === '/' || file === mountPoint || file.startsWith(`${mountPoint}/`);
}

/**
 * The mount a path lives on: the longest mount point that contains it; among equal mount points
 * the last one listed, because later mounts stack on top of earlier ones.
 */
export function mountFor(mounts: readonly MountInfo[], file: string): MountInfo | null {
  let best: MountInfo | null = null;
  for (const m of mounts) {
    if (isUnder(file, m.mountPoint) && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

export function isReadOnly(mount: MountInfo): boolean {
  return mount.mountOptions.includes('ro') || mount.superOptions.includes('ro');
}
