// The ownership reasoning on the user-namespace layouts of test/e2e/ns-truth.test.ts, whose kernel
// answers these expectations restate.
import { describe, expect, it } from 'vitest';
import { INITIAL_USER_NS_INODE } from '../../../src/parse/ns-link.js';
import { capableInPidNamespaceOwner } from '../../../src/pidns/ownership.js';

const INITIAL = INITIAL_USER_NS_INODE;
const CHILD = 4026532178;
const OTHER = 4026532300;

describe('capableInPidNamespaceOwner', () => {
  it.each([
    ['host or a root-made PID namespace, with the capability', INITIAL, true, INITIAL, true, 'capability'],
    ['host or a root-made PID namespace, capabilities dropped', INITIAL, false, INITIAL, false, 'capability'],
    ['unshare -r without a PID namespace: full capabilities, owner is the ancestor', CHILD, true, INITIAL, false, 'owner-is-ancestor'],
    ['identity-mapped nested user namespace, host PID namespace', CHILD, true, INITIAL, false, 'owner-is-ancestor'],
    ['a PID namespace made by a user namespace, no capability in it', CHILD, false, CHILD, false, 'capability'],
    ['initial user namespace with the capability, PID namespace of a child user namespace', INITIAL, true, CHILD, true, 'capability'],
  ] as const)('%s', (_name, userNs, holdsCapability, initUserNs, capable, decidedBy) => {
    expect(capableInPidNamespaceOwner({ userNs, holdsCapability, initUserNs })).toMatchObject({ capable, decidedBy });
  });

  it.each([
    // unshare -r --pid (writable) and unshare --pid --fork unshare -r (EPERM) look the same in /proc.
    ['capable in init\'s nested user namespace', CHILD, true, CHILD, /does not tell them apart/],
    // The owner rule: root without capabilities may write when its euid created the owner.
    ['no capability in the initial user namespace, owner nested', INITIAL, false, CHILD, /owner rule/],
    ['different nested user namespaces', OTHER, true, CHILD, /relation/],
  ] as const)('undecidable: %s', (_name, userNs, holdsCapability, initUserNs, reason) => {
    const result = capableInPidNamespaceOwner({ userNs, holdsCapability, initUserNs });
    expect(result).toMatchObject({ capable: null, decidedBy: null });
    expect(result.capable === null && result.reason).toMatch(reason);
  });
});
