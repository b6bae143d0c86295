// The Pod Security Standards as the admission controller applies them to a pod spec, for the
// fields these examples can set: "baseline" and "restricted" (which includes baseline). Returns
// the rules a pod breaks, so a test can say which one; podSecurityLevel names the strictest
// level that admits the pod.
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

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
// Baseline: "Adding additional capabilities beyond those listed below must be disallowed."
const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

type Rule = (pod: PodFields, containers: { name: string; own: SecurityContext }[]) => string[];

const perContainer = (check: (own: SecurityContext, pod: SecurityContext) => string[]): Rule => (pod, containers) =>
  containers.flatMap(({ name, own }) => check(own, pod.securityContext ?? {}).map((rule) => `${name}: ${rule}`));

const volumeTypes = (pod: PodFields) => (pod.volumes ?? []).map((v) => ({ name: String(v.name), type: Object.keys(v).find((k) => k !== 'name') }));

const BASELINE: Rule[] = [
  (pod) => (['hostPID', 'hostIPC', 'hostNetwork'] as const).filter((ns) => pod[ns]).map((ns) => `${ns}: true`),
  (pod) => volumeTypes(pod).filter((v) => v.type === 'hostPath').map((v) => `volume ${v.name} of type hostPath`),
  perContainer((own) => [
    ...(own.privileged ? ['privileged'] : []),
    ...(own.procMount !== undefined && own.procMount !== 'Default' ? [`procMount ${own.procMount}`] : []),
    ...(own.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.includes(cap)).map((cap) => `adds capability ${cap}`),
  ]),
  perContainer((own, pod) => ((own.seccompProfile ?? pod.seccompProfile)?.type === 'Unconfined' ? ['seccompProfile Unconfined'] : [])),
];

const RESTRICTED: Rule[] = [
  (pod) => volumeTypes(pod).filter((v) => !v.type || !RESTRICTED_VOLUME_TYPES.includes(v.type)).map((v) => `volume ${v.name} of type ${v.type}`),
  perContainer((own, pod) => {
    const found: string[] = [];
    if (own.allowPrivilegeEscalation !== false) found.push('allowPrivilegeEscalation must be false');
    if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) found.push('runAsNonRoot must be true');
    if ((own.runAsUser ?? pod.runAsUser) === 0) found.push('runAsUser 0');
    const seccomp = (own.seccompProfile ?? pod.seccompProfile)?.type;
    if (!seccomp || !ALLOWED_SECCOMP.includes(seccomp)) found.push(`seccompProfile ${seccomp ?? 'unset'}`);
    if (!own.capabilities?.drop?.includes('ALL')) found.push('capabilities must drop ALL');
    for (const cap of own.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') found.push(`adds capability ${cap}`);
    return found;
  }),
];

function violations(spec: PodSpec, rules: readonly Rule[]): string[] {
  const pod = spec as PodSpec & PodFields;
  const containers = [...(pod.initContainers ?? []), ...pod.containers].map((c) => ({ name: c.name, own: (c.securityContext ?? {}) as SecurityContext }));
  return [...new Set(rules.flatMap((rule) => rule(pod, containers)))];
}

/** Rules of the baseline profile the pod breaks; empty when it would be admitted. */
export const baselineViolations = (spec: PodSpec): string[] => violations(spec, BASELINE);

/** Rules of the restricted profile (baseline included) the pod breaks; empty when admitted. */
export const restrictedViolations = (spec: PodSpec): string[] => violations(spec, [...BASELINE, ...RESTRICTED]);

/** The strictest Pod Security level that admits the pod. */
export function podSecurityLevel(spec: PodSpec): PodSecurityLevel {
  if (restrictedViolations(spec).length === 0) return 'restricted';
  return baselineViolations(spec).length === 0 ? 'baseline' : 'privileged';
}
