// The shipped artifact as users run it: the image's filesystem (scripts/build-rootfs.sh), its
// ENTRYPOINT and USER (from the Dockerfile), in a real OCI container made by runc from its
// default spec, with a handoff emptyDir and a termination-log file bind-mounted as the kubelet
// does. Each scenario changes only what it names.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOf, describeE2E, runJson, type ReportJson } from '../support/e2e.js';
import { IMAGE } from '../support/image.js';
import { loadManifests, podSpecOf, type PodSpec } from '../support/k8s-manifests.js';
import { buildHelpers, measured, NAMESPACE_CHECKS, predicted, removeHelpers, routes, type Helpers, type KernelAnswer } from '../support/ns-truth.js';
import { containerSpecOf } from '../support/pod-oci.js';
import { basePod, POD_PROOFS } from '../support/remedy-proofs.js';
import { buildRootfs, holdContainer, leftoverCgroups, removeRootfs, runContainer, type ContainerSpec } from '../support/runc.js';
import { strategicMerge } from '../support/strategic-merge.js';

const MiB = 1024 * 1024;
const HANDOFF = '/shared';
const TERMINATION_LOG = '/dev/termination-log';

interface Pod {
  /** The emptyDir the kubelet would mount at /shared, on the host side. */
  handoffDir: string;
  terminationLog: string;
}

/** Host-side stand-ins for what the kubelet makes for a pod: an emptyDir and a termination log. */
async function makePod(scratch: string, name: string): Promise<Pod> {
  const handoffDir = await mkdtemp(path.join(scratch, `${name}-shared-`));
  await chmod(handoffDir, 0o777); // an emptyDir is world-writable
  const terminationLog = path.join(scratch, `${name}-termination-log`);
  await writeFile(terminationLog, '', { mode: 0o666 });
  await chmod(terminationLog, 0o666);
  return { handoffDir, terminationLog };
}

const facts = (report: ReportJson, id: string) => checkOf(report, id).facts;
const findings = (report: ReportJson) => report.checks.flatMap((c) => c.findings);

