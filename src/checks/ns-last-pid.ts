// ns-last-pid: can the app set the next PID of its namespace? A real write of the value just
// read where the target is this process; a prediction from the mount, the capabilities and the
// user namespace that owns the PID namespace (pidns/ownership.ts) elsewhere.
import path from 'node:path';
import { defineCheck, defineFindings, undecided } from '../core/check.js';
import { grantAsRoot, inBothContainers, NOT_A_POD_SPEC_CHANGE, RUN_DEGRADED, sharedVolume } from '../remedy/patch.js';
import { errnoOf } from '../core/result.js';
import type { Finding, ProbeOutcome } from '../core/types.js';
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, hasCapability } from '../parse/capabilities.js';
import { compareKernel, parseKernelRelease } from '../parse/kernel-release.js';
import { isReadOnly, mountFor, parseMountinfo } from '../parse/mountinfo.js';
import { INITIAL_PID_NS_INODE, INITIAL_USER_NS_INODE } from '../parse/ns-link.js';
import { findNamespaceInit } from '../pidns/init.js';
import { capableInPidNamespaceOwner, type DecidedBy } from '../pidns/ownership.js';
import type { ProbeContext } from '../probe/context.js';
import { readText, writeInPlace } from '../probe/fs.js';
import { readKernelRelease, readNamespaceInode, readProcText, readStatus } from '../probe/proc.js';
import { isDigits } from '../parse/text.js';

const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';
const GRANT_CAPS =
  'add CHECKPOINT_RESTORE to capabilities.add and set runAsUser: 0 (kernel >= 5.9; SYS_ADMIN on older kernels; ' +
  'runtimes give added capabilities only to uid 0, and capabilities.add is replaced, not merged: keep others you add)';

const CHECKPOINT_RESTORE_AS_ROOT = grantAsRoot('CHECKPOINT_RESTORE');
const CAPABILITY_KERNEL = 'Linux >= 5.9 for CAP_CHECKPOINT_RESTORE (older kernels: SYS_ADMIN instead)';
const CLONE3 =
  'for app authors: clone3 with set_tid (Linux >= 5.5) chooses the PID without ns_last_pid: it needs the same capability but no writable /proc/sys';

