// The scenarios that prove remedies (test/e2e/runc.test.ts, test/e2e/static-binary.test.ts run
// them; test/unit/remedy/fixes.test.ts checks that every remedy the catalogue calls proven has
// one here, and no other). A pod-spec remedy is proven by applying the patch the report printed
// to a pod, translating the pod into runc's OCI spec, and running the image again.
import type { PodSpec } from './k8s-manifests.js';

export const APP_IMAGE = 'registry.example.com/go-service:1.4.2';
export const PREFLIGHT_IMAGE = 'registry.example.com/init-preflight:0.1.0';

/**
 * A pod as the README's first example has it, without a securityContext: the image's USER and the
 * runtime's defaults (so /proc/sys is read-only). The app's memory limit reaches the initContainer
 * through the Downward API.
 */
export function basePod(): PodSpec {
  const mount = { name: 'preflight', mountPath: '/shared' };
  return {
    volumes: [{ name: 'preflight', emptyDir: {} }],
    containers: [{ name: 'app', image: APP_IMAGE, resources: { limits: { memory: '256Mi' } }, volumeMounts: [{ ...mount, readOnly: true }] }],
    initContainers: [
      {
        name: 'preflight',
        image: PREFLIGHT_IMAGE,
        args: ['run', '--output', 'json'],
        env: [{ name: 'PREFLIGHT_APP_MEMORY_LIMIT', valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'limits.memory' } } }],
        resources: { limits: { memory: '256Mi' } },
        volumeMounts: [mount],
      },
    ],
  };
}

const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

export interface PodProof {
  code: string;
  /** The pod in which the finding appears; the remedy's patch is applied to it. */
  before: (pod: PodSpec) => PodSpec;
}

const initContainer = (pod: PodSpec) => pod.initContainers![0]!;

export const POD_PROOFS: PodProof[] = [
  { code: 'NS_LAST_PID_READ_ONLY', before: (pod) => pod },
  {
    code: 'NS_LAST_PID_NOT_PERMITTED',
    // The hostPath half of the read-only remedy without the capability: the write reaches the kernel's check.
    before: (pod) => {
      pod.volumes = [...(pod.volumes ?? []) as object[], { name: 'ns-last-pid', hostPath: { path: NS_LAST_PID, type: 'File' } }];
      initContainer(pod).volumeMounts!.push({ name: 'ns-last-pid', mountPath: NS_LAST_PID });
      return pod;
    },
  },
  { code: 'PIDNS_HOST', before: (pod) => ({ ...pod, hostPID: true }) },
  {
    code: 'PIDNS_CREATE_DENIED',
    // RuntimeDefault denies both routes' namespace flags to a container without CAP_SYS_ADMIN.
    before: (pod) => {
      for (const c of [...pod.containers, initContainer(pod)]) c.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
      return pod;
    },
  },
  {
    code: 'MEMORY_LIMIT_TOO_LOW',
    before: (pod) => {
      pod.containers[0]!.resources = { limits: { memory: '64Mi' } };
      return pod;
    },
  },
  {
    code: 'HANDOFF_UNWRITABLE',
    // No emptyDir, and a read-only root: the image's own /shared cannot be written.
    before: (pod) => {
      delete pod.volumes;
      for (const c of [...pod.containers, initContainer(pod)]) delete c.volumeMounts;
      initContainer(pod).securityContext = { readOnlyRootFilesystem: true };
      return pod;
    },
  },
];

/** An image-like root for the static-binary check: the files at their paths, and --binary. */
export interface ImageLayout {
  /** Path in the root → an ELF fixture (relative to test/fixtures/elf/, `build/…` for built ones), a host file, or text. */
  files: Record<string, ({ fixture: string } | { host: string } | { text: string }) & { mode?: number }>;
  binary: string;
}

export interface ImageProof {
  code: string;
  before: ImageLayout;
  /** The image with the remedy applied (rebuilt static, chmod +x, …). */
  after: ImageLayout;
}

const GLIBC_LOADER_ONLY = { '/lib64/ld-linux-x86-64.so.2': { host: '/lib64/ld-linux-x86-64.so.2' } };
const STATIC_SERVER: ImageLayout = { files: { '/app/server': { fixture: 'build/go-static' } }, binary: '/app/server' };

export const IMAGE_PROOFS: ImageProof[] = [
  { code: 'BINARY_INTERPRETER_MISSING', before: { files: { '/app/server': { fixture: 'build/go-cgo' } }, binary: '/app/server' }, after: STATIC_SERVER },
  {
    code: 'BINARY_LIBRARY_MISSING',
    before: { files: { ...GLIBC_LOADER_ONLY, '/app/server': { fixture: 'build/go-cgo' } }, binary: '/app/server' },
    after: { ...STATIC_SERVER, files: { ...GLIBC_LOADER_ONLY, ...STATIC_SERVER.files } },
  },
  { code: 'BINARY_NOT_EXECUTABLE', before: { files: { '/app/server': { fixture: 'build/go-static', mode: 0o644 } }, binary: '/app/server' }, after: STATIC_SERVER },
  { code: 'BINARY_WRONG_ARCH', before: { files: { '/app/server': { fixture: 'elf64-aarch64-static' } }, binary: '/app/server' }, after: STATIC_SERVER },
  {
    code: 'BINARY_MALFORMED',
    before: { files: { '/app/server': { text: 'version https://git-lfs.github.com/spec/v1\n', mode: 0o755 } }, binary: '/app/server' },
    after: STATIC_SERVER,
  },
  { code: 'BINARY_NOT_FOUND', before: { ...STATIC_SERVER, binary: '/app/sever' }, after: STATIC_SERVER },
];

export const PROVEN_CODES = new Set([...POD_PROOFS, ...IMAGE_PROOFS].map((p) => p.code));
