// pidns-create, in-process: the unshare found through the context's PATH is what decides.
// test/e2e/namespaces.test.ts runs the real unshare in real scenarios.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pidnsCreateCheck } from '../../../src/checks/pidns-create.js';
import { fixtureContext } from '../../support/fixture-context.js';

const bin = mkdtempSync(path.join(tmpdir(), 'preflight-bin-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** A PATH directory holding a stand-in unshare that answers as the real one does. */
function pathWithUnshare(name: string, script: string): string {
  const dir = path.join(bin, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'unshare'), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(dir, 'unshare'), 0o755);
  return dir;
}

const run = (PATH: string, isSelf = true) => pidnsCreateCheck.run(fixtureContext('/', { isSelf, env: { PATH } }));

describe('pidns-create', () => {
  it('created when unshare succeeds', async () => {
    const dir = pathWithUnshare('ok', 'exit 0');
    const out = await run(dir);
    expect(out.facts).toEqual({ tool: path.join(dir, 'unshare'), created: true, error: null });
    expect(out.findings).toEqual([]);
  });

  it('denied with unshare\'s own complaint as the message', async () => {
    const dir = pathWithUnshare('denied', 'echo "unshare: unshare failed: Operation not permitted" >&2; exit 1');
    const out = await run(dir);
    expect(out.facts).toMatchObject({ created: false, error: 'unshare: unshare failed: Operation not permitted' });
    expect(out.findings.map((f) => f.code)).toEqual(['PIDNS_CREATE_DENIED']);
  });

  it('skipped when the image has no unshare on PATH', async () => {
    const empty = path.join(bin, 'empty');
    mkdirSync(empty);
    expect(await run(empty)).toMatchObject({ skipReason: 'unshare is not installed in this image' });
  });

  it('skipped for another target: namespaces would be created as this process', async () => {
    expect(await run('/usr/bin', false)).toMatchObject({ skipReason: expect.stringMatching(/not as the target/) });
  });
});