const F = defineFindings({
  NS_LAST_PID_MISSING: {
    severity: 'degrade',
    summary: '/proc/sys/kernel/ns_last_pid does not exist.',
    cause: 'The kernel was built without CONFIG_CHECKPOINT_RESTORE, so the last PID of a namespace cannot be set.',
    remedy: 'Run on nodes whose kernel has CONFIG_CHECKPOINT_RESTORE=y (all major distributions), or run the app degraded.',
    fix: {
      noPatch: `${NOT_A_POD_SPEC_CHANGE}: the node's kernel configuration`,
      cost: { podSecurity: 'restricted', requires: ['a node kernel with CONFIG_CHECKPOINT_RESTORE=y'], otherwise: RUN_DEGRADED },
      unproven: 'a container cannot change the kernel it runs on',
    },
  },
  NS_LAST_PID_READ_ONLY: {
    severity: 'degrade',
    summary: 'Writing ns_last_pid fails with EROFS: /proc/sys is mounted read-only.',
    cause:
      'Container runtimes (runc, containerd, CRI-O, Docker) remount /proc/sys read-only for unprivileged containers; ' +
      'the write fails before any capability is checked.',
    remedy:
      `Mount ${NS_LAST_PID} over itself read-write (a hostPath volume of type File at the same path, in the app and the initContainer: ` +
      "the sysctl acts on the writer's own PID namespace, not the node's), and in both securityContexts " +
      `${GRANT_CAPS}. Otherwise let the app start with PID-namespace features off.`,
    fix: {
      patch: (t) => sharedVolume(t, { name: 'ns-last-pid', hostPath: { path: NS_LAST_PID, type: 'File' } }, NS_LAST_PID, CHECKPOINT_RESTORE_AS_ROOT),
      cost: {
        podSecurity: 'privileged',
        requires: [
          CAPABILITY_KERNEL,
          'runc >= 1.1.2, which allows this one bind mount below /proc (proven with runc 1.1.5; other runtimes not verified here)',
          'a node kernel with CONFIG_CHECKPOINT_RESTORE, or the hostPath of type File is missing and the pod does not start',
        ],
        otherwise:
          `${RUN_DEGRADED}; or procMount: Unmasked with hostUsers: false (the ProcMountType and UserNamespacesSupport features) and the same ` +
          `capability as uid 0, also outside baseline (proven in runc too: a user namespace, /proc/sys left out of readonlyPaths); ${CLONE3}`,
      },
    },
  },
  NS_LAST_PID_NOT_PERMITTED: {
    severity: 'degrade',
    summary: 'Writing ns_last_pid fails with EPERM: no CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE where the kernel asks.',
    cause:
      'The kernel checks CAP_SYS_ADMIN or (since 5.9) CAP_CHECKPOINT_RESTORE in the user namespace that owns the ' +
      'PID namespace (the one its creator ran in), or that the process\'s euid created that user namespace. A process ' +
      'in a nested user namespace has no capability in an ancestor\'s, even with every capability in its own and an ' +
      'identity id map: `unshare -r` without its own PID namespace gets EPERM.',
    remedy:
      `In the app's and the initContainer's securityContext, ${GRANT_CAPS}; in a user namespace, the PID namespace ` +
      'must be created inside it (hostUsers: false does both).',
    fix: {
      patch: (t) => inBothContainers(t, CHECKPOINT_RESTORE_AS_ROOT),
      cost: { podSecurity: 'privileged', requires: [CAPABILITY_KERNEL], otherwise: RUN_DEGRADED },
    },
  },
  NS_LAST_PID_DENIED: {
    severity: 'degrade',
    summary: 'Opening ns_last_pid for writing fails with EACCES.',
    cause: 'File permissions or a security module (AppArmor, SELinux) deny write access to the sysctl.',
    remedy: 'Allow writes to /proc/sys/kernel/ns_last_pid in the pod\'s AppArmor/SELinux profile, or run the app degraded.',
    fix: {
      noPatch: 'which profile rule denies the write is not known here',
      cost: { podSecurity: 'baseline', requires: ['a Localhost AppArmor profile or an SELinux policy installed on the nodes'], otherwise: RUN_DEGRADED },
      unproven: 'this machine runs no AppArmor or SELinux to deny the write',
    },
  },
});

const ERRNO_FINDINGS = {
  EROFS: 'NS_LAST_PID_READ_ONLY',
  EPERM: 'NS_LAST_PID_NOT_PERMITTED',
  EACCES: 'NS_LAST_PID_DENIED',
} as const;

interface WriteTest {
  writable: boolean;
  error: string | null;
}

/** Writes back the value just read: harmless, because the kernel skips PIDs still in use. */
async function writeBack(file: string, value: string): Promise<WriteTest> {
  try {
    await writeInPlace(file, `${value}\n`);
    return { writable: true, error: null };
  } catch (err) {
    return { writable: false, error: errnoOf(err) };
  }
}

/** The kernel rule that decided a prediction. */
export type PredictionRule = 'missing' | 'read-only-mount' | DecidedBy;

type Prediction =
  | { writable: boolean; error: string | null; decidedBy: PredictionRule }
  | { writable: null; error: null; decidedBy: null; reason: string };

const unpredictable = (reason: string): Prediction => ({ writable: null, error: null, decidedBy: null, reason });

/** Whether the effective set holds a capability the kernel accepts for the write. */
async function holdsCapability(ctx: ProbeContext): Promise<boolean | null> {
  const [status, release] = await Promise.all([readStatus(ctx, ctx.pid), readKernelRelease(ctx)]);
  const capEff = status.ok ? status.value.capEff : null;
  if (capEff === null) return null;
  const kernel = release.ok ? parseKernelRelease(release.value) : null;
  const checkpointCounts = kernel !== null && compareKernel(kernel, { major: 5, minor: 9, patch: 0 }) >= 0;
  return hasCapability(capEff, CAP_SYS_ADMIN) || (checkpointCounts && hasCapability(capEff, CAP_CHECKPOINT_RESTORE));
}

