// pid-namespace: which PID namespace the target is in, how deep, and who its PID 1 is.
import { defineCheck, defineFindings, undecided } from '../core/check.js';
import { RUN_DEGRADED } from '../remedy/patch.js';
import type { Finding, ProbeOutcome } from '../core/types.js';
import { INITIAL_PID_NS_INODE } from '../parse/ns-link.js';
import type { ProcStatus } from '../parse/proc-status.js';
import { findNamespaceInit, type NamespaceInit } from '../pidns/init.js';
import type { ProbeContext } from '../probe/context.js';
import { readNamespaceInode, readStatus } from '../probe/proc.js';

const F = defineFindings({
  PIDNS_HOST: {
    severity: 'degrade',
    summary: 'The process runs in the host (initial) PID namespace.',
    cause:
      '/proc/<pid>/ns/pid has inode 4026531836 (0xEFFFFFFC, PROC_PID_INIT_INO): the pod uses hostPID: true, ' +
      'or the tool runs directly on the node. PID-namespace features would act on the whole node.',
    remedy: 'Remove hostPID: true from the pod spec, or let the app start with PID-namespace features off (the downgrade flag does this).',
    fix: { patch: () => ({ hostPID: false }), cost: { podSecurity: 'restricted', requires: [], otherwise: RUN_DEGRADED } },
  },
  PIDNS_SHARED: {
    severity: 'info',
    summary: 'PID 1 of this namespace is another container\'s process (shareProcessNamespace).',
    cause:
      'PID 1 is neither this process nor one of its ancestors, and it is named pause or lives in another mount ' +
      'namespace while this process was not put in from outside (nsenter --pid and kubectl exec are kind `entered`): ' +
      'the pod sets shareProcessNamespace: true and PID 1 is the pause container. Signals and PID numbers are pod-wide.',
    remedy: 'Nothing is needed if the app does not assume it is PID 1; otherwise set shareProcessNamespace: false.',
  },
  PIDNS_PROC1_UNREADABLE: {
    severity: 'warn',
    summary: '/proc/1/ns/pid cannot be read, so the namespace\'s PID 1 is unknown.',
    cause:
      'Reading another process\'s namespace links needs ptrace access (PTRACE_MODE_READ); it fails with EACCES ' +
      'when PID 1 belongs to another user, is not dumpable, or a LSM forbids it — even for root.',
    remedy: 'Usually harmless; to decide kind exactly run as the same user as PID 1, or from the node with --pid.',
  },
  PIDNS_PROC_FOREIGN: {
    severity: 'warn',
    summary: '/proc is mounted from an ancestor PID namespace, not this process\'s own.',
    cause:
      'PID 1 of the mounted /proc is in a different PID namespace than this process, as after ' +
      '`unshare --pid --fork` without --mount-proc. PIDs read from /proc will not match getpid().',
    remedy: 'Mount a fresh procfs inside the new PID namespace (unshare --mount-proc, or the runtime\'s default /proc mount).',
  },
});

type Kind = 'host' | 'container' | 'pod-shared' | 'entered' | 'unknown';

// PPid chains in real systems are short; the cap protects against a cyclic fixture.
const MAX_ANCESTORS = 256;

/** `start` and its ancestors visible in this /proc view, nearest first. */
async function lineage(ctx: ProbeContext, start: number): Promise<number[]> {
  const chain: number[] = [];
  for (let pid = start; pid > 0 && chain.length < MAX_ANCESTORS && !chain.includes(pid); ) {
    chain.push(pid);
    const status = await readStatus(ctx, pid);
    if (!status.ok || status.value.ppid === null) break;
    pid = status.value.ppid;
  }
  return chain;
}

/** True when some ancestor lives in the initial PID namespace: this /proc view is the host's. */
async function viewIsInitial(ctx: ProbeContext, chain: readonly number[]): Promise<boolean> {
  for (const pid of chain) {
    const ns = await readNamespaceInode(ctx, pid, 'pid');
    if (ns.ok && ns.value === INITIAL_PID_NS_INODE) return true;
  }
  return false;
}

async function sameMountNamespace(ctx: ProbeContext, pid: number): Promise<boolean | null> {
  const [own, other] = await Promise.all([
    readNamespaceInode(ctx, ctx.pid, 'mnt'),
    readNamespaceInode(ctx, pid, 'mnt'),
  ]);
  return own.ok && other.ok ? own.value === other.value : null;
}

/**
 * The target's parent is outside its PID namespace: not in this view (PPid 0), or seen with fewer
 * NSpid levels (an ancestor namespace). Status files are world-readable, unlike namespace links.
 */
