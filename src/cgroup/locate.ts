// Finds the cgroup directories of the target process for one controller (memory, cpu, pids),
// and whether the walk from there can see every ancestor.
import path from 'node:path';
import { parseMountinfo } from '../parse/mountinfo.js';
import { parseProcCgroup } from '../parse/proc-cgroup.js';
import type { ProbeContext } from '../probe/context.js';
import { procPidPath } from '../probe/context.js';
import { readNamespaceInode, readProcText } from '../probe/proc.js';
import type { RootFs } from '../probe/root-fs.js';
import { CgroupReadError, readCgroupFile } from './files.js';
import type { CgroupLocation, CgroupVersion } from './mounts.js';
import { detectVersion, locateV1, locateV2 } from './mounts.js';
import { splitWhitespace } from '../parse/text.js';

/** The initial cgroup namespace's inode, a constant like the initial PID namespace's (proc_ns.h). */
export const INITIAL_CGROUP_NS_INODE = 0xeffffffb;

export interface ControllerView {
  version: CgroupVersion;
  /** Undefined when the controller is on no hierarchy the target can reach. */
  location: CgroupLocation | undefined;
  /** The filesystem the location's paths are in. */
  files: RootFs;
  /**
   * False when limits above the walk's top may exist unseen: the reader is in a cgroup
   * namespace, or the mount's root is a cgroup below the hierarchy's top (runc on v1). Null when
   * the reader's cgroup namespace cannot be read.
   */
  ancestorsVisible: boolean | null;
}

export async function locateController(ctx: ProbeContext, controller: string): Promise<ControllerView> {
  // At node level the node's own mounts show the target's whole path; the target's mounts, from
  // inside its container, may stop at its own cgroup. A tool that itself runs in a container
  // may not see the target's cgroup in its mounts: then the target's view is all there is.
  if (ctx.pid !== 'self') {
    const nodeView = await locateThrough(ctx, controller, 'self', ctx.toolRoot);
    if (nodeView.location) return nodeView;
  }
  return locateThrough(ctx, controller, ctx.pid, ctx.root);
}

async function locateThrough(ctx: ProbeContext, controller: string, mountsOf: 'self' | number, files: RootFs): Promise<ControllerView> {
  const [mountText, cgroupText, readerNamespace] = await Promise.all([
    readProc(ctx, mountsOf, 'mountinfo'),
    readProc(ctx, ctx.pid, 'cgroup'),
    readerInInitialNamespace(ctx),
  ]);
  const mounts = parseMountinfo(mountText);
  const entries = parseProcCgroup(cgroupText);
  const version = detectVersion(mounts);
  const view = (location?: CgroupLocation): ControllerView => {
    const ancestorsVisible = location === undefined ? null : location.mountRoot === '/' ? readerNamespace : false;
    return { version, location, files, ancestorsVisible };
  };
  // A controller is bound to one hierarchy at a time; a v1 mount that carries it wins.
  const v1 = locateV1(mounts, entries, controller);
  if (v1) return view(v1);
  const v2 = locateV2(mounts, entries);
  if (v2 && (await v2Enables(files, v2, controller))) return view(v2);
  return view();
}

async function readProc(ctx: ProbeContext, pid: 'self' | number, name: string): Promise<string> {
  const result = await readProcText(ctx, pid, name);
  if (!result.ok) throw new CgroupReadError(`cannot read ${procPidPath({ procRoot: ctx.procRoot, pid }, name)}: ${result.code}`);
  return result.value;
}

/**
 * mountinfo and /proc/<pid>/cgroup show paths relative to the *reader's* cgroup namespace, so it
 * is the tool's own namespace that decides what the walk can see.
 */
async function readerInInitialNamespace(ctx: ProbeContext): Promise<boolean | null> {
  const inode = await readNamespaceInode(ctx, 'self', 'cgroup');
  if (inode.ok) return inode.value === INITIAL_CGROUP_NS_INODE;
  // Kernels before 4.6 have no cgroup namespaces, and so no link.
  return inode.code === 'ENOENT' ? true : null;
}

// In v2, `cgroup.controllers` of the mount's root lists the controllers that hierarchy has;
// on hybrid hosts memory is usually absent there because v1 holds it.
async function v2Enables(files: RootFs, location: CgroupLocation, controller: string): Promise<boolean> {
  const text = await readCgroupFile({ root: files }, path.posix.join(location.mountPoint, 'cgroup.controllers'));
  return splitWhitespace((text ?? '').trim()).includes(controller);
}

/** Why no hierarchy was found, for the error message. */
export function missingControllerReason(view: ControllerView, controller: string): string {
  if (view.version === 'none') return 'no cgroup or cgroup2 file system is mounted in the target (mountinfo)';
  return `no reachable cgroup mount shows the target's ${controller} cgroup (cgroup layout: ${view.version})`;
}