describeE2E('the image in a runc container', { root: true, tools: ['runc', 'gcc'] }, () => {
  let rootfs = '';
  let scratch = '';

  beforeAll(async () => {
    rootfs = await buildRootfs();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'preflight-pods-'));
  });

  afterAll(async () => {
    if (rootfs) await removeRootfs(rootfs);
    if (scratch) await rm(scratch, { recursive: true, force: true });
    expect(leftoverCgroups()).toEqual([]);
  });

  /** `run --output json` in a container with the pod's mounts; the report it printed. */
  async function runPreflight(pod: Pod, spec: Omit<ContainerSpec, 'args'>, args: string[] = []) {
    const result = await runContainer(rootfs, {
      ...spec,
      args: ['run', '--output', 'json', ...args],
      binds: [
        { source: pod.handoffDir, destination: HANDOFF },
        { source: pod.terminationLog, destination: TERMINATION_LOG },
      ],
    });
    expect(result.stderr).not.toMatch(/at .*\.mjs:\d+/); // no stack traces
    return { ...result, report: JSON.parse(result.stdout) as ReportJson };
  }

  const flagFile = (pod: Pod) => path.join(pod.handoffDir, 'disable_pid_ns');

  describe('default spec (+256Mi), then /proc/sys writable with CHECKPOINT_RESTORE, same emptyDir', () => {
    let pod: Pod;
    beforeAll(async () => {
      pod = await makePod(scratch, 'default');
    });

    it('degraded by NS_LAST_PID_READ_ONLY (EROFS): container, NoNewPrivs, no SYS_ADMIN/CHECKPOINT_RESTORE, flag written', async () => {
      const { exitCode, report } = await runPreflight(pod, { memoryLimitBytes: 256 * MiB });
      expect(exitCode).toBe(0);
      expect(report.verdict).toBe('degraded');
      expect(report.reasons).toContain('NS_LAST_PID_READ_ONLY');
      expect(facts(report, 'pid-namespace').kind).toBe('container');
      const caps = facts(report, 'capabilities');
      expect(caps.noNewPrivs).toBe(true);
      expect(caps.effective).not.toContain('CAP_SYS_ADMIN');
      expect(caps.effective).not.toContain('CAP_CHECKPOINT_RESTORE');
      expect(facts(report, 'ns-last-pid')).toMatchObject({ error: 'EROFS', writable: false });
      expect(await readFile(flagFile(pod), 'utf8')).toContain('NS_LAST_PID_READ_ONLY');
      expect(await readFile(path.join(pod.handoffDir, 'preflight.env'), 'utf8')).toContain("PREFLIGHT_DISABLE_PID_NS='1'");
      expect(JSON.parse(await readFile(path.join(pod.handoffDir, 'preflight.json'), 'utf8'))).toMatchObject({ verdict: 'degraded' });
    });

    it('ready once /proc/sys is writable and CHECKPOINT_RESTORE granted; the earlier flag is removed', async () => {
      expect(existsSync(flagFile(pod))).toBe(true);
      const { exitCode, report } = await runPreflight(pod, {
        memoryLimitBytes: 256 * MiB,
        procSysWritable: true,
        addCapabilities: ['CAP_CHECKPOINT_RESTORE'],
      });
      expect(report.reasons).toEqual([]);
      expect(report.verdict).toBe('ready');
      expect(exitCode).toBe(0);
      expect(facts(report, 'capabilities').hasCheckpointRestore).toBe(true);
      expect(facts(report, 'ns-last-pid')).toMatchObject({ error: null, writable: true });
      expect(existsSync(flagFile(pod))).toBe(false);
      expect(await readFile(path.join(pod.handoffDir, 'preflight.env'), 'utf8')).toContain("PREFLIGHT_DISABLE_PID_NS='0'");
    });
  });

  it('64Mi limit: blocked by MEMORY_LIMIT_TOO_LOW, said in the termination message', async () => {
    const pod = await makePod(scratch, 'small');
    const { exitCode, report } = await runPreflight(pod, { memoryLimitBytes: 64 * MiB });
    expect(report.verdict).toBe('blocked');
    expect(report.reasons).toContain('MEMORY_LIMIT_TOO_LOW');
    expect(facts(report, 'cgroup-memory').limitBytes).toBe(64 * MiB);
    expect(exitCode).toBe(1);
    expect(await readFile(pod.terminationLog, 'utf8')).toContain('MEMORY_LIMIT_TOO_LOW');
    expect(existsSync(flagFile(pod))).toBe(false);
  });

  it('in a cgroup namespace: still a container, the limit found at the namespace root', async () => {
    const pod = await makePod(scratch, 'cgroupns');
    const { exitCode, report } = await runPreflight(pod, { memoryLimitBytes: 256 * MiB, cgroupNamespace: true });
    expect(exitCode).toBe(0);
    expect(report.verdict).toBe('degraded');
    expect(facts(report, 'pid-namespace').kind).toBe('container');
    expect(facts(report, 'cgroup-memory')).toMatchObject({ path: '/', limitBytes: 256 * MiB });
  });

  it("as the image's USER with a read-only root filesystem: degraded, handoff written as that user", async () => {
    const pod = await makePod(scratch, 'nonroot');
    const { exitCode, report } = await runPreflight(pod, { memoryLimitBytes: 256 * MiB, user: IMAGE.user, readonlyRoot: true });
    expect(IMAGE.user.uid).toBe(65532);
    expect(exitCode).toBe(0);
    expect(report.verdict).toBe('degraded');
    expect(facts(report, 'capabilities').effective).toEqual([]);
    expect(facts(report, 'ns-last-pid').error).toBe('EROFS');
    expect((await stat(path.join(pod.handoffDir, 'preflight.json'))).uid).toBe(IMAGE.user.uid);
    expect(await readFile(flagFile(pod), 'utf8')).toContain('NS_LAST_PID_READ_ONLY');
  });

  it('node level, as k8s-examples/node-troubleshooting.yaml: `init-preflight check --root /host` with hostPID sees the host', async () => {
    const result = await runContainer(rootfs, {
      command: ['init-preflight'],
      args: ['check', '--root', '/host', '--output', 'json'],
      hostPid: true,
      binds: [{ source: '/', destination: '/host', readonly: true }],
    });
    const report = JSON.parse(result.stdout) as ReportJson;
    expect(result.exitCode).toBe(0);
    expect(facts(report, 'pid-namespace')).toMatchObject({ kind: 'host', depth: 0 });
    expect(report.reasons).toContain('PIDNS_HOST');
  });

  /**
   * The initContainer of `pod` as runc runs it (test/support/pod-oci.ts), with a fresh host
   * directory for each emptyDir and the kubelet's termination log; `run --output json` via env.
   */
  async function runPod(pod: PodSpec, name: string) {
    const emptyDirs: Record<string, string> = {};
    for (const v of (pod as { volumes?: { name: string; emptyDir?: object }[] }).volumes ?? []) {
      if (v.emptyDir) emptyDirs[v.name] = (await makePod(scratch, `${name}-${v.name}`)).handoffDir;
    }
    const { terminationLog } = await makePod(scratch, `${name}-log`);
    const spec = containerSpecOf(pod, 'preflight', emptyDirs);
    const result = await runContainer(rootfs, {
      ...spec,
      env: { ...spec.env, PREFLIGHT_OUTPUT: 'json' },
      binds: [...(spec.binds ?? []), { source: terminationLog, destination: TERMINATION_LOG }],
    });
    try {
      return { ...result, report: JSON.parse(result.stdout) as ReportJson };
    } catch {
      throw new Error(`no JSON report (exit ${result.exitCode}): ${result.stdout}\n${result.stderr}`);
    }
  }

  describe('remedies: the patch the report prints, applied to the pod, clears its finding and fails nothing new', () => {
    it.each(POD_PROOFS.map((p) => [p.code, p] as const))('%s', async (code, proof) => {
      const pod = proof.before(basePod());
      const before = await runPod(pod, `${code}-before`);
      const finding = findings(before.report).find((f) => f.code === code);
      expect(finding, `before: ${before.report.reasons.join(', ')}`).toBeDefined();
      expect(finding!.patch).toBeDefined();
      const after = await runPod(strategicMerge(pod, finding!.patch!.spec.template.spec), `${code}-after`);
      expect(findings(after.report).map((f) => f.code)).not.toContain(code);
      expect(after.report.reasons.filter((r) => !before.report.reasons.includes(r))).toEqual([]);
    });
  });

  it('the alternative for NS_LAST_PID_READ_ONLY: procMount Unmasked with hostUsers: false and CHECKPOINT_RESTORE as uid 0 is ready', async () => {
    await chmod(scratch, 0o755); // the user namespace's root must reach the emptyDir
    const securityContext = { procMount: 'Unmasked', runAsUser: 0, capabilities: { add: ['CHECKPOINT_RESTORE'] } };
    const pod = strategicMerge(basePod(), { hostUsers: false, initContainers: [{ name: 'preflight', securityContext }], containers: [{ name: 'app', securityContext }] });
    const { report } = await runPod(pod, 'unmasked');
    expect(facts(report, 'capabilities').userNamespace).toBe('nested');
    expect(facts(report, 'ns-last-pid')).toMatchObject({ writable: true, error: null });
    expect(report.verdict).toBe('ready');
  });

  it('k8s-examples/ns-last-pid-hostpath.yaml: its initContainer, translated to an OCI spec, is ready', async () => {
    const example = loadManifests().find((m) => m.file === 'ns-last-pid-hostpath.yaml' && m.kind === 'Deployment')!;
    const { report, exitCode } = await runPod(podSpecOf(example)!, 'hostpath-example');
    expect(report.reasons).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(exitCode).toBe(0);
    expect(facts(report, 'ns-last-pid')).toMatchObject({ writable: true, error: null });
    expect(facts(report, 'capabilities').effective).toEqual(['CAP_CHECKPOINT_RESTORE']);
  });
  // The kernel's answers (test/support/ns-truth.c, bind-mounted) in the same container spec as
  // the tool's write test, its prediction, and the node's prediction (--pid) of a held helper.
  describe('namespace answers equal the kernel\'s, as the image\'s USER', () => {
    let helpers: Helpers;
    beforeAll(async () => {
      helpers = await buildHelpers();
      await chmod(helpers.dir, 0o755); // a user namespace's ids must reach the bind source
    });
    afterAll(async () => {
      if (helpers) await removeHelpers(helpers);
    });

    const USERNS = { userNamespace: { hostId: 100_000, size: 65_536 } };
    const asRoot = { user: { uid: 0, gid: 0 } };
    it.each([
      // runc's default capability set (no SYS_ADMIN, no SETFCAP), no user namespace.
      { name: 'default spec', spec: {}, kernel: { nsLastPid: 'EROFS', direct: 'EPERM', viaUserNamespace: 'created' }, decidedBy: 'read-only-mount' },
      { name: 'in a user namespace', spec: USERNS, kernel: { nsLastPid: 'EROFS', direct: 'EPERM', viaUserNamespace: 'created' }, decidedBy: 'read-only-mount' },
      { name: 'in a user namespace, /proc/sys writable', spec: { ...USERNS, procSysWritable: true }, kernel: { nsLastPid: 'EPERM', direct: 'EPERM', viaUserNamespace: 'created' }, decidedBy: 'capability' },
      // Root of the user namespace with SYS_ADMIN: the write works, but /proc cannot tell this
      // PID namespace's owner from an ancestor (test/e2e/ns-truth.test.ts shows both answers).
      { name: 'root with SYS_ADMIN in a user namespace, /proc/sys writable', spec: { ...USERNS, ...asRoot, procSysWritable: true, addCapabilities: ['CAP_SYS_ADMIN'] }, kernel: { nsLastPid: 'ok', direct: 'created', viaUserNamespace: 'created' }, decidedBy: null },
    ] as { name: string; spec: Omit<ContainerSpec, 'args'>; kernel: KernelAnswer; decidedBy: string | null }[])('$name', async ({ spec, kernel, decidedBy }) => {
      const base = { user: IMAGE.user, ...spec };
      const truth = { ...base, command: ['/ns-truth'], binds: [{ source: helpers.truth, destination: '/ns-truth', readonly: true }] };
      expect(JSON.parse((await runContainer(rootfs, { ...truth, args: [] })).stdout)).toEqual(kernel);

      const check = async (args: string[]) => JSON.parse((await runContainer(rootfs, { ...base, args: ['check', '--output', 'json', ...NAMESPACE_CHECKS, ...args] })).stdout) as ReportJson;
      const tested = await check([]);
      expect(facts(tested, 'pidns-create')).toMatchObject({ tool: '/usr/bin/unshare' });
      expect(routes(tested)).toEqual({ direct: kernel.direct, viaUserNamespace: kernel.viaUserNamespace });
      expect(measured(tested)).toBe(kernel.nsLastPid);
      expect(facts(tested, 'pid-namespace').kind).toBe('container');

      const fromNode = await holdContainer(rootfs, { ...truth, args: ['hold'] }, async ({ pid, firstLine }) => {
        expect(JSON.parse(firstLine)).toEqual(kernel);
        return (await runJson(['check', '--pid', String(pid), ...NAMESPACE_CHECKS])).report;
      });
      for (const report of [await check(['--no-write-test']), fromNode]) {
        expect(predicted(report)).toBe(decidedBy === null ? null : kernel.nsLastPid);
        expect(facts(report, 'ns-last-pid').decidedBy).toBe(decidedBy);
      }
    });

    it('pidns-create runs in the image as uid 65532 with the default capabilities: one route, said as info', async () => {
      const run = await runContainer(rootfs, { user: IMAGE.user, args: ['check', '--output', 'json', '--only', 'pidns-create'] });
      const report = JSON.parse(run.stdout) as ReportJson;
      expect(checkOf(report, 'pidns-create')).toMatchObject({ status: 'pass', findings: [{ code: 'PIDNS_CREATE_ONE_ROUTE', severity: 'info' }] });
      expect(checkOf(report, 'pidns-create').findings[0]!.message).toMatch(/only in a new user namespace/);
      expect(facts(report, 'pidns-create')).toMatchObject({ hasSysAdmin: false, direct: { reason: 'no CAP_SYS_ADMIN' } });
    });
  });
});
