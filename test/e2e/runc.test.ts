// The shipped artifact as users run it: the image's filesystem (scripts/build-rootfs.sh), its
// ENTRYPOINT and USER (from the Dockerfile), in a real OCI container made by runc from its
// default spec, with a handoff emptyDir and a termination-log file bind-mounted as the kubelet
// does. Each scenario changes only what it names.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOf, describeE2E, type ReportJson } from '../support/e2e.js';
import { IMAGE } from '../support/image.js';
import { loadManifests, podSpecOf, type PodSpec } from '../support/k8s-manifests.js';
import { containerSpecOf } from '../support/pod-oci.js';
import { basePod, POD_PROOFS } from '../support/remedy-proofs.js';
import { buildRootfs, leftoverCgroups, removeRootfs, runContainer, type ContainerSpec } from '../support/runc.js';
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

describeE2E('the image in a runc container', { root: true, tools: ['runc'] }, () => {
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

  it('k8s-examples/ns-last-pid-hostpath.yaml: its initContainer, translated to an OCI spec, is ready', async () => {
    const example = loadManifests().find((m) => m.file === 'ns-last-pid-hostpath.yaml' && m.kind === 'Deployment')!;
    const { report, exitCode } = await runPod(podSpecOf(example)!, 'hostpath-example');
    expect(report.reasons).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(exitCode).toBe(0);
    expect(facts(report, 'ns-last-pid')).toMatchObject({ writable: true, error: null });
    expect(facts(report, 'capabilities').effective).toEqual(['CAP_CHECKPOINT_RESTORE']);
  });
});
