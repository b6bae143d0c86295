// The two ways an app can get a new PID namespace, and what /proc says about why one is denied.
// Pure: pidns-create measures the routes and reads the evidence.

export type RouteName = 'direct' | 'viaUserNamespace';

export interface Route {
  /** null: not known (the probe could not run or did not finish). */
  created: boolean | null;
  /** The errno that denied it, or that kept the probe from running. */
  errno: string | null;
  /** What went wrong, when the answer is not known. */
  error?: string;
  /** Why the kernel denied it, where the evidence says. */
  reason?: string;
  ms: number;
  /** False: not asked of the kernel, because its own rule decides the answer (pidns-create). */
  asked?: false;
}

export interface DenialEvidence {
  hasSysAdmin: boolean | null;
  seccomp: string | null;
  /** /proc/sys/user/max_user_namespaces of the process's user namespace. */
  maxUserNamespaces: number | null;
  /** Debian's kernel.unprivileged_userns_clone, when the kernel has it. */
  unprivilegedUsernsClone: number | null;
  euid: number | null;
}

const SECCOMP = 'a seccomp filter is active (Seccomp: 2)';

/** The reason for a denial, only where the evidence supports one. */
export function denialReason(route: RouteName, errno: string, e: DenialEvidence): string | undefined {
  if (route === 'direct' && errno === 'EPERM') {
    if (e.hasSysAdmin === false) return 'no CAP_SYS_ADMIN';
    if (e.seccomp === 'filter') return SECCOMP;
  }
  if (route === 'viaUserNamespace') {
    if (errno === 'ENOSPC' && e.maxUserNamespaces === 0) return 'user.max_user_namespaces is 0';
    if (errno === 'ENOSPC') return 'user.max_user_namespaces is reached';
    if (errno === 'EUSERS') return 'user namespaces are nested 32 deep';
    if (errno === 'EINVAL') {
      return 'the new user namespace would not be inside the one that owns this PID namespace (entered from an ancestor user namespace)';
    }
    if (errno === 'EPERM' && e.unprivilegedUsernsClone === 0 && e.euid !== 0) return 'kernel.unprivileged_userns_clone is 0';
    if (errno === 'EPERM' && e.seccomp === 'filter') return SECCOMP;
  }
  return undefined;
}

export type RouteVerdict =
  | { kind: 'both' }
  | { kind: 'one'; usable: RouteName }
  | { kind: 'none' }
  /** Neither route created a namespace and at least one answer is unknown. */
  | { kind: 'unknown' };

export function routeVerdict(routes: Record<RouteName, Route>): RouteVerdict {
  const { direct, viaUserNamespace } = routes;
  if (direct.created && viaUserNamespace.created) return { kind: 'both' };
  if (direct.created) return { kind: 'one', usable: 'direct' };
  if (viaUserNamespace.created) return { kind: 'one', usable: 'viaUserNamespace' };
  return direct.created === false && viaUserNamespace.created === false ? { kind: 'none' } : { kind: 'unknown' };
}

export const ROUTE_LABEL: Record<RouteName, string> = {
  direct: 'directly (CLONE_NEWPID)',
  viaUserNamespace: 'in a new user namespace (CLONE_NEWUSER|CLONE_NEWPID)',
};

/** A clause for messages: `directly (CLONE_NEWPID) fails with EPERM: no CAP_SYS_ADMIN`. */
export function describeRoute(name: RouteName, route: Route): string {
  if (route.created) return `${ROUTE_LABEL[name]} works`;
  if (route.created === null) return `${ROUTE_LABEL[name]} is unknown: ${route.error ?? 'no answer'}`;
  return `${ROUTE_LABEL[name]} fails with ${route.errno ?? 'an error'}${route.reason ? `: ${route.reason}` : ''}`;
}
