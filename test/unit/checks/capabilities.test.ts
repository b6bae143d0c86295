// capabilities, in-process on captured /proc status files (test/fixtures/proc/README.md).
import { afterAll, describe, expect, it } from 'vitest';
import { capabilitiesCheck } from '../../../src/checks/capabilities.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { captured, procTree, type ProcTree } from '../../support/proc-tree.js';

const trees: ProcTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

// Namespace inodes as the kernel prints them: PROC_USER_INIT_INO, and one `unshare -r` got here.
const INITIAL_USERNS = 4026531837;
const NESTED_USERNS = 4026532178;

function run(status: string | undefined, uidMap?: string, userNs?: number) {
  const tree = procTree({
    processes: { self: { ...(status === undefined ? {} : { status }), ...(uidMap === undefined ? {} : { uidMap }), ...(userNs === undefined ? {} : { ns: { user: userNs } }) } },
  });
  trees.push(tree);
  return capabilitiesCheck.run(fixtureContext(tree.dir));
}

describe('capabilities check', () => {
  it.each([
    { file: 'status-host-root.txt', map: 'uid_map-host.txt', userNs: INITIAL_USERNS, sysAdmin: true, cr: true, nnp: false, seccomp: 'disabled', userns: 'initial', codes: ['CAP_SYS_ADMIN_GRANTED'] },
    { file: 'status-no-sysadmin.txt', map: 'uid_map-host.txt', userNs: INITIAL_USERNS, sysAdmin: false, cr: true, nnp: false, seccomp: 'disabled', userns: 'initial', codes: [] },
    { file: 'status-no-caps.txt', map: 'uid_map-host.txt', userNs: INITIAL_USERNS, sysAdmin: false, cr: false, nnp: false, seccomp: 'disabled', userns: 'initial', codes: [] },
    { file: 'status-seccomp-filter.txt', map: 'uid_map-host.txt', userNs: INITIAL_USERNS, sysAdmin: true, cr: true, nnp: true, seccomp: 'filter', userns: 'initial', codes: ['CAP_SYS_ADMIN_GRANTED'] },
    { file: 'status-userns.txt', map: 'uid_map-userns.txt', userNs: NESTED_USERNS, sysAdmin: true, cr: true, nnp: false, seccomp: 'disabled', userns: 'nested', codes: ['CAP_SYS_ADMIN_GRANTED'] },
      // A nested user namespace with the identity map `0 0 4294967295` is still not the initial one.
    { file: 'status-userns.txt', map: 'uid_map-host.txt', userNs: NESTED_USERNS, sysAdmin: true, cr: true, nnp: false, seccomp: 'disabled', userns: 'nested', codes: ['CAP_SYS_ADMIN_GRANTED'] },
  ])('$file, $map', async ({ file, map, userNs, sysAdmin, cr, nnp, seccomp, userns, codes }) => {
    const out = await run(captured(file), captured(map), userNs);
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({ hasSysAdmin: sysAdmin, hasCheckpointRestore: cr, noNewPrivs: nnp, seccomp, userNamespace: userns, euid: 0 });
    expect(out.facts.effective?.includes('CAP_SYS_ADMIN')).toBe(sysAdmin);
    expect(out.findings.map((f) => f.code)).toEqual(codes);
  });

  it('an unreadable user namespace link leaves it unknown, an unreadable uid_map null', async () => {
    const out = await run(captured('status-no-caps.txt'));
    expect(out.facts).toMatchObject({ userNamespace: 'unknown', uidMap: null });
  });

  it('a missing status file or one without CapEff is undecided', async () => {
    expect((await run(undefined)).error).toMatch(/cannot read \/proc status/);
    expect((await run('Name:\tx\nPid:\t1\n')).error).toMatch(/no CapEff\/CapBnd/);
  });
});
