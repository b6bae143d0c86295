// pidns-create, in-process: both routes against a stand-in unshare that answers as util-linux
// unshare 2.38 does (its messages and exit codes, LC_ALL=C), and /proc evidence from captured
// status files. test/e2e/ns-truth.test.ts compares the real tool with the kernel's answers.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pidnsCreateCheck } from '../../../src/checks/pidns-create.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { captured, procTree, type ProcTree } from '../../support/proc-tree.js';

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

/** The path the check has unshare's child exec in the new namespaces; it cannot exist. */
const FORKED_MARK = '/dev/null/init-preflight-forked';

/** What the stand-in does for one route: create, fail unshare(2) with a strerror text, or other. */
type Behaviour = 'created' | { unshareFails: string } | { prints: string; exit: number } | 'hangs';

function shell(b: Behaviour): string {
  // util-linux's child fails to exec the check's mark, which it can only do once it has forked.
  if (b === 'created') return `echo 'unshare: failed to execute ${FORKED_MARK}: Not a directory' >&2; exit 126`;
  if (b === 'hangs') return 'exec /bin/sleep 5';
  if ('unshareFails' in b) return `echo 'unshare: unshare failed: ${b.unshareFails}' >&2; exit 1`;
  return `echo '${b.prints}' >&2; exit ${b.exit}`;
}

interface Setup {
  direct: Behaviour;
  viaUserNamespace: Behaviour;
  status?: string;
  maxUserNamespaces?: string;
  /** The stand-in's first line; a missing interpreter makes spawning it fail. */
  shebang?: string;
  timeoutMs?: number;
}

function run(s: Setup) {
  const tree = procTree({
    processes: { self: { status: s.status ?? captured('status-host-root.txt') } },
    sys: s.maxUserNamespaces === undefined ? {} : { 'user/max_user_namespaces': s.maxUserNamespaces },
  });
  trees.push(tree);
  const bin = path.join(tree.dir, 'bin');
  mkdirSync(bin);
  const script = [
    s.shebang ?? '#!/bin/sh',
    'case "$1" in',
    `  --pid) ${shell(s.direct)} ;;`,
    `  --user) ${shell(s.viaUserNamespace)} ;;`,
    'esac',
    '',
  ].join('\n');
  writeFileSync(path.join(bin, 'unshare'), script);
  chmodSync(path.join(bin, 'unshare'), 0o755);
  return pidnsCreateCheck.run(fixtureContext(tree.dir, { isSelf: true, env: { PATH: bin }, timeoutMs: s.timeoutMs ?? 5000 }));
}

const EPERM = { unshareFails: 'Operation not permitted' };

