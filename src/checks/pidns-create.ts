// pidns-create: can this process create a PID namespace, and by which of the two routes an app
// can take: directly (CLONE_NEWPID, needs CAP_SYS_ADMIN) or inside a new user namespace
// (CLONE_NEWUSER|CLONE_NEWPID, needs user namespaces allowed). Asked of the kernel with util-linux
// unshare --fork, whose child in the new namespaces execs a path that cannot exist (FORKED_MARK):
// unshare's own "failed to execute" line for it shows that both unshare(2) and the fork into the
// namespace succeeded, and nothing of the image runs (a real program there cost every pod an
// exec and a dynamic link, ~1.5 ms). No id map is written (mapping root needs CAP_SETFCAP, which
// runtimes' default sets lack).
// The one answer not asked is the one the kernel's rule fixes (directByRule).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { defineCheck, defineFindings, skipped, undecided } from '../core/check.js';
import type { ProbeOutcome } from '../core/types.js';
import { CAP_SYS_ADMIN, hasCapability } from '../parse/capabilities.js';
import { parseUnshareFailure } from '../parse/unshare-error.js';
import { denialReason, describeRoute, ROUTE_LABEL, routeVerdict, type DenialEvidence, type Route, type RouteName } from '../pidns/routes.js';
import type { ProbeContext } from '../probe/context.js';
import { execToEnd } from '../probe/exec.js';
import { readText } from '../probe/fs.js';
import { readStatus } from '../probe/proc.js';
import { grantAsRoot, inBothContainers, RUN_DEGRADED } from '../remedy/patch.js';
import { isDigits } from '../parse/text.js';

const F = defineFindings({
  PIDNS_CREATE_DENIED: {
    severity: 'degrade',
    summary: 'No PID namespace can be created: not directly, not inside a new user namespace.',
    cause:
      'unshare(CLONE_NEWPID) needs CAP_SYS_ADMIN in the process\'s user namespace; unshare(CLONE_NEWUSER|CLONE_NEWPID) ' +
      'needs user namespaces allowed (user.max_user_namespaces > 0, kernel.unprivileged_userns_clone, AppArmor\'s ' +
      'restrict_unprivileged_userns) and a seccomp profile that lets the flags through (Docker\'s and RuntimeDefault deny ' +
      'them without CAP_SYS_ADMIN). Both were tried with `unshare --pid --fork` and `unshare --user --pid --fork`.',
    remedy:
      'Allow user namespaces on the node and unshare/clone with CLONE_NEWUSER in the pod\'s seccomp profile (a Localhost ' +
      'profile), or grant CAP_SYS_ADMIN with runAsUser: 0 in both containers (runtimes give added capabilities only to uid 0); ' +
      'otherwise let the app start with PID-namespace features off.',
    fix: {
      patch: (t) => inBothContainers(t, grantAsRoot('SYS_ADMIN')),
      cost: {
        podSecurity: 'privileged',
        requires: ['a RuntimeDefault seccomp profile that, as containerd\'s and CRI-O\'s do, allows unshare and namespace clone flags with CAP_SYS_ADMIN'],
        otherwise:
          `${RUN_DEGRADED}; or, within Pod Security "restricted", a Localhost seccomp profile that allows unshare and clone ` +
          'with CLONE_NEWUSER|CLONE_NEWPID on nodes with user namespaces enabled (user.max_user_namespaces > 0): not proven here',
      },
    },
  },
  PIDNS_CREATE_ONE_ROUTE: {
    severity: 'info',
    summary: 'A PID namespace can be created by one route only.',
    cause:
      'Of creating a PID namespace directly (CLONE_NEWPID, needs CAP_SYS_ADMIN) and inside a new user namespace ' +
      '(CLONE_NEWUSER|CLONE_NEWPID), one was denied; the message says which works and why the other failed.',
    remedy: 'Make sure the app creates its PID namespace the way the message names, or lift what denies the other route.',
  },
});

const DEFAULT_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
/** /dev/null is a device in every container, so nothing can be found below it (ENOTDIR, or ENOENT without /dev). */
const FORKED_MARK = '/dev/null/init-preflight-forked';
const ROUTE_ARGS: Record<RouteName, string[]> = {
  direct: ['--pid', '--fork'],
  viaUserNamespace: ['--user', '--pid', '--fork'],
};

// Synchronous, like the spawn after it: PATH is in the tool's own filesystem, the one node and
// this bundle were just read from.
function findOnPath(tool: string, searchPath: string): string | null {
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return null;
}

/** One route, as data: spawn failures (EMFILE, ENOENT …) and time-outs are answers too. */
async function tryRoute(ctx: ProbeContext, tool: string, name: RouteName, timeoutMs: number): Promise<Route> {
  const started = Date.now();
  // C messages, which parseUnshareFailure reads.
  const result = await execToEnd(tool, [...ROUTE_ARGS[name], FORKED_MARK], { timeoutMs, signal: ctx.signal, env: { LC_ALL: 'C' } });
  const ms = Date.now() - started;
  switch (result.kind) {
    case 'timed-out':
    case 'aborted':
      return { created: null, errno: null, error: `unshare did not finish within ${timeoutMs} ms`, ms };
    case 'spawn-failed':
      return { created: null, errno: result.errno, error: `cannot run ${tool}: ${result.errno}`, ms };
    case 'signalled':
      return { created: null, errno: null, error: `unshare was killed by ${result.signal}`, ms };
    case 'exited': {
      if (result.code === 0) return { created: true, errno: null, ms };
      const failure = parseUnshareFailure(result.stderr);
      // The child could only fail to exec the mark after unshare(2) and the fork had succeeded.
      if (failure.step === 'exec' && failure.message.startsWith(`unshare: failed to execute ${FORKED_MARK}:`)) return { created: true, errno: null, ms };
      // Only a failing unshare(2) or fork(2) answers the question; anything else is the probe's trouble.
      if (failure.step === 'unshare' || failure.step === 'fork') return { created: false, errno: failure.errno, ms, ...(failure.errno ? {} : { error: failure.message }) };
      return { created: null, errno: failure.errno, error: failure.message || `unshare exited with ${result.code}`, ms };
    }
  }
}

