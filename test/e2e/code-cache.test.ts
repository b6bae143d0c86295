// The V8 code cache beside the bundle (scripts/loader.cjs): written by the runtime that will use
// it, accepted by that runtime, and when it does not fit (other node, other V8 flags, damaged) the
// tool still starts and answers the same: a mismatch only costs time.
import { execa } from 'execa';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BUNDLE, checkOf, describeE2E } from '../support/e2e.js';

const ARGS = ['check', '--only', 'kernel', '--output', 'json'];
const PAYLOAD = path.resolve('scripts/bundle-payload.cjs');
// As the image's ENTRYPOINT runs node: V8 checks the cache's bytes.
const CHECKSUMS = '--verify-snapshot-checksum';
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
// The V8 flags the loader sets before it compiles the bundle: part of the cache's identity.
const LOADER_V8_FLAGS = /setFlagsFromString\('([^']+)'\)/.exec(readFileSync(BUNDLE, 'utf8'))![1]!;

function node(args: string[]) {
  return execa(process.execPath, args, { reject: false, env: ENV, extendEnv: false, stdin: 'ignore' });
}

/** Whether V8 takes the cache for the loader's embedded source under these node flags, as the loader asks. */
async function cacheAccepted(loader: string, cacheFile: string, flags: string[] = [], asTheLoader = true): Promise<boolean> {
  const probe = `
    const fs = require('node:fs'); const vm = require('node:vm');
    ${asTheLoader ? `process.noDeprecation = true; process.binding('v8').setFlagsFromString(${JSON.stringify(LOADER_V8_FLAGS)});` : ''}
    const { decode } = require(${JSON.stringify(PAYLOAD)});
    const text = fs.readFileSync(${JSON.stringify(loader)}, 'utf8');
    const source = decode(text.slice(text.lastIndexOf('function bundle() {')).trimEnd());
    const s = new vm.Script(source, { cachedData: fs.readFileSync(${JSON.stringify(cacheFile)}) });
    process.stdout.write(String(!s.cachedDataRejected));`;
  return (await node([...flags, '-e', probe])).stdout === 'true';
}

const strip = (stdout: string) => JSON.parse(stdout).checks.map((c: { id: string; status: string }) => [c.id, c.status]);

describeE2E('V8 code cache', {}, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'preflight-cache-'));
  const loader = path.join(dir, 'init-preflight.cjs');
  copyFileSync(BUNDLE, loader);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cacheFiles = () => readdirSync(dir).filter((f) => f.endsWith('.code-cache'));

  it('the bundle has no import() left: vm.Script could not load it (a lazy builtin would fail at run time)', () => {
    expect(readFileSync(BUNDLE, 'utf8')).not.toMatch(/\bimport\(/);
  });

  it('--write-code-cache runs the command, writes the cache beside the bundle and exits 0; only with checksums', async () => {
    const unchecked = await node([loader, '--write-code-cache', ...ARGS]);
    expect([unchecked.exitCode, unchecked.stderr, cacheFiles()]).toEqual([2, `init-preflight: --write-code-cache needs node ${CHECKSUMS}`, []]);
    const r = await node([CHECKSUMS, loader, '--write-code-cache', ...ARGS]);
    expect(r.exitCode).toBe(0);
    expect(cacheFiles()).toEqual([expect.stringMatching(/^init-preflight\.[0-9a-f]{16}\.code-cache$/)]);
    expect(await cacheAccepted(loader, path.join(dir, cacheFiles()[0]!), [CHECKSUMS])).toBe(true);
    // The loader set its V8 flags before compiling, and the cache carries them.
    expect(await cacheAccepted(loader, path.join(dir, cacheFiles()[0]!), [CHECKSUMS], false)).toBe(false);
  });

  it('--write-code-cache=UID:GID opens the cache as root, then runs the command as that user (the image\'s)', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'preflight-cache-as-'));
    try {
      const copy = path.join(other, 'init-preflight.cjs');
      copyFileSync(BUNDLE, copy);
      chmodSync(other, 0o755);
      const r = await node([CHECKSUMS, copy, '--write-code-cache=65534:65534', 'check', '--only', 'capabilities', '--output', 'json']);
      expect(r.exitCode, r.stderr).toBe(0);
      // As nobody, the check saw no capabilities; the cache beside the bundle is root's.
      expect(checkOf(JSON.parse(r.stdout), 'capabilities').facts.effective).toEqual([]);
      const [cache] = readdirSync(other).filter((f) => f.endsWith('.code-cache'));
      expect(statSync(path.join(other, cache!))).toMatchObject({ uid: 0, mode: 0o100644 });
      expect(await cacheAccepted(copy, path.join(other, cache!), [CHECKSUMS])).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a cache V8 rejects (other flags, damaged bytes) changes nothing but time', async () => {
    const cacheFile = path.join(dir, cacheFiles()[0]!);
    const expected = strip((await node([CHECKSUMS, loader, ...ARGS])).stdout);
    for (const flags of [['--no-opt', CHECKSUMS], []]) {
      expect(await cacheAccepted(loader, cacheFile, flags)).toBe(false);
      const otherFlags = await node([...flags, loader, ...ARGS]);
      expect([otherFlags.exitCode, strip(otherFlags.stdout), otherFlags.stderr]).toEqual([0, expected, '']);
    }
    // Bytes V8's own header checks do not cover: without checksums, node 20 segfaulted here.
    const damaged = readFileSync(cacheFile);
    damaged.fill(0x5a, 64, 4096);
    writeFileSync(cacheFile, damaged);
    expect(await cacheAccepted(loader, cacheFile, [CHECKSUMS])).toBe(false);
    const r = await node([CHECKSUMS, loader, ...ARGS]);
    expect([r.exitCode, strip(r.stdout), r.stderr]).toEqual([0, expected, '']);
  });
});
