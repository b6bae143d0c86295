// The cgroup checks against captured and constructed /proc + /sys trees (test/fixtures/cgroup,
// each with a README saying where its shape comes from), through the built CLI with --root.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CGROUP_FIXTURES as FIXTURES, CGROUP_ERRORS, CGROUP_TRUTHS as TRUTHS } from '../support/cgroup-truths.js';
import { checkOf, describeE2E, runCli, runJson } from '../support/e2e.js';
const CHECKS = ['--only', 'cgroup-memory,cgroup-cpu'];

async function check(fixture: string, extra: string[] = []) {
  const { run, report } = await runJson(['check', '--root', path.join(FIXTURES, fixture), ...CHECKS, ...extra]);
  return { run, report, memory: checkOf(report, 'cgroup-memory'), cpu: checkOf(report, 'cgroup-cpu') };
}

const codes = (c: { findings: { code: string }[] }) => c.findings.map((f) => f.code);

describeE2E('cgroup checks on fixture trees', {}, () => {
  it.each(TRUTHS)('$fixture: reports the true limit and the file that set it', async (truth) => {
    const { memory, cpu } = await check(truth.fixture);
    expect(memory.facts).toMatchObject({ version: truth.version, limitBytes: truth.limitBytes, limitSource: truth.limitSource });
    expect(cpu.facts.quotaMillicores).toBe(truth.quotaMillicores);
    expect(codes(memory)).toEqual(truth.memoryCodes);
  });

  it('v1-cgroupns-remount: a covered cgroup mount is not used (the cpu mount under the fresh tmpfs)', async () => {
    const { cpu } = await check('v1-cgroupns-remount');
    expect(cpu.status).toBe('error');
    expect(cpu.findings.map((f) => f.message).join()).toMatch(/no reachable cgroup mount shows the target's cpu cgroup/);
  });

  it('blocks with exit 1 when the limit is below --min-memory', async () => {
    const { run, report, memory } = await check('v1-host-colons');
    expect(run.exitCode).toBe(1);
    expect(report.reasons).toContain('MEMORY_LIMIT_TOO_LOW');
    expect(memory.facts.oomKills).toBe(1);
  });

  it('judges the app container limit when given, and the CPU quota against --min-cpu', async () => {
    const { run, memory, cpu } = await check('v1-host-colons', ['--app-memory-limit', '512Mi', '--min-cpu', '300m']);
    expect(run.exitCode).toBe(0);
    expect(memory.facts.appLimitBytes).toBe(536870912);
    expect(codes(memory)).toEqual(['MEMORY_OOM_KILLED']);
    expect(codes(cpu)).toEqual(['CPU_QUOTA_LOW']);
  });

  it.each(CGROUP_ERRORS)('%s: an error that names the cause, never a made-up limit', async (fixture, message) => {
    const { run, memory, cpu } = await check(fixture);
    expect(run.exitCode).toBe(0);
    expect(memory.status).toBe('error');
    expect(cpu.status).toBe('error');
    expect(memory.findings.map((f) => f.message).join()).toMatch(message);
    expect(memory.facts.limitBytes).toBeNull();
    expect(memory.facts.error).toMatch(message); // so that null is not read as "unlimited"
  });

  it('still judges the app limit when its own cgroup cannot be read', async () => {
    const { memory } = await check('no-cgroup-mounts', ['--app-memory-limit', '64Mi']);
    expect(codes(memory)).toEqual(['MEMORY_LIMIT_TOO_LOW', 'CGROUP_MEMORY_CHECK_ERROR']);
  });

  it('exits 2 naming the option for a garbage quantity', async () => {
    const run = await runCli(['check', '--root', path.join(FIXTURES, 'v2-private-ns'), '--app-cpu-limit', 'two']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--app-cpu-limit: "two" is not a quantity/);
  });

  it('run mode hands GOMEMLIMIT and GOMAXPROCS to the app from Downward API values', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'preflight-cgroup-'));
    try {
      const args = ['run', '--root', path.join(FIXTURES, 'v2-private-ns'), ...CHECKS, '--handoff-dir', dir, '--termination-log', path.join(dir, 'termination-log')];
      const env = { PREFLIGHT_APP_MEMORY_LIMIT: '268435456', PREFLIGHT_APP_CPU_LIMIT: '1500', PREFLIGHT_APP_CPU_DIVISOR: '1m' };
      const { run } = await runJson(args, { env });
      expect(run.exitCode).toBe(0);
      const handoff = await readFile(path.join(dir, 'preflight.env'), 'utf8');
      expect(handoff).toContain("GOMEMLIMIT='230MiB'\nGOMAXPROCS='1'\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
