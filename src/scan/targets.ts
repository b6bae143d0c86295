// Processes → scan targets: one per PID namespace, split by container where a namespace holds
// several (shareProcessNamespace, hostPID pods). The lowest PID stands for the group.
import { containerIdOf, podUidOf } from '../parse/kubelet-names.js';
import type { ProcessInfo } from './processes.js';

export interface ScanTarget {
  pidNamespace: number;
  containerId: string | null;
  podUid: string | null;
  /** The lowest PID of the group, then the others in order: the next stands in if one exits. */
  pids: number[];
  comm: string;
}

function firstOf<T>(paths: readonly string[], pick: (path: string) => T | null): T | null {
  for (const p of paths) {
    const found = pick(p);
    if (found !== null) return found;
  }
  return null;
}

export function groupTargets(processes: readonly ProcessInfo[]): ScanTarget[] {
  const groups = new Map<string, ScanTarget>();
  for (const p of [...processes].sort((a, b) => a.pid - b.pid)) {
    const containerId = firstOf(p.cgroupPaths, containerIdOf);
    const key = `${p.pidNamespace}/${containerId ?? ''}`;
    const group = groups.get(key);
    if (group) group.pids.push(p.pid);
    else groups.set(key, { pidNamespace: p.pidNamespace, containerId, podUid: firstOf(p.cgroupPaths, podUidOf), pids: [p.pid], comm: p.comm });
  }
  return [...groups.values()];
}
