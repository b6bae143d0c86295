// Which mount holds a file of the target root, and whether it is noexec (path_noexec in
// fs/exec.c: exec of the file, or mapping it executable, fails with EACCES / EPERM there).
// From the node (--pid) the target's own mountinfo, whose mount points are relative to its root;
// otherwise this process's, in which the target root (`/` or --root) is a path like any other.
import path from 'node:path';
import { mountFor, parseMountinfo } from '../parse/mountinfo.js';
import { procPidPath, type ProbeContext } from '../probe/context.js';
import { readText } from '../probe/fs.js';

export interface MountOfFile {
  mountPoint: string;
  noexec: boolean;
}

/** Answers for paths resolved inside the root; null when mountinfo cannot be read. */
export type MountLookup = (resolvedPath: string) => MountOfFile | null;

export async function loadMountLookup(ctx: Pick<ProbeContext, 'procRoot' | 'pid' | 'targetRoot'>): Promise<{ lookup: MountLookup; error: string | null }> {
  const read = await readText(procPidPath(ctx, 'mountinfo'));
  if (!read.ok) return { lookup: () => null, error: `mountinfo: ${read.message}` };
  const mounts = parseMountinfo(read.value);
  const prefix = ctx.pid === 'self' ? ctx.targetRoot : '/';
  return {
    lookup: (resolvedPath) => {
      const mount = mountFor(mounts, path.join(prefix, resolvedPath));
      return mount && { mountPoint: mount.mountPoint, noexec: mount.mountOptions.includes('noexec') };
    },
    error: null,
  };
}
