// Whether the kernel lets these credentials execute a file, or search a directory on the way
// to it: the DAC rules of fs/namei.c (acl_permission_check, generic_permission) and the exec
// checks of fs/exec.c (regular file, mount without noexec). Pure: the caller supplies what
// stat, /proc/<pid>/status and mountinfo said. POSIX ACLs and LSMs are not modelled.

const CAP_DAC_OVERRIDE = 1;
const CAP_DAC_READ_SEARCH = 2;

/** The credentials path lookup and exec use: filesystem uid/gid, groups, effective caps. */
export interface ExecCredentials {
  fsuid: number;
  fsgid: number;
  groups: readonly number[];
  capEff: bigint;
}

export interface InodeFacts {
  kind: 'file' | 'directory' | 'other';
  mode: number;
  uid: number;
  gid: number;
}

/** Which rule granted access, or why it was refused (exec fails with EACCES either way). */
export type AccessDecision =
  | { allowed: true; by: 'owner' | 'group' | 'other' | 'CAP_DAC_OVERRIDE' | 'CAP_DAC_READ_SEARCH' }
  | { allowed: false; why: 'not-regular' | 'noexec-mount' | 'mode' };

const has = (caps: bigint, cap: number) => ((caps >> BigInt(cap)) & 1n) === 1n;

/** The mode class the kernel picks: owner if the uid matches, else group if any gid does, else other. */
function modeClass(inode: InodeFacts, cred: ExecCredentials): { by: 'owner' | 'group' | 'other'; x: boolean } {
  if (inode.uid === cred.fsuid) return { by: 'owner', x: (inode.mode & 0o100) !== 0 };
  if (inode.gid === cred.fsgid || cred.groups.includes(inode.gid)) return { by: 'group', x: (inode.mode & 0o010) !== 0 };
  return { by: 'other', x: (inode.mode & 0o001) !== 0 };
}

/** execve's checks on the file itself (and on an ELF interpreter or `#!` interpreter alike). */
export function mayExecute(inode: InodeFacts, cred: ExecCredentials, onNoexecMount: boolean): AccessDecision {
  if (inode.kind !== 'file') return { allowed: false, why: 'not-regular' };
  if (onNoexecMount) return { allowed: false, why: 'noexec-mount' };
  const cls = modeClass(inode, cred);
  if (cls.x) return { allowed: true, by: cls.by };
  // CAP_DAC_OVERRIDE lets a file run only when some x bit is set: root cannot run a 0644 file.
  if ((inode.mode & 0o111) !== 0 && has(cred.capEff, CAP_DAC_OVERRIDE)) return { allowed: true, by: 'CAP_DAC_OVERRIDE' };
  return { allowed: false, why: 'mode' };
}

/** Search permission on a directory the path lookup passes through. */
export function maySearch(inode: InodeFacts, cred: ExecCredentials): AccessDecision {
  const cls = modeClass(inode, cred);
  if (cls.x) return { allowed: true, by: cls.by };
  if (has(cred.capEff, CAP_DAC_OVERRIDE)) return { allowed: true, by: 'CAP_DAC_OVERRIDE' };
  if (has(cred.capEff, CAP_DAC_READ_SEARCH)) return { allowed: true, by: 'CAP_DAC_READ_SEARCH' };
  return { allowed: false, why: 'mode' };
}
