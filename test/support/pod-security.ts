// The Pod Security Standards "restricted" profile (which includes "baseline") as the admission
// controller applies it to a pod spec, for the fields these examples can set. Returns the rules
// a pod breaks, so a test can say which one.
import type { PodSpec } from './k8s-manifests.js';

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  seccompProfile?: { type: string };
  capabilities?: { add?: string[]; drop?: string[] };
}

interface PodFields {
  hostPID?: boolean;
  hostIPC?: boolean;
  hostNetwork?: boolean;
  securityContext?: SecurityContext;
  volumes?: Record<string, unknown>[];
}

const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];

function podLevelViolations(pod: PodFields): string[] {
  const found: string[] = [];
  for (const ns of ['hostPID', 'hostIPC', 'hostNetwork'] as const) if (pod[ns]) found.push(`${ns}: true`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.includes(type)) found.push(`volume ${String(volume.name)} of type ${type}`);
  }
  return found;
}

function containerViolations(name: string, own: SecurityContext, pod: SecurityContext): string[] {
  const found: string[] = [];
  const at = (rule: string) => found.push(`${name}: ${rule}`);
  if (own.privileged) at('privileged');
  if (own.allowPrivilegeEscalation !== false) at('allowPrivilegeEscalation must be false');
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) at('runAsNonRoot must be true');
  if ((own.runAsUser ?? pod.runAsUser) === 0) at('runAsUser 0');
  if (own.procMount !== undefined && own.procMount !== 'Default') at(`procMount ${own.procMount}`);
  const seccomp = (own.seccompProfile ?? pod.seccompProfile)?.type;
  if (!seccomp || !ALLOWED_SECCOMP.includes(seccomp)) at(`seccompProfile ${seccomp ?? 'unset'}`);
  if (!own.capabilities?.drop?.includes('ALL')) at('capabilities must drop ALL');
  for (const cap of own.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') at(`adds capability ${cap}`);
  return found;
}

/** Rules of the restricted profile the pod breaks; empty when it would be admitted. */
export function restrictedViolations(spec: PodSpec): string[] {
  const pod = spec as PodSpec & PodFields;
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  return [
    ...podLevelViolations(pod),
    ...containers.flatMap((c) => containerViolations(c.name, (c.securityContext ?? {}) as SecurityContext, pod.securityContext ?? {})),
  ];
}
