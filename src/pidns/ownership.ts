// Whether a process holds a capability in the user namespace that owns its PID namespace, which
// is what the kernel asks before a write to ns_last_pid (checkpoint_restore_ns_capable). Pure:
// the caller reads the namespace inodes from /proc.
//
// The kernel's rule (cap_capable): a process holds a capability in user namespace T when T is its
// own namespace and the capability is in its effective set; when T is a descendant of its own
// namespace and either it holds the capability in its own, or its euid created (owns) the
// ancestor of T that is a child of its own namespace; never when T is an ancestor or unrelated.
//
// The owner T of a PID namespace is not in /proc (NS_GET_USERNS is an ioctl). What /proc shows is
// the user namespace of the namespace's init process. That init was born with its creator's
// credentials, in T (the creator's user namespace, or the new one when both were made together)
// or below it if the creator moved on before forking it, and a task's user namespace only ever
// moves down the tree: unshare(CLONE_NEWUSER) makes a child, and setns() needs
// CAP_SYS_ADMIN in the target, which no task holds in an ancestor of its own namespace. So T is
// init's user namespace or one of its ancestors; when init's is the initial one, T is too.
import { INITIAL_USER_NS_INODE } from '../parse/ns-link.js';

export interface OwnershipInput {
  /** The inode of the process's own user namespace. */
  userNs: number;
  /** Its effective set holds a capability the kernel accepts (SYS_ADMIN, or CHECKPOINT_RESTORE on >= 5.9). */
  holdsCapability: boolean;
  /** The user namespace of the PID namespace's init process (for the initial PID namespace, the initial one). */
  initUserNs: number;
}

export type DecidedBy =
  /** The owner is (or is below) the process's own user namespace: its effective set decides. */
  | 'capability'
  /** The owner is the initial user namespace, an ancestor of the process's nested one. */
  | 'owner-is-ancestor';

export type Ownership =
  | { capable: boolean; decidedBy: DecidedBy; owner: 'initial' | 'own-or-ancestor' | 'own-or-descendant' }
  | { capable: null; decidedBy: null; reason: string };

export function capableInPidNamespaceOwner({ userNs, holdsCapability, initUserNs }: OwnershipInput): Ownership {
  if (initUserNs === INITIAL_USER_NS_INODE) {
    return userNs === INITIAL_USER_NS_INODE
      ? { capable: holdsCapability, decidedBy: 'capability', owner: 'initial' }
      : { capable: false, decidedBy: 'owner-is-ancestor', owner: 'initial' };
  }
  if (userNs === initUserNs) {
    // T is this namespace or an ancestor: with no capability here there is none in either.
    if (!holdsCapability) return { capable: false, decidedBy: 'capability', owner: 'own-or-ancestor' };
    return {
      capable: null,
      decidedBy: null,
      reason:
        'the PID namespace belongs to this user namespace (then writable) or to an ancestor (then EPERM, as when ' +
        'its init itself ran `unshare --user` later); /proc does not tell them apart',
    };
  }
  if (userNs === INITIAL_USER_NS_INODE) {
    // Holding the capability in the initial namespace covers every descendant.
    if (holdsCapability) return { capable: true, decidedBy: 'capability', owner: 'own-or-descendant' };
    return {
      capable: null,
      decidedBy: null,
      reason:
        'the PID namespace belongs to a nested user namespace: the process holds every capability there if its euid ' +
        'created it (the owner rule), and /proc does not show a user namespace\'s owner',
    };
  }
  return {
    capable: null,
    decidedBy: null,
    reason: 'the process and the PID namespace\'s init are in different nested user namespaces whose relation /proc does not show',
  };
}
