// The Pod Security Standards "baseline" and "restricted" profiles (restricted includes baseline)
// as the admission controller applies them to a pod spec, for the fields these examples and the
// remedies' patches set. Returns the rules a pod breaks, so a test can say which one.
import type { PodSpec } from './k8s-manifests.js';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

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
  hostUsers?: boolean;
  securityContext?: SecurityContext;
  volumes?: Record<string, unknown>[];
}

type Rules = (name: string, own: SecurityContext, pod: SecurityContext) => string[];

const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
// Baseline: the capabilities container runtimes grant by default, and no others.
const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

const volumeType = (volume: Record<string, unknown>) => Object.keys(volume).find((k) => k !== 'name');

function podBaseline(pod: PodFields): string[] {
  const found: string[] = [];
  for (const ns of ['hostPID', 'hostIPC', 'hostNetwork'] as const) if (pod[ns]) found.push(`${ns}: true`);
  for (const volume of pod.volumes ?? []) if (volumeType(volume) === 'hostPath') found.push(`volume ${String(volume.name)} of type hostPath`);
  return found;
}

function podRestricted(pod: PodFields): string[] {
  return (pod.volumes ?? []).flatMap((volume) => {
    const type = volumeType(volume);
    return type && RESTRICTED_VOLUME_TYPES.includes(type) ? [] : [`volume ${String(volume.name)} of type ${type}`];
  });
}

const containerBaseline: Rules = (name, own, pod) => {
  const found: string[] = [];
  const at = (rule: string) => found.push(`${name}: ${rule}`);
  if (own.privileged) at('privileged');
  if (own.procMount !== undefined && own.procMount !== 'Default') at(`procMount ${own.procMount}`);
  if ((own.seccompProfile ?? pod.seccompProfile)?.type === 'Unconfined') at('seccompProfile Unconfined');
  for (const cap of own.capabilities?.add ?? []) if (!BASELINE_CAPABILITIES.includes(cap)) at(`adds capability ${cap}`);
  return found;
};

const containerRestricted: Rules = (name, own, pod) => {
  const found: string[] = [];
  const at = (rule: string) => found.push(`${name}: ${rule}`);
  if (own.allowPrivilegeEscalation !== false) at('allowPrivilegeEscalation must be false');
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) at('runAsNonRoot must be true');
  if ((own.runAsUser ?? pod.runAsUser) === 0) at('runAsUser 0');
  const seccomp = (own.seccompProfile ?? pod.seccompProfile)?.type;
  if (!seccomp || !ALLOWED_SECCOMP.includes(seccomp)) at(`seccompProfile ${seccomp ?? 'unset'}`);
  if (!own.capabilities?.drop?.includes('ALL')) at('capabilities must drop ALL');
  for (const cap of own.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') at(`adds capability ${cap}`);
  return found;
};

function containerViolations(spec: PodSpec, rules: Rules): string[] {
  const pod = spec as PodSpec & PodFields;
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  return containers.flatMap((c) => rules(c.name, (c.securityContext ?? {}) as SecurityContext, pod.securityContext ?? {}));
}

/** Rules of the baseline profile the pod breaks; empty when it would be admitted. */
export function baselineViolations(spec: PodSpec): string[] {
  return [...podBaseline(spec as PodFields), ...containerViolations(spec, containerBaseline)];
}

/** Rules of the restricted profile (baseline's included) the pod breaks; empty when it would be admitted. */
export function restrictedViolations(spec: PodSpec): string[] {
  const own = [...podRestricted(spec as PodFields), ...containerViolations(spec, containerRestricted)];
  return [...new Set([...baselineViolations(spec), ...own])];
}

/** The strictest level that admits the pod. */
export function podSecurityLevel(spec: PodSpec): PodSecurityLevel {
  if (restrictedViolations(spec).length === 0) return 'restricted';
  return baselineViolations(spec).length === 0 ? 'baseline' : 'privileged';
}
