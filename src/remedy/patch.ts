// Remedies as strategic-merge patches (docs/design.md, "Remedies"). Containers and volumes merge
// by name and volumeMounts by mountPath; lists without a merge key (capabilities.add) are
// replaced. The initContainer gets every securityContext and mount change the app gets: its
// probes speak for the app only while both containers run in the same context.
import type { PatchTarget, PodSpecPatch, WorkloadPatch } from '../core/types.js';

export type ContainerPatch = Record<string, unknown>;

export function workloadPatch(pod: PodSpecPatch): WorkloadPatch {
  return { spec: { template: { spec: pod } } };
}

/** The same change to the app container and the initContainer. */
export function inBothContainers(t: PatchTarget, change: ContainerPatch): PodSpecPatch {
  return { initContainers: [{ name: t.initContainer, ...change }], containers: [{ name: t.appContainer, ...change }] };
}

/**
 * A volume mounted read-write at `mountPath` in both containers (readOnly: false overrides a
 * read-only mount already there), with any other change to both.
 */
export function sharedVolume(t: PatchTarget, volume: { name: string; [source: string]: unknown }, mountPath: string, change: ContainerPatch = {}): PodSpecPatch {
  return { volumes: [volume], ...inBothContainers(t, { ...change, volumeMounts: [{ name: volume.name, mountPath, readOnly: false }] }) };
}

/** The answer for remedies that change the image or the node, not the pod spec. */
export const NOT_A_POD_SPEC_CHANGE = 'not a pod-spec change';

/** What every degrading finding allows when the cluster forbids its remedy. */
export const RUN_DEGRADED = 'run degraded: the app starts with PID-namespace features off (the downgrade flag)';

/**
 * A capability for uid 0: runtimes give added capabilities only to uid 0 (no ambient set), and
 * runAsNonRoot: false keeps a pod-level runAsNonRoot: true from refusing the container.
 */
export function grantAsRoot(capability: string): ContainerPatch {
  return { securityContext: { runAsUser: 0, runAsNonRoot: false, capabilities: { add: [capability] } } };
}

const MIB = 2 ** 20;

/** Bytes as a Kubernetes quantity, in Mi where that is exact. */
export function bytesQuantity(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB}Mi` : String(bytes);
}