/** The user namespaces of the target and of its PID namespace's init, or why one is unknown. */
async function userNamespaces(ctx: ProbeContext): Promise<{ userNs: number; initUserNs: number } | string> {
  const [userNs, pidNs, pid1] = await Promise.all([
    readNamespaceInode(ctx, ctx.pid, 'user'),
    readNamespaceInode(ctx, ctx.pid, 'pid'),
    readNamespaceInode(ctx, 1, 'pid'),
  ]);
  if (!userNs.ok) return `the user namespace link cannot be read (${userNs.code})`;
  if (!pidNs.ok) return `the PID namespace link cannot be read (${pidNs.code})`;
  // The kernel gives the initial PID namespace to the initial user namespace (init_pid_ns), and
  // the host's PID 1 is often unreadable, even for root.
  if (pidNs.value === INITIAL_PID_NS_INODE) return { userNs: userNs.value, initUserNs: INITIAL_USER_NS_INODE };
  const init = await findNamespaceInit(ctx, pidNs.value, pid1.ok ? pid1.value : null);
  if (!init.ok) return `PID 1 of the namespace is unknown: ${init.message}`;
  const initUserNs = await readNamespaceInode(ctx, init.value.pid, 'user');
  if (!initUserNs.ok) return `the user namespace of the namespace's PID 1 cannot be read (${initUserNs.code})`;
  return { userNs: userNs.value, initUserNs: initUserNs.value };
}

/** What the kernel would answer to a write, from the mount, the capabilities and the owner. */
async function predict(ctx: ProbeContext, readOnlyMount: boolean | null): Promise<Prediction> {
  // A read-only mount fails the open, before any capability is checked.
  if (readOnlyMount) return { writable: false, error: 'EROFS', decidedBy: 'read-only-mount' };
  if (readOnlyMount === null) return unpredictable('the mount table could not be read');
  const [holds, namespaces] = await Promise.all([holdsCapability(ctx), userNamespaces(ctx)]);
  if (holds === null) return unpredictable('the capabilities could not be read');
  if (typeof namespaces === 'string') return unpredictable(namespaces);
  const owner = capableInPidNamespaceOwner({ ...namespaces, holdsCapability: holds });
  if (owner.capable === null) return unpredictable(owner.reason);
  return { writable: owner.capable, error: owner.capable ? null : 'EPERM', decidedBy: owner.decidedBy };
}

async function readOnlyMountOf(ctx: ProbeContext): Promise<boolean | null> {
  const text = await readProcText(ctx, ctx.pid, 'mountinfo');
  if (!text.ok) return null;
  const mount = mountFor(parseMountinfo(text.value), NS_LAST_PID);
  return mount ? isReadOnly(mount) : null;
}

const OWNER_IS_ANCESTOR =
  'Writing ns_last_pid fails with EPERM: the PID namespace belongs to the initial user namespace, an ancestor of ' +
  'this process\'s, where it holds no capability.';

function findingFor(errno: string | null, tested: boolean, decidedBy: PredictionRule | null): Finding | null {
  if (errno === null) return null;
  const code = ERRNO_FINDINGS[errno as keyof typeof ERRNO_FINDINGS];
  if (!code) return null;
  const finding = F.make(code, code === 'NS_LAST_PID_NOT_PERMITTED' && decidedBy === 'owner-is-ancestor' ? OWNER_IS_ANCESTOR : undefined);
  return tested ? finding : { ...finding, message: `Predicted (no write test): ${finding.message}` };
}

function whyUntested(ctx: ProbeContext): string | null {
  if (!ctx.allowWrite) return '--no-write-test';
  if (!ctx.isSelf) return 'the target is not this process: a write would act on this process\'s PID namespace';
  return null;
}

