// `explain CODE` and the report print the same remedy for the same code: the report's findings
// come from the catalogue entries, and this compares them on every code and on real findings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { explain } from '../../../src/cli/explain.js';
import { catalogue } from '../../../src/core/catalogue.js';
import { judgeChecks } from '../../../src/core/policy.js';
import { runChecks } from '../../../src/core/runner.js';
import { CGROUP_FIXTURES, CGROUP_TRUTHS } from '../../support/cgroup-truths.js';
import { fixtureContext } from '../../support/fixture-context.js';

function explainedRemedy(code: string): string {
  const match = /\nremedy:\n {2}(.*)\n/.exec(explain(code));
  if (!match) throw new Error(`explain ${code} has no remedy section`);
  return match[1]!;
}

describe('explain and the report agree', () => {
  it.each(catalogue().map((s) => [s.code, s] as const))('%s: explain prints the catalogue remedy', (_code, spec) => {
    expect(explainedRemedy(spec.code)).toBe(spec.remedy);
    expect(explain(null)).toContain(spec.code);
  });

  it('every finding the checks emit on the fixture trees carries the remedy explain prints', async () => {
    const dirs = [...CGROUP_TRUTHS.map((t) => path.join(CGROUP_FIXTURES, t.fixture)), path.join(CGROUP_FIXTURES, 'no-cgroup-mounts'), path.resolve('test/fixtures/proc')];
    let seen = 0;
    for (const dir of dirs) {
      const ctx = fixtureContext(dir, { options: { binary: '/nonexistent', appMemoryLimitBytes: 1024 } });
      const judged = judgeChecks(await runChecks(CHECKS, ctx, { only: null, skip: [] }), { severity: {}, strict: false });
      for (const finding of judged.checks.flatMap((c) => c.findings)) {
        expect(finding.remedy, finding.code).toBe(explainedRemedy(finding.code));
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
  });
});
