// `explain CODE` and the report print the same remedy and the same patch for the same code and
// options: the report's findings come from the catalogue entries, and this compares them on every
// code and on real findings, with default and with other container names.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { explain, type Explanation } from '../../../src/cli/explain.js';
import type { Options } from '../../../src/cli/options.js';
import { parseCli } from '../../../src/cli/parse.js';
import { catalogue } from '../../../src/core/catalogue.js';
import { judgeChecks } from '../../../src/core/policy.js';
import { runChecks } from '../../../src/core/runner.js';
import { buildReport } from '../../../src/report/report.js';
import { plain } from '../../../src/report/paint.js';
import { renderText } from '../../../src/report/text.js';
import { CGROUP_FIXTURES, CGROUP_TRUTHS } from '../../support/cgroup-truths.js';
import { fixtureContext } from '../../support/fixture-context.js';

function options(argv: string[], env: Record<string, string> = {}): Options {
  const parsed = parseCli(argv, env);
  if (parsed.kind !== 'options') throw new Error(`parsed to an exit: ${parsed.output}`);
  return parsed.options;
}

const NAMED = ['--app-container', 'go-service', '--init-container', 'sandbox-check'];
/** The fixture runs judge this app limit, so MEMORY_LIMIT_TOO_LOW is among their findings. */
const SMALL_APP = ['--app-memory-limit', '1024'];

function explainedRemedy(code: string): string {
  const match = /\nremedy:\n {2}(.*)\n/.exec(explain(options(['explain', code])));
  if (!match) throw new Error(`explain ${code} has no remedy section`);
  return match[1]!;
}

const explainJson = (code: string, argv: string[] = [], env: Record<string, string> = {}) =>
  JSON.parse(explain(options(['explain', code, '--output', 'json', ...argv], env))) as Explanation;

/** The findings the checks make on the fixture trees, in a report built with `argv`'s options. */
async function reportedFindings(argv: readonly string[]) {
  const dirs = [...CGROUP_TRUTHS.map((t) => path.join(CGROUP_FIXTURES, t.fixture)), path.join(CGROUP_FIXTURES, 'no-cgroup-mounts'), path.resolve('test/fixtures/proc')];
  const opts = options(['check', ...SMALL_APP, ...argv]);
  const reports = [];
  for (const dir of dirs) {
    const ctx = fixtureContext(dir, { options: { ...opts.checks, binary: '/nonexistent' } });
    const judged = judgeChecks(await runChecks(CHECKS, ctx, { only: null, skip: [] }), { severity: {}, strict: false });
    reports.push(buildReport(judged, opts, '0.0.0', null));
  }
  return { reports, findings: reports.flatMap((r) => r.checks.flatMap((c) => c.findings)) };
}

/** The first patch printed in `text`: the indented lines below its heading, de-indented. */
function patchBlock(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith('patch (strategic merge'));
  const indent = (l: string) => l.length - l.trimStart().length;
  const body = lines.slice(start + 1);
  const end = body.findIndex((l) => indent(l) <= indent(lines[start]!) || l.trim() === '');
  const block = body.slice(0, end);
  const least = Math.min(...block.map(indent));
  return block.map((l) => l.slice(least)).join('\n');
}

describe('explain and the report agree', () => {
  it.each(catalogue().map((s) => [s.code, s] as const))('%s: explain prints the catalogue remedy', (_code, spec) => {
    expect(explainedRemedy(spec.code)).toBe(spec.remedy);
    expect(explain(options(['explain']))).toContain(spec.code);
  });

  it('every finding the checks emit on the fixture trees carries the remedy explain prints', async () => {
    const { findings } = await reportedFindings([]);
    for (const finding of findings) expect(finding.remedy, finding.code).toBe(explainedRemedy(finding.code));
    expect(findings.length).toBeGreaterThan(20);
  });

  it.each([['default names', []], ['--app-container/--init-container', NAMED]] as const)(
    'with %s, each finding carries the patch `explain CODE --output json` prints for the same options',
    async (_name, argv) => {
      const { findings } = await reportedFindings(argv);
      const patched = findings.filter((f) => f.patch);
      for (const finding of findings) expect(finding.patch ?? null, finding.code).toEqual(explainJson(finding.code, [...SMALL_APP, ...argv]).patch);
      expect(new Set(patched.map((f) => f.code))).toEqual(new Set(['MEMORY_LIMIT_TOO_LOW']));
    },
  );

  it('the text report and `explain CODE` print the same patch YAML', async () => {
    const { reports } = await reportedFindings(NAMED);
    const text = reports.map((r) => renderText(r, { paint: plain, width: null })).join('');
    const explained = explain(options(['explain', 'MEMORY_LIMIT_TOO_LOW', ...SMALL_APP, ...NAMED]));
    const yaml = patchBlock(explained);
    expect(yaml).toContain('- name: go-service');
    expect(patchBlock(text)).toBe(yaml);
  });

  it('patches name the containers from the options or PREFLIGHT_APP_CONTAINER/PREFLIGHT_INIT_CONTAINER; securityContexts stay equal', () => {
    const patch = explainJson('NS_LAST_PID_NOT_PERMITTED', [], { PREFLIGHT_APP_CONTAINER: 'api', PREFLIGHT_INIT_CONTAINER: 'check' }).patch!;
    const pod = patch.spec.template.spec as { containers: { name: string; securityContext: unknown }[]; initContainers: { name: string; securityContext: unknown }[] };
    expect(pod.containers.map((c) => c.name)).toEqual(['api']);
    expect(pod.initContainers.map((c) => c.name)).toEqual(['check']);
    expect(pod.initContainers[0]!.securityContext).toEqual(pod.containers[0]!.securityContext);
    expect(explainJson('NS_LAST_PID_NOT_PERMITTED').patch).not.toEqual(patch);
  });

  it('a memory patch raises the app\'s limit to --min-memory, and this container\'s too when the app\'s limit is not given', () => {
    const appOnly = explainJson('MEMORY_LIMIT_TOO_LOW', ['--min-memory', '1Gi', '--app-memory-limit', '512Mi']).patch!.spec.template.spec;
    expect(appOnly).toEqual({ containers: [{ name: 'app', resources: { limits: { memory: '1024Mi' } } }] });
    const both = explainJson('MEMORY_LIMIT_TOO_LOW').patch!.spec.template.spec;
    expect(both).toMatchObject({ initContainers: [{ name: 'preflight', resources: { limits: { memory: '128Mi' } } }] });
  });

  it('a code whose remedy is not a pod-spec change says so; an unproven remedy says so in its text', () => {
    const e = explainJson('BINARY_INTERPRETER_MISSING');
    expect(e).toMatchObject({ patch: null, noPatch: expect.stringMatching(/^not a pod-spec change/), proven: true });
    expect(explain(options(['explain', 'BINARY_INTERPRETER_MISSING']))).toMatch(/^patch: none \(not a pod-spec change/m);
    const missing = explainJson('NS_LAST_PID_MISSING');
    expect(missing.proven).toBe(false);
    expect(missing.remedy).toMatch(/Not proven by a test here: a container cannot change the kernel/);
  });

  it('an invalid container name is a usage error', () => {
    expect(() => options(['explain', '--app-container', 'App_1'])).toThrow(/--app-container/);
  });
});
