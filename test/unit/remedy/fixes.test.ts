// What the catalogue promises about remedies, held to the rules: every degrade and fail code has
// a fix; "proven" means a scenario in test/support/remedy-proofs.ts applies it; each patch, applied
// to the examples' pods, stays a valid Deployment, keeps the app's and the initContainer's
// securityContexts equal, and needs exactly the Pod Security level the catalogue states.
import { Deployment } from 'kubernetes-models/apps/v1';
import { describe, expect, it } from 'vitest';
import { catalogue, patchFor } from '../../../src/core/catalogue.js';
import type { FindingSpec, PatchTarget } from '../../../src/core/types.js';
import { loadManifests, podSpecOf, type Manifest } from '../../support/k8s-manifests.js';
import { podSecurityLevel } from '../../support/pod-security.js';
import { PROVEN_CODES } from '../../support/remedy-proofs.js';
import { strategicMerge } from '../../support/strategic-merge.js';

const TARGET: PatchTarget = { appContainer: 'app', initContainer: 'preflight', handoffDir: '/shared', checks: { minMemoryBytes: 128 * 2 ** 20 } };
const specs = catalogue();
const judged = specs.filter((s) => s.severity === 'degrade' || s.severity === 'fail');
const patched = specs.filter((s) => s.fix?.patch);

function deployment(file: string): Manifest {
  const found = loadManifests().find((m) => m.file === file && m.kind === 'Deployment');
  if (!found) throw new Error(`k8s-examples/${file} has no Deployment`);
  const object: Manifest = { ...found };
  delete (object as Partial<Manifest>).file;
  return object;
}

const applied = (file: string, spec: FindingSpec) => strategicMerge(deployment(file), patchFor(spec, TARGET));

describe('remedies in the catalogue', () => {
  it.each(judged.map((s) => [s.code, s] as const))('%s (degrade or fail) has a fix with its cost', (_code, spec) => {
    expect(spec.fix).toBeDefined();
    expect(['restricted', 'baseline', 'privileged']).toContain(spec.fix!.cost.podSecurity);
    expect(spec.fix!.cost.otherwise.length).toBeGreaterThan(0);
  });

  it.each(specs.filter((s) => s.fix).map((s) => [s.code, s] as const))('%s: proven exactly when a scenario applies it; unproven says so in the remedy', (code, spec) => {
    const unproven = spec.fix!.unproven;
    expect(PROVEN_CODES.has(code), unproven ? `declared unproven: ${unproven}` : 'declared proven').toBe(unproven === undefined);
    if (unproven) expect(spec.remedy).toContain(`Not proven by a test here: ${unproven}`);
  });

  it('the proof scenarios name only codes in the catalogue', () => {
    const codes = new Set(specs.map((s) => s.code));
    expect([...PROVEN_CODES].filter((c) => !codes.has(c))).toEqual([]);
  });

  it('the pod-spec remedies have patches', () => {
    expect(patched.map((s) => s.code).sort()).toEqual(['HANDOFF_UNWRITABLE', 'MEMORY_LIMIT_TOO_LOW', 'NS_LAST_PID_NOT_PERMITTED', 'NS_LAST_PID_READ_ONLY', 'PIDNS_CREATE_DENIED', 'PIDNS_HOST']);
  });

  it.each(patched.map((s) => [s.code, s] as const))('%s: applied to restricted.yaml, needs the stated Pod Security level', (_code, spec) => {
    expect(podSecurityLevel(podSpecOf(deployment('restricted.yaml'))!)).toBe('restricted');
    expect(podSecurityLevel(podSpecOf(applied('restricted.yaml', spec))!)).toBe(spec.fix!.cost.podSecurity);
  });

  it.each(patched.flatMap((s) => ['restricted.yaml', 'deployment.yaml'].map((f) => [s.code, f, s] as const)))(
    '%s applied to %s: a valid Deployment, the two securityContexts still equal',
    (_code, file, spec) => {
      const result = applied(file, spec);
      expect(() => new Deployment(result as never).validate()).not.toThrow();
      const pod = podSpecOf(result)!;
      const app = pod.containers.find((c) => c.name === 'app')!;
      expect(pod.initContainers!.find((c) => c.name === 'preflight')!.securityContext).toEqual(app.securityContext);
      expect(result).not.toEqual(deployment(file));
    },
  );
});
