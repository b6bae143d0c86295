// Finds the cgroup directories of the target process for one controller (memory, cpu).
import path from 'node:path';
import { parseMountinfo } from '../parse/mountinfo.js';
import { parseProcCgroup } from '../parse/proc-cgroup.js';
import type { ProbeContext } from '../probe/context.js';
import { procPidPath } from '../probe/context.js';
import { readText } from '../probe/fs.js';
import { CgroupReadError, readCgroupFile } from './files.js';
import type { CgroupLocation, CgroupVersion } from './mounts.js';
import { detectVersion, locateV1, locateV2 } from './mounts.js';

export interface ControllerView {
  version: CgroupVersion;
  /** Undefined when the controller is on no hierarchy the target can reach. */
  location: CgroupLocation | undefined;
}

export async function locateController(ctx: ProbeContext, controller: string): Promise<ControllerView> {
  const [mountText, cgroupText] = await Promise.all([readProc(ctx, 'mountinfo'), readProc(ctx, 'cgroup')]);
  const mounts = parseMountinfo(mountText);
  const entries = parseProcCgroup(cgroupText);
  const version = detectVersion(mounts);
  // A controller is bound to one hierarchy at a time; a v1 mount that carries it wins.
  const v1 = locateV1(mounts, entries, controller);
  if (v1) return { version, location: v1 };
  const v2 = locateV2(mounts, entries);
  if (v2 && (await v2Enables(ctx, v2, controller))) return { version, location: v2 };
  return { version, location: undefined };
}

async function readProc(ctx: ProbeContext, name: string): Promise<string> {
  const file = procPidPath(ctx, name);
  const result = await readText(file);
  if (!result.ok) throw new CgroupReadError(`cannot read ${file}: ${result.code}`);
  return result.value;
}

// In v2, `cgroup.controllers` of the mount's root lists the controllers that hierarchy has;
// on hybrid hosts memory is usually absent there because v1 holds it.
async function v2Enables(ctx: ProbeContext, location: CgroupLocation, controller: string): Promise<boolean> {
  const text = await readCgroupFile(ctx, path.posix.join(location.mountPoint, 'cgroup.controllers'));
  return (text ?? '').trim().split(/\s+/).includes(controller);
}

/** Why no hierarchy was found, for the error message. */
export function missingControllerReason(view: ControllerView, controller: string): string {
  if (view.version === 'none') return 'no cgroup or cgroup2 file system is mounted in the target (mountinfo)';
  return `no reachable cgroup mount shows the target's ${controller} cgroup (cgroup layout: ${view.version})`;
}