describe('pidns-create check', () => {
  it('both routes create a namespace: no finding', async () => {
    const out = await run({ direct: 'created', viaUserNamespace: 'created' });
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({ direct: { created: true, errno: null }, viaUserNamespace: { created: true, errno: null } });
    expect(out.findings).toEqual([]);
  });

  it('only in a new user namespace (no CAP_SYS_ADMIN, as in runc\'s default set): info, names the usable route', async () => {
    const out = await run({ direct: EPERM, viaUserNamespace: 'created', status: captured('status-no-caps.txt') });
    expect(out.facts.direct).toMatchObject({ created: false, errno: 'EPERM', reason: 'no CAP_SYS_ADMIN' });
    expect(out.findings).toMatchObject([{ code: 'PIDNS_CREATE_ONE_ROUTE', severity: 'info' }]);
    expect(out.findings[0]!.message).toBe(
      'A PID namespace can be created only in a new user namespace (CLONE_NEWUSER|CLONE_NEWPID); directly (CLONE_NEWPID) fails with EPERM: no CAP_SYS_ADMIN.',
    );
  });

  it('no CAP_SYS_ADMIN and no seccomp filter: the direct route is the kernel\'s rule (EPERM), not asked', async () => {
    // A stand-in that would answer "created" shows the route was not run.
    const out = await run({ direct: 'created', viaUserNamespace: 'created', status: captured('status-no-caps.txt') });
    expect(out.facts.direct).toEqual({ created: false, errno: 'EPERM', reason: 'no CAP_SYS_ADMIN', ms: 0, asked: false });
    expect(out.facts.viaUserNamespace).toMatchObject({ created: true });
  });

  it('no CAP_SYS_ADMIN under a seccomp filter: the filter may answer first, with its own errno, so the kernel is asked', async () => {
    const status = captured('status-seccomp-filter.txt').replace(/^CapEff:.*$/m, 'CapEff:\t0000000000000000');
    const out = await run({ direct: { unshareFails: 'Function not implemented' }, viaUserNamespace: 'created', status });
    expect(out.facts.direct).toMatchObject({ created: false, errno: 'ENOSYS' });
    expect(out.facts.direct).not.toHaveProperty('asked');
  });

  it('only directly (user.max_user_namespaces=0): info, with the reason', async () => {
    const out = await run({ direct: 'created', viaUserNamespace: { unshareFails: 'No space left on device' }, maxUserNamespaces: '0\n' });
    expect(out.facts).toMatchObject({ maxUserNamespaces: 0, viaUserNamespace: { created: false, errno: 'ENOSPC', reason: 'user.max_user_namespaces is 0' } });
    expect(out.findings[0]!.message).toMatch(/only directly \(CLONE_NEWPID\); in a new user namespace .* fails with ENOSPC: user.max_user_namespaces is 0\.$/);
  });

  it('both denied under a seccomp filter: PIDNS_CREATE_DENIED with each route\'s errno', async () => {
    const out = await run({ direct: EPERM, viaUserNamespace: EPERM, status: captured('status-seccomp-filter.txt') });
    expect(out.facts).toMatchObject({ seccomp: 'filter', direct: { errno: 'EPERM' }, viaUserNamespace: { errno: 'EPERM', reason: expect.stringMatching(/seccomp/) } });
    expect(out.findings).toMatchObject([{ code: 'PIDNS_CREATE_DENIED', severity: 'degrade' }]);
    expect(out.findings[0]!.message).toMatch(/^No PID namespace can be created: directly \(CLONE_NEWPID\) fails with EPERM: a seccomp filter .*; in a new user namespace .* fails with EPERM: a seccomp filter/);
  });

  it('a child that failed to exec anything but the check\'s mark is the probe\'s trouble, not a denial: undecided', async () => {
    const out = await run({ direct: EPERM, viaUserNamespace: { prints: 'unshare: failed to execute /usr/bin/unshare: Permission denied', exit: 126 } });
    expect(out.facts.viaUserNamespace).toMatchObject({ created: null, errno: 'EACCES' });
    expect(out.error).toMatch(/not every answer is known/);
  });

  it('spawn errors are data: an unshare that cannot be executed leaves both routes unknown', async () => {
    const out = await run({ direct: 'created', viaUserNamespace: 'created', shebang: '#!/nonexistent/sh' });
    expect(out.facts.direct).toMatchObject({ created: null, errno: 'ENOENT' });
    expect(out.error).toMatch(/cannot run .*unshare: ENOENT/);
  });

  it('a route that does not finish is unknown, within the time limit', async () => {
    const started = Date.now();
    const out = await run({ direct: 'hangs', viaUserNamespace: EPERM, timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.facts.direct).toMatchObject({ created: null, error: expect.stringMatching(/did not finish/) });
    expect(out.error).toBeDefined();
  });

  it('no unshare on PATH: skipped; another target: skipped', async () => {
    const tree = procTree({ processes: { self: { status: captured('status-host-root.txt') } } });
    trees.push(tree);
    expect(await pidnsCreateCheck.run(fixtureContext(tree.dir, { isSelf: true, env: { PATH: tree.dir } }))).toMatchObject({ skipReason: expect.stringMatching(/not installed/) });
    expect(await pidnsCreateCheck.run(fixtureContext(tree.dir, { isSelf: false }))).toMatchObject({ skipReason: expect.stringMatching(/not as the target/) });
  });
});
