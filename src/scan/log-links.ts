// Names for container IDs from the kubelet's log links, so scan needs no API call:
// /var/log/containers/<pod>_<namespace>_<container>-<id>.log → /var/log/pods/<ns>_<pod>_<uid>/…
import { readdir } from '../probe/async-fs.js';
import path from 'node:path';
import { failureFrom, ok, type Result } from '../core/result.js';
import { parseContainerLogName, podUidOfLogTarget } from '../parse/kubelet-names.js';
import { readLinkText } from '../probe/fs.js';
import { mapBounded } from './bounded.js';

export const CONTAINER_LOG_DIR = 'var/log/containers';

export interface ContainerNames {
  namespace: string;
  pod: string;
  /** Null for a pod's sandbox, which has no log. */
  container: string | null;
  /** From the link's target; null when the entry is not a link or names no pod directory. */
  podUid: string | null;
}

/** Container ID → names. A missing directory is an error the caller reports (not a kubelet node, or wrong --root). */
export async function readContainerNames(root: string): Promise<Result<Map<string, ContainerNames>>> {
  const dir = path.join(root, CONTAINER_LOG_DIR);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    return failureFrom(err);
  }
  const entries = await mapBounded(names, 32, async (name) => {
    const parsed = parseContainerLogName(name);
    if (!parsed) return null;
    const target = await readLinkText(path.join(dir, name));
    const podUid = target.ok ? podUidOfLogTarget(target.value) : null;
    return [parsed.containerId, { namespace: parsed.namespace, pod: parsed.pod, container: parsed.container, podUid }] as const;
  });
  return ok(new Map(entries.filter((e) => e !== null)));
}
