// capabilities: what the process may do, as facts; SYS_ADMIN is broader than the app needs.
import { defineCheck, defineFindings, undecided } from '../core/check.js';
import type { ProbeOutcome } from '../core/types.js';
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, capabilityNames, hasCapability } from '../parse/capabilities.js';
import type { SeccompMode } from '../parse/proc-status.js';
import { INITIAL_USER_NS_INODE } from '../parse/ns-link.js';
import { parseUidMap, type UidRange } from '../parse/uid-map.js';
import { procPidPath, type ProbeContext } from '../probe/context.js';
import { readText } from '../probe/fs.js';
import { readNamespaceInode, readStatus } from '../probe/proc.js';

const F = defineFindings({
  CAP_SYS_ADMIN_GRANTED: {
    severity: 'warn',
    summary: 'CAP_SYS_ADMIN is in the effective set: broader than the app needs.',
    cause:
      'CAP_SYS_ADMIN allows mounts, namespace and device administration. Writing ns_last_pid needs only ' +
      'CAP_CHECKPOINT_RESTORE on kernels 5.9 and later.',
    remedy: 'In securityContext.capabilities drop SYS_ADMIN and add CHECKPOINT_RESTORE (kernel >= 5.9).',
  },
});

export interface CapabilitiesFacts {
  effective: string[];
  bounding: string[];
  permitted: string[] | null;
  ambient: string[] | null;
  effectiveMask: string;
  hasSysAdmin: boolean;
  hasCheckpointRestore: boolean;
  noNewPrivs: boolean | null;
  seccomp: SeccompMode | null;
  euid: number | null;
  /** By the namespace's inode: an identity uid_map does not make a nested namespace the initial one. */
  userNamespace: 'initial' | 'nested' | 'unknown';
  uidMap: UidRange[] | null;
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<CapabilitiesFacts>> {
  const [status, userNs, uidMap] = await Promise.all([
    readStatus(ctx, ctx.pid),
    readNamespaceInode(ctx, ctx.pid, 'user'),
    readText(procPidPath(ctx, 'uid_map')),
  ]);
  if (!status.ok) return undecided(`cannot read /proc status: ${status.message}`, {});
  const s = status.value;
  if (s.capEff === null || s.capBnd === null) return undecided('status has no CapEff/CapBnd lines', {});
  const hasSysAdmin = hasCapability(s.capEff, CAP_SYS_ADMIN);
  const facts: CapabilitiesFacts = {
    effective: capabilityNames(s.capEff),
    bounding: capabilityNames(s.capBnd),
    permitted: s.capPrm === null ? null : capabilityNames(s.capPrm),
    ambient: s.capAmb === null ? null : capabilityNames(s.capAmb),
    effectiveMask: `0x${s.capEff.toString(16).padStart(16, '0')}`,
    hasSysAdmin,
    hasCheckpointRestore: hasCapability(s.capEff, CAP_CHECKPOINT_RESTORE),
    noNewPrivs: s.noNewPrivs,
    seccomp: s.seccomp,
    euid: s.euid,
    userNamespace: userNs.ok ? (userNs.value === INITIAL_USER_NS_INODE ? 'initial' : 'nested') : 'unknown',
    uidMap: uidMap.ok ? parseUidMap(uidMap.value) : null,
  };
  return { facts, findings: hasSysAdmin ? [F.make('CAP_SYS_ADMIN_GRANTED')] : [] };
}

export const capabilitiesCheck = defineCheck<CapabilitiesFacts>({
  id: 'capabilities',
  errorSeverity: 'warn',
  errorRemedy: 'Make /proc/self/status readable (mount procfs in the container); from the node, pass --pid of a live process.',
  findings: F.specs,
  summarize: (f) =>
    `SYS_ADMIN ${f.hasSysAdmin ? 'yes' : 'no'}, CHECKPOINT_RESTORE ${f.hasCheckpointRestore ? 'yes' : 'no'}, NoNewPrivs ${String(f.noNewPrivs)}, seccomp ${f.seccomp ?? 'null'}`,
  run,
});
