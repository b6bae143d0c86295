// The kernel's DAC rules for exec and path search. Each row's kernel answer is measured by the
// exec oracle (test/e2e/exec-oracle.test.ts) for the same mode, owner and credentials.
import { describe, expect, it } from 'vitest';
import { mayExecute, maySearch, type ExecCredentials, type InodeFacts } from '../../../src/binary/exec-permission.js';

const ALL_CAPS = (1n << 41n) - 1n;
const root: ExecCredentials = { fsuid: 0, fsgid: 0, groups: [], capEff: ALL_CAPS };
const rootNoCaps: ExecCredentials = { ...root, capEff: 0n };
const app: ExecCredentials = { fsuid: 1000, fsgid: 1000, groups: [], capEff: 0n };
const file = (mode: number, uid = 0, gid = 0): InodeFacts => ({ kind: 'file', mode, uid, gid });

describe('mayExecute', () => {
  it.each([
    ['0644, app user', file(0o644), app, false],
    ['0644, root: CAP_DAC_OVERRIDE needs some x bit', file(0o644), root, false],
    ['0700 root-owned, app user', file(0o700), app, false],
    ['0700 app-owned, app user', file(0o700, 1000, 1000), app, true],
    ['0001, root with CAP_DAC_OVERRIDE', file(0o001), root, true],
    ['0001, root without capabilities (owner class, no x)', file(0o001), rootNoCaps, false],
    ['0070 app-owned: the owner class wins over the group', file(0o070, 1000, 1000), app, false],
    ['0070, supplementary group', file(0o070, 0, 2000), { ...app, groups: [2000] }, true],
    ['0070, primary group', file(0o070, 0, 1000), app, true],
    ['0701, other class', file(0o701), app, true],
    ['0711 execute-only', file(0o711), app, true],
  ] as const)('%s', (_, inode, cred, allowed) => {
    expect(mayExecute(inode, cred, false).allowed).toBe(allowed);
  });

  it('names the rule that granted it', () => {
    expect(mayExecute(file(0o001), root, false)).toEqual({ allowed: true, by: 'CAP_DAC_OVERRIDE' });
    expect(mayExecute(file(0o070, 0, 2000), { ...app, groups: [2000] }, false)).toEqual({ allowed: true, by: 'group' });
  });

  it('a directory or device is never executed, and noexec beats every capability', () => {
    expect(mayExecute({ ...file(0o755), kind: 'directory' }, root, false)).toEqual({ allowed: false, why: 'not-regular' });
    expect(mayExecute(file(0o755), root, true)).toEqual({ allowed: false, why: 'noexec-mount' });
  });
});

describe('maySearch', () => {
  const dir = (mode: number): InodeFacts => ({ kind: 'directory', mode, uid: 0, gid: 0 });
  it('x on the directory for the class, or CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH without any x bit', () => {
    expect(maySearch(dir(0o700), app).allowed).toBe(false);
    expect(maySearch(dir(0o711), app).allowed).toBe(true);
    expect(maySearch(dir(0o000), root)).toEqual({ allowed: true, by: 'CAP_DAC_OVERRIDE' });
    expect(maySearch(dir(0o000), { ...app, capEff: 1n << 2n })).toEqual({ allowed: true, by: 'CAP_DAC_READ_SEARCH' });
    expect(maySearch(dir(0o000), rootNoCaps).allowed).toBe(false);
  });
});
