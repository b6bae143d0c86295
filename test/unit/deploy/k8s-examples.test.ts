// Every manifest in k8s-examples/ is schema-valid Kubernetes, and every init-preflight command
// line and PREFLIGHT_* variable in it (and in docs/deploy.md) is accepted by the real CLI parser,
// so the examples cannot drift from the tool they document.
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Namespace, Pod } from 'kubernetes-models/v1';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/parse.js';
import { docCommands } from '../../support/doc-commands.js';
import { loadManifests, podSpecOf, preflightInvocations, quantityValue, type Manifest } from '../../support/k8s-manifests.js';
import { catalogue, patchFor } from '../../../src/core/catalogue.js';
import { baselineViolations, podSecurityLevel, restrictedViolations } from '../../support/pod-security.js';
import { strategicMerge } from '../../support/strategic-merge.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR } from '../../support/k8s-manifests.js';

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 DaemonSet': DaemonSet,
  'apps/v1 Deployment': Deployment,
  'batch/v1 CronJob': CronJob,
  'v1 Namespace': Namespace,
  'v1 Pod': Pod,
};

const DEPLOY_DOC = fileURLToPath(new URL('../../../docs/deploy.md', import.meta.url));
const manifests = loadManifests();
const invocations = manifests.flatMap(preflightInvocations);