export interface NsLastPidFacts {
  present: boolean | null;
  /** The counter of this process's namespace (null for another target: the file shows the reader's). */
  value: number | null;
  tested: boolean;
  writable: boolean | null;
  predictedWritable: boolean | null;
  /** The errno the prediction expects, or null. */
  predictedError: string | null;
  /** The kernel rule that decided the prediction, or null when none could. */
  decidedBy: PredictionRule | null;
  /** Why there is no prediction. */
  unpredictableReason?: string;
  /** The errno of the write test, or null. */
  error: string | null;
  readOnlyMount: boolean | null;
  notTestedReason?: string;
}

/** ENOENT means a kernel without CONFIG_CHECKPOINT_RESTORE only where the rest of /proc/sys is there. */
async function absent(ctx: ProbeContext): Promise<ProbeOutcome<NsLastPidFacts>> {
  const release = await readKernelRelease(ctx);
  if (!release.ok) return undecided(`no /proc/sys under ${ctx.procRoot}`, { present: null });
  const facts: NsLastPidFacts = {
    present: false,
    value: null,
    tested: false,
    writable: null,
    predictedWritable: false,
    predictedError: 'ENOENT',
    decidedBy: 'missing',
    error: 'ENOENT',
    readOnlyMount: null,
  };
  return { facts, findings: [F.make('NS_LAST_PID_MISSING')] };
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<NsLastPidFacts>> {
  const file = path.join(ctx.procRoot, 'sys/kernel/ns_last_pid');
  const read = await readText(file);
  if (!read.ok && read.code === 'ENOENT') return absent(ctx);
  if (!read.ok) return undecided(`cannot read ${NS_LAST_PID}: ${read.message}`, { present: null, error: read.code });
  const value = read.value.trim();
  const readOnlyMount = await readOnlyMountOf(ctx);
  const prediction = await predict(ctx, readOnlyMount);
  const notTestedReason = whyUntested(ctx);
  const test = notTestedReason === null ? await writeBack(file, value) : null;
  const facts: NsLastPidFacts = {
    present: true,
    // The file shows the reading task's namespace: only ours is worth reporting.
    value: ctx.isSelf && isDigits(value) ? Number(value) : null,
    tested: test !== null,
    writable: test ? test.writable : null,
    predictedWritable: prediction.writable,
    predictedError: prediction.error,
    decidedBy: prediction.decidedBy,
    ...(prediction.decidedBy === null ? { unpredictableReason: prediction.reason } : {}),
    error: test ? test.error : null,
    readOnlyMount,
    ...(notTestedReason ? { notTestedReason } : {}),
  };
  if (!test && prediction.decidedBy === null) return undecided(`no write test (${notTestedReason}) and no prediction: ${prediction.reason}`, facts);
  const finding = findingFor(test ? test.error : prediction.error, test !== null, prediction.decidedBy);
  if (test && test.error && !finding) return undecided(`unexpected ${test.error} writing ${NS_LAST_PID}`, facts);
  return { facts, findings: finding ? [finding] : [] };
}

export const nsLastPidCheck = defineCheck<NsLastPidFacts>({
  id: 'ns-last-pid',
  // Not knowing whether the write works is treated like not being able to: start degraded.
  errorSeverity: 'degrade',
  errorRemedy: 'Make /proc/sys/kernel/ns_last_pid readable; if it stays unknown the app starts degraded.',
  errorFix: {
    noPatch: 'the cause varies: the message names the file or the time limit',
    cost: { podSecurity: 'restricted', requires: [], otherwise: RUN_DEGRADED },
    unproven: 'an unreadable /proc/sys is not a setting a pod spec or runc offers',
  },
  findings: F.specs,
  summarize: (f) =>
    f.present === false
      ? 'absent'
      : f.tested
        ? `write test: ${f.writable ? 'writable' : `failed ${f.error ?? '?'}`}`
        : `not tested; predicted ${f.predictedWritable === null ? 'unknown' : f.predictedWritable ? 'writable' : `${f.predictedError ?? '?'}`} (${f.decidedBy ?? 'undecidable'})`,
  run,
});
