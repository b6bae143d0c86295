import { describe, expect, it } from 'vitest';
import { denialReason, describeRoute, routeVerdict, type DenialEvidence, type Route } from '../../../src/pidns/routes.js';

const NONE: DenialEvidence = { hasSysAdmin: true, seccomp: 'disabled', maxUserNamespaces: 1000, unprivilegedUsernsClone: null, euid: 0 };
const created: Route = { created: true, errno: null, ms: 1 };
const denied: Route = { created: false, errno: 'EPERM', ms: 1 };
const unknown: Route = { created: null, errno: 'EMFILE', error: 'cannot run unshare: EMFILE', ms: 0 };

describe('denialReason', () => {
  it.each([
    ['direct', 'EPERM', { hasSysAdmin: false }, /no CAP_SYS_ADMIN/],
    ['direct', 'EPERM', { seccomp: 'filter' }, /seccomp/],
    ['direct', 'EPERM', {}, undefined],
    ['viaUserNamespace', 'ENOSPC', { maxUserNamespaces: 0 }, /max_user_namespaces is 0/],
    ['viaUserNamespace', 'ENOSPC', {}, /max_user_namespaces is reached/],
    ['viaUserNamespace', 'EINVAL', {}, /would not be inside the one that owns/],
    ['viaUserNamespace', 'EPERM', { unprivilegedUsernsClone: 0, euid: 1000 }, /unprivileged_userns_clone/],
    ['viaUserNamespace', 'EPERM', { unprivilegedUsernsClone: 0 }, undefined],
    ['viaUserNamespace', 'EPERM', { seccomp: 'filter' }, /seccomp/],
    ['viaUserNamespace', 'EPERM', { hasSysAdmin: false }, undefined],
  ] as const)('%s %s %j', (route, errno, evidence, reason) => {
    const got = denialReason(route, errno, { ...NONE, ...evidence });
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });
});

describe('routeVerdict', () => {
  it.each([
    [created, created, { kind: 'both' }],
    [created, denied, { kind: 'one', usable: 'direct' }],
    [denied, created, { kind: 'one', usable: 'viaUserNamespace' }],
    [unknown, created, { kind: 'one', usable: 'viaUserNamespace' }],
    [denied, denied, { kind: 'none' }],
    [denied, unknown, { kind: 'unknown' }],
  ] as const)('%j / %j', (direct, viaUserNamespace, verdict) => {
    expect(routeVerdict({ direct, viaUserNamespace })).toEqual(verdict);
  });
});

describe('describeRoute', () => {
  it('names the route and why it failed', () => {
    expect(describeRoute('direct', { ...denied, reason: 'no CAP_SYS_ADMIN' })).toBe('directly (CLONE_NEWPID) fails with EPERM: no CAP_SYS_ADMIN');
    expect(describeRoute('viaUserNamespace', created)).toBe('in a new user namespace (CLONE_NEWUSER|CLONE_NEWPID) works');
    expect(describeRoute('direct', unknown)).toBe('directly (CLONE_NEWPID) is unknown: cannot run unshare: EMFILE');
  });
});