function validate(manifest: Manifest): void {
  const object: Record<string, unknown> = { ...manifest };
  delete object.file;
  const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`];
  if (!Model) throw new Error(`${manifest.file}: no model for ${manifest.apiVersion} ${manifest.kind}; add it to MODELS`);
  new Model(object as never).validate();
}

function manifestIn(file: string, kind: string): Manifest {
  const found = manifests.find((m) => m.file === file && m.kind === kind);
  if (!found) throw new Error(`k8s-examples/${file} has no ${kind}`);
  return found;
}

describe('k8s-examples manifests', () => {
  it.each(manifests.map((m) => [`${m.file} ${m.kind}`, m] as const))('%s is schema-valid', (_name, manifest) => {
    expect(() => validate(manifest)).not.toThrow();
  });

  it('a schema error fails validation', () => {
    const broken = { ...manifestIn('deployment.yaml', 'Deployment'), spec: { replicas: 'two' } };
    expect(() => validate(broken)).toThrow(/replicas/);
  });

  it('every pod with a preflight initContainer gives it the app container\'s securityContext', () => {
    const pods = manifests.map(podSpecOf).filter((p) => p?.initContainers?.length);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const app = pod!.containers.find((c) => c.name === 'app');
      for (const init of pod!.initContainers!) expect(init.securityContext).toEqual(app?.securityContext);
    }
  });

  it('restricted.yaml satisfies Pod Security "restricted" and its namespace enforces it', () => {
    const namespace = manifestIn('restricted.yaml', 'Namespace') as Manifest & { metadata: { labels: Record<string, string> } };
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(restrictedViolations(podSpecOf(manifestIn('restricted.yaml', 'Deployment'))!)).toEqual([]);
  });

  it('ns-last-pid-hostpath.yaml is the NS_LAST_PID_READ_ONLY patch applied: applying it again changes nothing', () => {
    const example = manifestIn('ns-last-pid-hostpath.yaml', 'Deployment');
    const spec = catalogue().find((s) => s.code === 'NS_LAST_PID_READ_ONLY')!;
    const patch = patchFor(spec, { appContainer: 'app', initContainer: 'preflight', handoffDir: '/shared', checks: { minMemoryBytes: 0 } });
    expect(strategicMerge(example, patch)).toEqual(example);
    expect(podSpecOf(example)?.volumes).toContainEqual({ name: 'ns-last-pid', hostPath: { path: '/proc/sys/kernel/ns_last_pid', type: 'File' } });
  });

  it('ns-last-pid-hostpath.yaml needs Pod Security "privileged": hostPath and CHECKPOINT_RESTORE are outside baseline', () => {
    const pod = podSpecOf(manifestIn('ns-last-pid-hostpath.yaml', 'Deployment'))!;
    expect(podSecurityLevel(pod)).toBe('privileged');
    expect(baselineViolations(pod)).toEqual(expect.arrayContaining(['volume ns-last-pid of type hostPath', 'app: adds capability CHECKPOINT_RESTORE']));
  });

  it.each([...new Set(manifests.map((m) => m.file))])('%s states the Pod Security level that admits it, and it does', (file) => {
    const stated = /^# Pod Security level: (privileged|baseline|restricted)\b/m.exec(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'))?.[1];
    expect(stated, `${file} has no "# Pod Security level:" line`).toBeDefined();
    const pods = manifests.filter((m) => m.file === file).map(podSpecOf).filter((p) => p !== undefined);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) expect(podSecurityLevel(pod!)).toBe(stated);
  });

  it('the levels tell baseline from privileged and restricted', () => {
    const restricted = podSpecOf(manifestIn('restricted.yaml', 'Deployment'))!;
    const withContext = (securityContext: object) => ({ ...restricted, containers: restricted.containers.map((c) => ({ ...c, securityContext: { ...(c.securityContext as object), ...securityContext } })) });
    expect(podSecurityLevel(withContext({ runAsNonRoot: false }))).toBe('baseline');
    expect(podSecurityLevel(withContext({ capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] } }))).toBe('privileged');
    expect(podSecurityLevel(withContext({ capabilities: { drop: ['ALL'], add: ['KILL'] } }))).toBe('baseline');
    expect(podSecurityLevel({ ...restricted, hostPID: true })).toBe('privileged');
    expect(baselineViolations(podSpecOf(manifestIn('node-troubleshooting.yaml', 'Pod'))!)).toEqual(
      expect.arrayContaining(['hostPID: true', 'volume host-root of type hostPath', 'preflight: privileged']),
    );
  });

  it('the restricted rules catch the default example, which adds CHECKPOINT_RESTORE as root', () => {
    expect(restrictedViolations(podSpecOf(manifestIn('deployment.yaml', 'Deployment'))!)).toEqual(
      expect.arrayContaining(['app: runAsUser 0', 'app: adds capability CHECKPOINT_RESTORE']),
    );
  });
});

describe('the node-wide scan manifests', () => {
  const scans = [manifestIn('daemonset-scan.yaml', 'DaemonSet'), manifestIn('cronjob-scan.yaml', 'CronJob')];

  it.each(scans.map((m) => [m.file, m] as const))('%s: host PID namespace, host root read-only, only SYS_PTRACE, the textfile written', (_file, manifest) => {
    const pod = podSpecOf(manifest)!;
    expect(pod.hostPID).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    const [scan] = pod.containers;
    expect(scan!.securityContext).toMatchObject({
      privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] },
    });
    const mounts = new Map((scan!.volumeMounts ?? []).map((m) => [m.mountPath, m]));
    expect(mounts.get('/host')?.readOnly).toBe(true);
    const volumes = pod.volumes as { name: string; hostPath?: { path: string } }[];
    expect(volumes.find((v) => v.name === mounts.get('/host')?.name)?.hostPath?.path).toBe('/');
    const result = parseCli(scan!.args ?? [], {});
    if (result.kind !== 'options') throw new Error('parsed to an exit');
    expect(result.options).toMatchObject({ command: 'scan', root: '/host', output: 'prometheus' });
    const file = result.options.scan.outputFile!;
    expect(file).toMatch(/\.prom$/);
    const written = mounts.get(file.slice(0, file.lastIndexOf('/')));
    expect(written && !written.readOnly).toBe(true);
  });

  it('the DaemonSet repeats; the CronJob runs once per pod, one pod per node', () => {
    const args = (m: Manifest) => podSpecOf(m)!.containers[0]!.args!;
    expect(args(scans[0]!)).toContain('--interval');
    expect(args(scans[1]!)).not.toContain('--interval');
    const job = (scans[1]!.spec as { jobTemplate: { spec: { completions: number; parallelism: number; completionMode: string } } }).jobTemplate.spec;
    expect(job).toMatchObject({ completionMode: 'Indexed', parallelism: job.completions });
    expect(JSON.stringify(podSpecOf(scans[1]!)!.affinity)).toContain('kubernetes.io/hostname');
  });
});

describe('init-preflight invocations in k8s-examples', () => {
  it('finds one in every example file', () => {
    const files = new Set(manifests.map((m) => m.file));
    expect(new Set(invocations.map((i) => i.where.split(' ')[0]))).toEqual(files);
  });

  it.each(invocations.map((i) => [i.where, i] as const))('%s parses with the real CLI parser', (_where, invocation) => {
    const result = parseCli(invocation.argv, invocation.env);
    if (result.kind !== 'options') throw new Error(`parsed to an exit: ${result.output}`);
    expect(result.options.command).toBe(invocation.argv[0] ?? 'run');
  });

  it.each(invocations.filter((i) => Object.keys(i.appLimits).length > 0).map((i) => [i.where, i] as const))(
    '%s reads the Downward API values as the app container\'s limits',
    (_where, { argv, env, appLimits }) => {
      const result = parseCli(argv, env);
      if (result.kind !== 'options') throw new Error(`parsed to an exit: ${result.output}`);
      const { appMemoryLimitBytes, appCpuMillicores } = result.options.checks;
      if (env.PREFLIGHT_APP_MEMORY_LIMIT) expect(appMemoryLimitBytes).toBe(quantityValue(appLimits.memory!));
      if (env.PREFLIGHT_APP_CPU_LIMIT) expect(appCpuMillicores).toBe(Math.round(quantityValue(appLimits.cpu!) * 1000));
    },
  );

  it.each(docCommands(DEPLOY_DOC).map((c) => [c.line, c.argv] as const))('docs/deploy.md: %s parses', (_line, argv) => {
    expect(parseCli(argv, {}).kind).toBe('options');
  });

  it('an unknown option or PREFLIGHT_* variable fails the parse', () => {
    expect(() => parseCli(['run', '--bogus-option'], {})).toThrow(/bogus-option/);
    expect(() => parseCli(['run'], { PREFLIGHT_BOGUS_OPTION: '1' })).toThrow(/PREFLIGHT_BOGUS_OPTION/);
  });
});