async function parentOutside(ctx: ProbeContext, target: ProcStatus): Promise<boolean | null> {
  if (target.ppid === 0) return true;
  if (target.ppid === null || target.nspid === null) return null;
  const parent = await readStatus(ctx, target.ppid);
  const levels = parent.ok ? parent.value.nspid?.length : undefined;
  return levels === undefined ? null : levels < target.nspid.length;
}

/**
 * Whose PID 1 this is when it is not our ancestor. Another container's pause (pod-shared: pause's
 * name, or PID 1 in another mount namespace while we have our own /proc of the namespace), or
 * a process put into the namespace from outside (entered: its parent is outside, and it runs
 * beside PID 1 in its mount namespace, as kubectl exec does, or kept the outside filesystem, as
 * `nsenter --pid` does: then our own /proc is an ancestor's, or from the node the target shares
 * the node's mount namespace).
 */
async function classify(ctx: ProbeContext, init: NamespaceInit, chain: readonly number[], target: ProcStatus | null): Promise<Kind> {
  if (chain.includes(init.pid)) return 'container';
  const initStatus = await readStatus(ctx, init.pid);
  if (initStatus.ok && initStatus.value.name === 'pause') return 'pod-shared';
  const besideInit = await sameMountNamespace(ctx, init.pid);
  if (target && (await parentOutside(ctx, target))) {
    const keptOutsideFs = init.foreignProc && (ctx.pid === 'self' || (await sameMountNamespace(ctx, 1)) === true);
    if (besideInit === true || keptOutsideFs) return 'entered';
  }
  if (besideInit === null) return 'unknown';
  return besideInit ? 'container' : 'pod-shared';
}

export interface PidNamespaceFacts {
  inode: number | null;
  pid1Inode: number | null;
  kind: Kind;
  /** 0 = the initial namespace; a lower bound unless depthExact. */
  depth: number;
  depthExact: boolean;
  nspid: number[] | null;
  /** PID 1 of the target's namespace, as numbered in this /proc view. */
  initPid: number | null;
  /** Why PID 1 of the namespace was not found (kind is then unknown). */
  initUnknownReason?: string;
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<PidNamespaceFacts>> {
  const [own, pid1, status] = await Promise.all([
    readNamespaceInode(ctx, ctx.pid, 'pid'),
    readNamespaceInode(ctx, 1, 'pid'),
    readStatus(ctx, ctx.pid),
  ]);
  if (!own.ok) return undecided(`cannot read the PID namespace link: ${own.message}`, { inode: null });
  const inode = own.value;
  const pid1Inode = pid1.ok ? pid1.value : null;
  const nspid = status.ok ? status.value.nspid : null;
  const findings: Finding[] = [];
  // From the node (--pid), /proc is the host's by design: these two only describe our own view.
  const ownView = ctx.pid === 'self';
  if (!pid1.ok && ownView) findings.push(F.make('PIDNS_PROC1_UNREADABLE', `/proc/1/ns/pid cannot be read (${pid1.code}).`));
  if (inode === INITIAL_PID_NS_INODE) {
    findings.push(F.make('PIDNS_HOST'));
    return { facts: { inode, pid1Inode, kind: 'host', depth: 0, depthExact: true, nspid, initPid: 1 }, findings };
  }
  const chain = status.ok && status.value.pid !== null ? await lineage(ctx, status.value.pid) : [];
  const found = await findNamespaceInit(ctx, inode, pid1Inode);
  const init = found.ok ? found.value : null;
  const kind = init ? await classify(ctx, init, chain, status.ok ? status.value : null) : 'unknown';
  if (init?.foreignProc && ownView) findings.push(F.make('PIDNS_PROC_FOREIGN'));
  if (kind === 'pod-shared') findings.push(F.make('PIDNS_SHARED'));
  // NSpid lists one PID per level from the /proc view's namespace down to ours: it measures the
  // depth exactly only when that view is the host's; otherwise it is a lower bound.
  const levels = nspid?.length ?? 1;
  const depth = Math.max(1, levels - 1);
  const depthExact = levels > 1 && (pid1Inode === INITIAL_PID_NS_INODE || (await viewIsInitial(ctx, chain)));
  const facts: PidNamespaceFacts = { inode, pid1Inode, kind, depth, depthExact, nspid, initPid: init?.pid ?? null };
  return { facts: found.ok ? facts : { ...facts, initUnknownReason: found.message }, findings };
}

export const pidNamespaceCheck = defineCheck<PidNamespaceFacts>({
  id: 'pid-namespace',
  errorSeverity: 'warn',
  errorRemedy: 'Make /proc/self/ns/pid readable (mount procfs in the container); from the node, pass --pid of a live process.',
  findings: F.specs,
  summarize: (f) => `${f.kind}, inode ${String(f.inode)}, depth ${f.depthExact ? '' : '>= '}${f.depth}`,
  run,
});
