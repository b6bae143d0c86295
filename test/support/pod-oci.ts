// A pod spec's container as the OCI spec a CRI runtime would hand runc, for the fields the
// examples and the remedies' patches set: securityContext (user, capabilities, read-only root,
// no_new_privs, procMount, RuntimeDefault seccomp's namespace rules), hostPID, memory limits, the
// Downward API environment, and emptyDir and hostPath volumes as bind mounts. A field it cannot
// translate is an error, not ignored, so a patch cannot pass a runc test by being dropped.
import { statSync } from 'node:fs';
import { IMAGE } from './image.js';
import { containerEnv, quantityValue, type Container, type PodSpec } from './k8s-manifests.js';
import type { BindMount, ContainerSpec } from './runc.js';

interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
}

interface PodFields {
  hostPID?: boolean;
  hostUsers?: boolean;
  securityContext?: SecurityContext;
  volumes?: ({ name: string; emptyDir?: object; hostPath?: { path: string; type?: string } } & Record<string, unknown>)[];
}

/** Where a pod with hostUsers: false has its ids on the host, as the kubelet allocates them: 64Ki from a multiple of 64Ki. */
const USER_NAMESPACE = { hostId: 131_072, size: 65_536 };

const TRANSLATED = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'procMount', 'capabilities', 'seccompProfile']);

function containerOf(pod: PodSpec, name: string): Container {
  const found = [...(pod.initContainers ?? []), ...pod.containers].find((c) => c.name === name);
  if (!found) throw new Error(`the pod has no container ${name}`);
  return found;
}

function user(own: SecurityContext, pod: SecurityContext): { uid: number; gid: number } {
  const uid = own.runAsUser ?? pod.runAsUser ?? IMAGE.user.uid;
  const gid = own.runAsGroup ?? pod.runAsGroup ?? (uid === IMAGE.user.uid ? IMAGE.user.gid : 0);
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) === true && uid === 0) throw new Error('the kubelet refuses to start it: runAsNonRoot with uid 0');
  return { uid, gid };
}

/** A volumeMount as a bind mount; `emptyDirs` holds the host directory standing in for each emptyDir. */
function bindOf(pod: PodFields, mount: NonNullable<Container['volumeMounts']>[number], emptyDirs: Record<string, string>): BindMount {
  const volume = pod.volumes?.find((v) => v.name === mount.name);
  const readonly = mount.readOnly === true;
  if (volume?.emptyDir) {
    const source = emptyDirs[volume.name];
    if (!source) throw new Error(`no host directory given for emptyDir ${volume.name}`);
    return { source, destination: mount.mountPath, readonly };
  }
  if (volume?.hostPath) {
    const { path, type } = volume.hostPath;
    if (type === 'File' && !statSync(path, { throwIfNoEntry: false })?.isFile()) throw new Error(`hostPath ${path} is not a file: the pod would not start`);
    return { source: path, destination: mount.mountPath, readonly };
  }
  throw new Error(`volume ${mount.name}: only emptyDir and hostPath are translated`);
}

const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWPID = 0x20000000;
const EPERM = 1;
const ENOSYS = 38;

const denyCloneFlag = (flag: number) => ({ names: ['clone'], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM, args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }] });

/**
 * RuntimeDefault as containerd and CRI-O generate it, for what the checks meet: without
 * CAP_SYS_ADMIN in the container's capabilities, unshare and setns are denied, clone with
 * CLONE_NEWUSER or CLONE_NEWPID too, and clone3 is ENOSYS (so libc falls back to clone). The
 * rest of the profile allows what these containers do, so it is left out.
 */
function runtimeDefaultSeccomp(capabilities: readonly string[]): object | undefined {
  if (capabilities.includes('CAP_SYS_ADMIN')) return undefined;
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64'],
    syscalls: [
      { names: ['unshare', 'setns'], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
      denyCloneFlag(CLONE_NEWUSER),
      denyCloneFlag(CLONE_NEWPID),
    ],
  };
}

function seccompOf(own: SecurityContext, pod: SecurityContext, capabilities: readonly string[]): object | undefined {
  const type = (own.seccompProfile ?? pod.seccompProfile)?.type;
  if (type === undefined || type === 'Unconfined') return undefined;
  if (type === 'RuntimeDefault') return runtimeDefaultSeccomp(capabilities);
  throw new Error(`seccompProfile ${type} is not translated`);
}

/** The OCI changes for container `name` of `pod`, as `runContainer` takes them. */
export function containerSpecOf(spec: PodSpec, name: string, emptyDirs: Record<string, string>): ContainerSpec {
  const pod = spec as PodSpec & PodFields;
  const container = containerOf(spec, name);
  const own = (container.securityContext ?? {}) as SecurityContext;
  const unknown = Object.keys(own).filter((k) => !TRANSLATED.has(k));
  if (unknown.length > 0) throw new Error(`${name}: securityContext ${unknown.join(', ')} is not translated`);
  if (own.procMount !== undefined && !['Default', 'Unmasked'].includes(own.procMount)) throw new Error(`procMount ${own.procMount}`);
  if (own.procMount === 'Unmasked' && pod.hostUsers !== false) throw new Error(`${name}: the API rejects procMount Unmasked without hostUsers: false`);
  if (own.capabilities?.drop?.some((c) => c !== 'ALL')) throw new Error(`${name}: only capabilities.drop [ALL] is translated`);
  const memory = container.resources?.limits?.memory;
  const addCapabilities = (own.capabilities?.add ?? []).map((c) => `CAP_${c}`);
  const seccomp = seccompOf(own, pod.securityContext ?? {}, addCapabilities);
  return {
    ...(container.command ? { command: container.command } : {}),
    args: container.args ?? (container.command ? [] : IMAGE.cmd),
    env: containerEnv(spec, container),
    user: user(own, pod.securityContext ?? {}),
    readonlyRoot: own.readOnlyRootFilesystem === true,
    noNewPrivileges: own.allowPrivilegeEscalation === false,
    dropAllCapabilities: own.capabilities?.drop?.includes('ALL') === true,
    addCapabilities,
    ...(seccomp ? { seccomp } : {}),
    // Unmasked: the runtime leaves /proc/sys out of readonlyPaths.
    procSysWritable: own.procMount === 'Unmasked',
    hostPid: pod.hostPID === true,
    ...(pod.hostUsers === false ? { userNamespace: USER_NAMESPACE } : {}),
    ...(memory ? { memoryLimitBytes: quantityValue(memory) } : {}),
    binds: (container.volumeMounts ?? []).map((m) => bindOf(pod, m, emptyDirs)),
  };
}