async function readNumber(file: string): Promise<number | null> {
  const text = await readText(file);
  return text.ok && isDigits(text.value.trim()) ? Number(text.value.trim()) : null;
}

async function denialEvidence(ctx: ProbeContext): Promise<DenialEvidence> {
  const [status, maxUserNamespaces, unprivilegedUsernsClone] = await Promise.all([
    readStatus(ctx, ctx.pid),
    readNumber(path.join(ctx.procRoot, 'sys/user/max_user_namespaces')),
    readNumber(path.join(ctx.procRoot, 'sys/kernel/unprivileged_userns_clone')),
  ]);
  const s = status.ok ? status.value : null;
  return {
    hasSysAdmin: s?.capEff == null ? null : hasCapability(s.capEff, CAP_SYS_ADMIN),
    seccomp: s?.seccomp ?? null,
    maxUserNamespaces,
    unprivilegedUsernsClone,
    euid: s?.euid ?? null,
  };
}

/**
 * The direct route's answer when the kernel's own rule fixes it: without CAP_SYS_ADMIN, and with
 * no seccomp filter to answer first with an errno of its choosing, unshare(CLONE_NEWPID) gets
 * EPERM from unshare_nsproxy_namespaces() (kernel/nsproxy.c; an LSM can deny a capability, never
 * grant one). Not asked then: a spawn of unshare is most of a start-up's cost of this check.
 */
function directByRule(evidence: DenialEvidence): Route | null {
  return evidence.hasSysAdmin === false && evidence.seccomp === 'disabled' ? { created: false, errno: 'EPERM', ms: 0, asked: false } : null;
}

function withReason(name: RouteName, route: Route, evidence: DenialEvidence): Route {
  const reason = route.created === false && route.errno ? denialReason(name, route.errno, evidence) : undefined;
  return reason ? { ...route, reason } : route;
}

export interface PidnsCreateFacts {
  /** The unshare binary used, or null when there is none. */
  tool: string | null;
  direct: Route | null;
  viaUserNamespace: Route | null;
  hasSysAdmin: boolean | null;
  seccomp: string | null;
  maxUserNamespaces: number | null;
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<PidnsCreateFacts>> {
  if (!ctx.isSelf) return skipped('namespaces would be created as this process, not as the target', { tool: null });
  const tool = findOnPath('unshare', ctx.env.PATH ?? DEFAULT_PATH);
  if (!tool) return skipped('unshare is not installed in this image', { tool: null });
  // A little under the runner's limit, so this check says what timed out.
  const timeout = Math.max(10, ctx.timeoutMs - 100);
  // Spawned before anything is awaited: it runs while the other checks read /proc.
  const asked = tryRoute(ctx, tool, 'viaUserNamespace', timeout);
  const evidence = await denialEvidence(ctx);
  const [direct, viaUserNamespace] = await Promise.all([directByRule(evidence) ?? tryRoute(ctx, tool, 'direct', timeout), asked]);
  const routes = { direct: withReason('direct', direct, evidence), viaUserNamespace: withReason('viaUserNamespace', viaUserNamespace, evidence) };
  const facts: PidnsCreateFacts = {
    tool,
    ...routes,
    hasSysAdmin: evidence.hasSysAdmin,
    seccomp: evidence.seccomp,
    maxUserNamespaces: evidence.maxUserNamespaces,
  };
  const both = `${describeRoute('direct', routes.direct)}; ${describeRoute('viaUserNamespace', routes.viaUserNamespace)}`;
  const verdict = routeVerdict(routes);
  switch (verdict.kind) {
    case 'both':
      return { facts, findings: [] };
    case 'one': {
      const other: RouteName = verdict.usable === 'direct' ? 'viaUserNamespace' : 'direct';
      const message = `A PID namespace can be created only ${ROUTE_LABEL[verdict.usable]}; ${describeRoute(other, routes[other])}.`;
      return { facts, findings: [F.make('PIDNS_CREATE_ONE_ROUTE', message)] };
    }
    case 'none':
      return { facts, findings: [F.make('PIDNS_CREATE_DENIED', `No PID namespace can be created: ${both}.`)] };
    case 'unknown':
      return undecided(`no route created a PID namespace and not every answer is known: ${both}`, facts);
  }
}

const routeWord = (route: Route | null) => (route === null ? '?' : route.created ? 'created' : (route.errno ?? route.error ?? 'unknown'));

export const pidnsCreateCheck = defineCheck<PidnsCreateFacts>({
  id: 'pidns-create',
  errorSeverity: 'warn',
  errorRemedy: 'Check that unshare runs in this image; rerun with a longer --timeout if the node is slow.',
  findings: F.specs,
  summarize: (f) => `directly ${routeWord(f.direct)}, in a new user namespace ${routeWord(f.viaUserNamespace)}`,
  run,
  startsFirst: true,
});
