// static-binary, in-process on image-like roots built from the committed ELF fixtures
// (test/fixtures/elf/README.md); test/e2e/static-binary.test.ts runs the CLI on real roots.
import { chmodSync, chownSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { staticBinaryCheck } from '../../../src/checks/static-binary.js';
import { fixturePath } from '../../support/elf-fixtures.js';
import { fixtureContext } from '../../support/fixture-context.js';
import { captured, statusWith } from '../../support/proc-tree.js';
import { parseProcStatus } from '../../../src/parse/proc-status.js';
import { imageRoot, type ImageRoot } from '../../support/image-root.js';

const roots: ImageRoot[] = [];
afterAll(() => roots.forEach((r) => r.remove()));

function root(build: (r: ImageRoot) => void): ImageRoot {
  const r = imageRoot();
  build(r);
  roots.push(r);
  return r;
}

const run = (r: ImageRoot, binary: string | undefined, env: Record<string, string> = {}) =>
  staticBinaryCheck.run(fixtureContext(r.dir, { env, options: binary === undefined ? {} : { binary } }));
const codes = (o: { findings: { code: string }[] }) => o.findings.map((f) => f.code);

describe('static-binary', () => {
  const image = root((r) => {
    r.copy(fixturePath('tiny-static'), '/app/tiny');
    r.copy(fixturePath('tiny-static'), '/app/no-x', 0o644);
    r.copy(fixturePath('elf64-aarch64-static'), '/app/arm');
    r.copy(fixturePath('musl-dynamic'), '/app/musl');
    r.write('/app/script', '#!/bin/sh\necho hi\n', 0o755);
    r.write('/app/text', 'version https://git-lfs.github.com/spec/v1\n', 0o755);
  });

  it.each([
    { binary: '/app/tiny', linkage: 'static', codes: [] },
    { binary: 'app/tiny', linkage: 'static', codes: [] },
    { binary: '/app/no-x', linkage: 'static', codes: ['BINARY_NOT_EXECUTABLE'] },
    { binary: '/app/arm', linkage: 'static', codes: ['BINARY_WRONG_ARCH'] },
    { binary: '/app/musl', linkage: 'dynamic', codes: ['BINARY_INTERPRETER_MISSING'] },
  ])('$binary → $codes', async ({ binary, linkage, codes: expected }) => {
    const out = await run(image, binary);
    expect(out.error).toBeUndefined();
    expect(out.facts).toMatchObject({ exists: true, format: 'elf', linkage });
    expect(codes(out)).toEqual(expected);
  });

  it('a musl root with the loader: loadable, a warning; LD_LIBRARY_PATH comes from the context', async () => {
    const musl = root((r) => {
      r.copy(fixturePath('musl-dynamic'), '/app/musl');
      r.copy(fixturePath('musl-static'), '/lib/ld-musl-x86_64.so.1');
    });
    const out = await run(musl, '/app/musl', { LD_LIBRARY_PATH: '/opt/lib' });
    expect(codes(out)).toEqual(['BINARY_DYNAMIC']);
    expect(out.facts).toMatchObject({ interpreterFound: true, ldLibraryPath: '/opt/lib' });
  });

  it('scripts: the interpreter must be in the root', async () => {
    const out = await run(image, '/app/script');
    expect(out.facts).toMatchObject({ format: 'script', interpreter: '/bin/sh', interpreterFound: false });
    expect(codes(out)).toEqual(['BINARY_INTERPRETER_MISSING']);
  });

  it('not a program, and not there', async () => {
    expect(codes(await run(image, '/app/text'))).toEqual(['BINARY_MALFORMED']);
    const missing = await run(image, '/app/gone');
    expect(missing.facts).toMatchObject({ exists: false, error: 'ENOENT' });
    expect(codes(missing)).toEqual(['BINARY_NOT_FOUND']);
    expect(staticBinaryCheck.summarize(missing.facts as never)).toBe('/app/gone: not found');
  });

  it('skipped without --binary', async () => {
    expect(await run(image, undefined)).toMatchObject({ skipReason: 'no --binary given' });
  });
});

// What exec decides for the app's credentials and mounts, as the kernel does (the exec oracle,
// test/e2e/exec-oracle.test.ts, measures each rule): credentials from proc/<pid>/status, noexec
// from proc/<pid>/mountinfo, both in the fixture's /proc.
describe('static-binary: exec as the kernel decides it', () => {
  const HOST_ROOT = captured('status-host-root.txt');
  const APP = statusWith(HOST_ROOT, { Uid: '1000\t1000\t1000\t1000', Gid: '1000\t1000\t1000\t1000', Groups: '2000', CapEff: '0000000000000000' });
  const ROOT_NO_CAPS = statusWith(HOST_ROOT, { CapEff: '0000000000000000' });

  /** An image root with its own proc/<pid> (status, mountinfo) for the check to read. */
  function imageWithProc(pid: string, proc: { status?: string; mountinfo?: (dir: string) => string }, build: (r: ImageRoot) => void): ImageRoot {
    return root((r) => {
      // mkdtemp makes the root 0700: the app user could not even search it.
      chmodSync(r.dir, 0o755);
      build(r);
      if (proc.status !== undefined) r.write(`/proc/${pid}/status`, proc.status);
      if (proc.mountinfo) r.write(`/proc/${pid}/mountinfo`, proc.mountinfo(r.dir));
    });
  }
  const mountinfo = (point: string, opts: string) => `1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 8:1 /x ${point} ${opts} - ext4 /dev/sda1 rw\n`;

  it.each([
    { name: 'app user, file 0700 root-owned', status: APP, mode: 0o700, codes: ['BINARY_NOT_EXECUTABLE'] },
    { name: 'app user, file 0750 in its supplementary group', status: APP, mode: 0o750, gid: 2000, codes: [] },
    { name: 'root without capabilities, file 0001', status: ROOT_NO_CAPS, mode: 0o001, codes: ['BINARY_NOT_EXECUTABLE'] },
    { name: 'root with CAP_DAC_OVERRIDE, file 0001', status: HOST_ROOT, mode: 0o001, codes: [] },
    { name: 'credentials unknown: any x bit', status: undefined, mode: 0o001, codes: [] },
  ])('$name → $codes', async ({ status, mode, gid, codes: expected }) => {
    const r = imageWithProc('self', { status }, (i) => i.copy(fixturePath('tiny-static'), '/app/t', mode));
    if (gid !== undefined) chownSync(`${r.dir}/app/t`, 0, gid);
    const out = await staticBinaryCheck.run(fixtureContext(r.dir, { options: { binary: '/app/t' } }));
    expect(codes(out)).toEqual(expected);
    expect(out.facts).toMatchObject(status ? { credentials: { uid: parseProcStatus(status).fsuid } } : { credentials: null, credentialsError: expect.stringContaining('any x bit') });
  });

  it('noexec: from this process\'s mountinfo the root is a path prefix; from the node (--pid), the target\'s own mounts', async () => {
    const self = imageWithProc('self', { status: HOST_ROOT, mountinfo: (dir) => mountinfo(`${dir}/app`, 'rw,noexec') }, (r) => r.copy(fixturePath('tiny-static'), '/app/t'));
    const own = await staticBinaryCheck.run(fixtureContext(self.dir, { options: { binary: '/app/t' } }));
    expect(codes(own)).toEqual(['BINARY_NOEXEC_MOUNT']);
    expect(own.facts).toMatchObject({ access: { allowed: false, why: 'noexec-mount', noexec: true, mountPoint: `${self.dir}/app` } });
    const node = imageWithProc('42', { status: APP, mountinfo: () => mountinfo('/app', 'rw,nosuid,noexec') }, (r) => r.copy(fixturePath('tiny-static'), '/app/t'));
    const target = await staticBinaryCheck.run(fixtureContext(node.dir, { pid: 42, targetRoot: node.dir, options: { binary: '/app/t' } }));
    expect(codes(target)).toEqual(['BINARY_NOEXEC_MOUNT']);
    expect(target.facts).toMatchObject({ credentials: { uid: 1000, groups: [2000] } });
  });

  it.each([
    { name: 'CRLF #! line', text: '#!/app/tiny\r\n', codes: ['BINARY_SCRIPT_CRLF'] },
    { name: 'a #! path past the 256-byte buffer', text: `#!/${'x'.repeat(300)}`, codes: ['BINARY_SCRIPT_INVALID'] },
    { name: 'a script naming itself', text: '#!/app/s\n', codes: ['BINARY_INTERPRETER_LOOP'] },
    { name: 'a NUL ends the path', text: '#!/app/tiny\0garbage\n', codes: [] },
  ])('#! $name → $codes', async ({ text, codes: expected }) => {
    const r = root((i) => {
      i.copy(fixturePath('tiny-static'), '/app/tiny');
      i.write('/app/s', text, 0o755);
    });
    expect(codes(await staticBinaryCheck.run(fixtureContext(r.dir, { options: { binary: '/app/s' } })))).toEqual(expected);
  });

  it('the loader is opened like the binary: no x, not ELF', async () => {
    const r = root((i) => {
      i.copy(fixturePath('musl-dynamic'), '/app/musl');
      i.copy(fixturePath('musl-static'), '/lib/ld-musl-x86_64.so.1', 0o644);
    });
    const denied = await staticBinaryCheck.run(fixtureContext(r.dir, { options: { binary: '/app/musl' } }));
    expect(codes(denied)).toEqual(['BINARY_INTERPRETER_DENIED']);
    r.write('/lib/ld-musl-x86_64.so.1', `#!/bin/sh\n${'#'.repeat(80)}\n`);
    chmodSync(`${r.dir}/lib/ld-musl-x86_64.so.1`, 0o755);
    const bad = await staticBinaryCheck.run(fixtureContext(r.dir, { options: { binary: '/app/musl' } }));
    expect(codes(bad)).toEqual(['BINARY_INTERPRETER_BAD']);
  });

  it('32-bit compat and foreign classes are not runnable here', async () => {
    const r = root((i) => i.copy(fixturePath('elf32-i386-dynamic'), '/app/i386'));
    expect(codes(await staticBinaryCheck.run(fixtureContext(r.dir, { options: { binary: '/app/i386' } })))).toEqual(['BINARY_COMPAT_32BIT']);
  });
});
