// Every finding code the tool can emit: the checks' own, one error code per check, and the
// run-mode handoff code. `explain` prints from here, --severity is validated against it, and
// the policy takes the error findings' texts from it.
import { CHECKS } from '../checks/index.js';
import { sharedVolume, workloadPatch } from '../remedy/patch.js';
import { findingSpec, type AnyCheck } from './check.js';
import type { Finding, FindingSpec, PatchTarget, WorkloadPatch } from './types.js';

export function errorCode(checkId: string): string {
  return `${checkId.toUpperCase().replaceAll('-', '_')}_CHECK_ERROR`;
}

type ErrorTexts = Pick<AnyCheck, 'id' | 'errorSeverity' | 'errorRemedy' | 'errorFix'>;

function errorSpec(check: ErrorTexts): FindingSpec {
  return findingSpec(errorCode(check.id), {
    severity: check.errorSeverity,
    summary: `The ${check.id} check could not decide.`,
    cause: `A file it needs was unreadable, held unexpected text, or the check ran past its time limit; the finding's message says which.`,
    remedy: check.errorRemedy,
    ...(check.errorFix ? { fix: check.errorFix } : {}),
  });
}

/** The finding for a check that could not decide, with the reason as its message. */
export function errorFinding(check: ErrorTexts, reason: string): Finding {
  const spec = errorSpec(check);
  return { code: spec.code, severity: spec.severity, message: `${check.id}: ${reason}`, remedy: spec.remedy };
}

/** The emptyDir the handoff patch adds, named as in k8s-examples/. */
const HANDOFF_VOLUME = 'preflight';

export const HANDOFF_UNWRITABLE: FindingSpec = findingSpec('HANDOFF_UNWRITABLE', {
  severity: 'fail',
  summary: 'The handoff directory is missing or not writable, so the app cannot learn the verdict.',
  cause:
    'run mode must leave the downgrade flag and preflight.env in --handoff-dir; without them the app would start ' +
    'un-degraded. The directory does not exist, is not a directory, a write, fsync or rename in it failed (read-only, ' +
    'full), a directory stands at a handoff name, or another run held its lock past --timeout. Nothing was replaced: ' +
    'the report\'s handoff.kept lists what an earlier run left there.',
  remedy:
    'Mount an emptyDir at --handoff-dir (default /shared) in both the initContainer and the app container, writable by the ' +
    'initContainer\'s user and with room for three small files; remove whatever the message names as standing in the way.',
  fix: {
    patch: (t) => sharedVolume(t, { name: HANDOFF_VOLUME, emptyDir: { sizeLimit: '1Mi' } }, t.handoffDir),
    cost: { podSecurity: 'restricted', requires: [], otherwise: 'none: without the handoff the app cannot learn the verdict' },
  },
});

export const TARGET_PROC_DENIED: FindingSpec = {
  code: 'TARGET_PROC_DENIED',
  severity: 'warn',
  summary: 'An entry of the target\'s /proc/<pid> is not readable by this process (EACCES/EPERM), so the checks that need it cannot decide.',
  cause:
    'With --pid, /proc/<pid>/root, ns/*, environ and similar entries need ptrace read access to the target: the same uid ' +
    '(and no more capabilities than the reader has), root, or CAP_SYS_PTRACE. `kubectl debug --target` runs the image\'s ' +
    'user (65532 here) with the default profile, which has none of these. One finding per unreadable entry; the checks that ' +
    'stopped on it say "could not decide" without a finding of their own; the finding then takes the severity of the ' +
    'gravest error it replaces (ns-last-pid undecided: degrade), so the verdict is never better for it.',
  remedy:
    'Run as the target\'s uid, or as root, or with CAP_SYS_PTRACE; with kubectl debug --target use --profile=general or ' +
    '--profile=sysadmin, or run the debug container as the app\'s runAsUser.',
};

export function catalogue(checks: readonly AnyCheck[] = CHECKS): FindingSpec[] {
  return [...checks.flatMap((c) => [...c.findings, errorSpec(c)]), HANDOFF_UNWRITABLE, TARGET_PROC_DENIED];
}

/** The patch of a code's remedy for these containers, or undefined when it is not a pod-spec change. */
export function patchFor(spec: FindingSpec, target: PatchTarget): WorkloadPatch | undefined {
  return spec.fix?.patch ? workloadPatch(spec.fix.patch(target)) : undefined;
}
