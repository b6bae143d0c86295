// The scenarios that prove remedies (test/e2e/runc.test.ts and test/e2e/exec-oracle.test.ts run
// them; test/unit/remedy/fixes.test.ts checks that every remedy the catalogue calls proven has
// one here, and no other). A pod-spec remedy is proven by applying the patch the report printed
// to a pod, translating the pod into runc's OCI spec, and running the image again.
import { BUILD, fixturePath } from './elf-fixtures.js';
import { APP_USER, type Credentials, type Scenario } from './exec-oracle.js';
import type { PodSpec } from './k8s-manifests.js';
import { buildExtras, glibcBase, ldconfig, MULTIARCH, type OracleRoot } from './oracle-roots.js';

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

/** An image root as an exec-oracle case lays it out (test/support/oracle-roots.ts), and how exec is asked. */
export interface ExecCase {
  setup: (r: OracleRoot, x: Extras) => void;
  path: string;
  as?: Credentials;
  scenario?: Scenario;
}

/**
 * An image remedy: in `before` execve fails and the check names `code`; `after` is the same
 * image with the remedy applied (rebuilt static, chmod, ldconfig, off the noexec mount …), where
 * execve runs the program and the check finds nothing that fails.
 */
export interface ExecProof {
  code: string;
  before: ExecCase;
  after: ExecCase;
}

type Extras = ReturnType<typeof buildExtras>;

const TINY = fixturePath('tiny-static');
const tiny = (r: OracleRoot, at = '/app/t') => r.copy(TINY, at);
const script = (text: string) => (r: OracleRoot) => {
  tiny(r, '/bin/t');
  r.write('/app/run', text, 0o755);
};
const dynamic = (r: OracleRoot) => r.copy(`${BUILD}/gcc-dynamic`, '/app/hello');
const withGreet = (r: OracleRoot, x: Extras) => {
  glibcBase(r);
  r.copy(x.usesGreet, '/app/uses-greet');
  r.copy(x.libgreet, '/opt/greet/libgreet.so.1');
};
const RUNS: ExecCase = { setup: (r) => tiny(r), path: '/app/t' };
const STATIC: ExecCase = { setup: (r) => r.copy(`${BUILD}/gcc-static`, '/app/hello'), path: '/app/hello' };
const GOOD_SCRIPT: ExecCase = { setup: script('#!/bin/t\n'), path: '/app/run' };
const GLIBC_DYNAMIC: ExecCase = { setup: (r) => (glibcBase(r), dynamic(r)), path: '/app/hello' };
const LOADER = `${MULTIARCH}/ld-linux-x86-64.so.2`;

export const EXEC_PROOFS: ExecProof[] = [
  { code: 'BINARY_NOT_FOUND', before: { setup: (r) => tiny(r), path: '/app/none' }, after: RUNS },
  { code: 'BINARY_PATH_DENIED', before: { setup: (r) => (tiny(r), r.chmod('/app', 0o700)), path: '/app/t', as: APP_USER }, after: { ...RUNS, as: APP_USER } },
  { code: 'BINARY_NOT_REGULAR_FILE', before: { setup: (r) => tiny(r), path: '/app' }, after: RUNS },
  { code: 'BINARY_NOEXEC_MOUNT', before: { ...RUNS, scenario: { noexec: ['/app'] } }, after: RUNS },
  { code: 'BINARY_NOT_EXECUTABLE', before: { setup: (r) => (tiny(r), r.chmod('/app/t', 0o644)), path: '/app/t' }, after: RUNS },
  { code: 'BINARY_WRONG_ARCH', before: { setup: (r) => r.copy(fixturePath('elf64-aarch64-static'), '/app/t'), path: '/app/t' }, after: RUNS },
  { code: 'BINARY_COMPAT_32BIT', before: { setup: (r, x) => r.copy(x.i386Static, '/app/t'), path: '/app/t' }, after: RUNS },
  { code: 'BINARY_NOT_A_PROGRAM', before: { setup: (r, x) => r.copy(x.object, '/app/hello'), path: '/app/hello' }, after: STATIC },
  { code: 'BINARY_MALFORMED', before: { setup: (r) => r.write('/app/t', 'version https://git-lfs.github.com/spec/v1\n', 0o755), path: '/app/t' }, after: RUNS },
  { code: 'BINARY_SCRIPT_INVALID', before: { setup: script('#!\n'), path: '/app/run' }, after: GOOD_SCRIPT },
  { code: 'BINARY_SCRIPT_CRLF', before: { setup: script('#!/bin/t\r\n'), path: '/app/run' }, after: GOOD_SCRIPT },
  { code: 'BINARY_INTERPRETER_MISSING', before: { setup: dynamic, path: '/app/hello' }, after: STATIC },
  { code: 'BINARY_INTERPRETER_DENIED', before: { setup: (r) => (glibcBase(r), r.chmod(LOADER, 0o644), dynamic(r)), path: '/app/hello' }, after: GLIBC_DYNAMIC },
  { code: 'BINARY_INTERPRETER_BAD', before: { setup: (r) => (r.write('/lib64/ld-linux-x86-64.so.2', '#!/bin/t\n', 0o755), tiny(r, '/bin/t'), dynamic(r)), path: '/app/hello' }, after: STATIC },
  { code: 'BINARY_INTERPRETER_LOOP', before: { setup: (r) => r.write('/app/run', '#!/app/run\n', 0o755), path: '/app/run' }, after: GOOD_SCRIPT },
  { code: 'BINARY_LIBRARY_MISSING', before: { setup: (r) => (glibcBase(r, { libc: false }), dynamic(r)), path: '/app/hello' }, after: STATIC },
  {
    code: 'BINARY_LIBRARY_NOT_IN_CACHE',
    before: { setup: (r, x) => (withGreet(r, x), r.write('/etc/ld.so.conf', '/opt/greet\n')), path: '/app/uses-greet' },
    after: { setup: (r, x) => (withGreet(r, x), r.write('/etc/ld.so.conf', '/opt/greet\n'), ldconfig(r)), path: '/app/uses-greet' },
  },
  {
    code: 'BINARY_LIBRARY_NOEXEC',
    before: { setup: withGreet, path: '/app/uses-greet', scenario: { noexec: ['/opt/greet'], env: { LD_LIBRARY_PATH: '/opt/greet' } } },
    after: { setup: withGreet, path: '/app/uses-greet', scenario: { env: { LD_LIBRARY_PATH: '/opt/greet' } } },
  },
];

export const PROVEN_CODES = new Set([...POD_PROOFS, ...EXEC_PROOFS].map((p) => p.code));
