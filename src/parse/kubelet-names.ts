// Pod identity from names the kubelet and the runtimes choose (docs/design.md, "Kubelet
// layout"): container IDs and pod UIDs in cgroup paths, and the kubelet's container log links.
// Pure: no I/O.

/** Runtime prefixes of systemd-driver scopes: `cri-containerd-<id>.scope`, `crio-<id>.scope`, `docker-<id>.scope`. */
const SCOPE = /^(?:cri-containerd|crio|docker)-([0-9a-f]{12,64})\.scope$/;
// containerd with the systemd driver on cgroup v1 can leave `slice:prefix:name` as one component.
const COLON_FORM = /:(?:cri-containerd|crio|docker):([0-9a-f]{12,64})$/;
const BARE_ID = /^[0-9a-f]{12,64}$/;
const POD_UID = /^(?:kubepods(?:-[a-z]+)*-)?pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

function components(cgroupPath: string): string[] {
  return cgroupPath.split('/').filter((c) => c.length > 0);
}

/**
 * The container ID in a cgroup path, or null. A bare hex name counts only under a pod's cgroup
 * or `docker` (the cgroupfs driver): elsewhere hex names are common and mean nothing.
 * `crio-conmon-<id>.scope` is the runtime's monitor, not the container, and does not match.
 */
export function containerIdOf(cgroupPath: string): string | null {
  const parts = components(cgroupPath);
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    const m = SCOPE.exec(part) ?? COLON_FORM.exec(part);
    if (m) return m[1]!;
    const parent = parts[i - 1];
    if (BARE_ID.test(part) && parent !== undefined && (parent === 'docker' || POD_UID.test(parent))) return part;
  }
  return null;
}

/** The pod UID (with dashes) of a cgroup path under kubepods, or null. */
export function podUidOf(cgroupPath: string): string | null {
  const parts = components(cgroupPath);
  if (!parts.some((p) => p.startsWith('kubepods'))) return null;
  for (const part of parts) {
    const m = POD_UID.exec(part.split(':')[0]!);
    if (m) return m[1]!.replace(/_/g, '-');
  }
  return null;
}

export interface ContainerLogName {
  pod: string;
  namespace: string;
  container: string;
  containerId: string;
}

// Pod and namespace names cannot hold `_` (DNS names), so the first two underscores split them.
const LOG_NAME = /^([^_]+)_([^_]+)_(.+)-([0-9a-f]{12,64})\.log$/;

/** `/var/log/containers/<pod>_<namespace>_<container>-<containerID>.log`, or null. */
export function parseContainerLogName(name: string): ContainerLogName | null {
  const m = LOG_NAME.exec(name);
  return m ? { pod: m[1]!, namespace: m[2]!, container: m[3]!, containerId: m[4]! } : null;
}

/** The pod UID in a link target `/var/log/pods/<namespace>_<pod>_<UID>/<container>/N.log`, or null. */
export function podUidOfLogTarget(target: string): string | null {
  const dir = /(?:^|\/)pods\/([^/]+)\/[^/]+\/[^/]+$/.exec(target)?.[1];
  const uid = dir?.split('_').at(-1);
  return uid !== undefined && /^[0-9a-f-]{36}$/.test(uid) ? uid : null;
}
