// The static-binary check through the built CLI against image-like roots (--root <tmpdir>):
// what exec would do in scratch, distroless-like and Alpine-like filesystems.
import { execFileSync, spawn } from 'node:child_process';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeE2E, runJson, type ReportJson } from '../support/e2e.js';
import { BUILD, ensureBuiltFixtures, fixturePath } from '../support/elf-fixtures.js';
import { imageRoot, type ImageRoot } from '../support/image-root.js';

const HOST_LOADER = '/lib64/ld-linux-x86-64.so.2';
const HOST_LIBC = '/lib/x86_64-linux-gnu/libc.so.6';
const MULTIARCH = '/usr/lib/x86_64-linux-gnu';

let root: ImageRoot;
afterEach(() => root?.remove());

async function check(binary: string, env?: Record<string, string>) {
  const args = ['check', '--only', 'static-binary', '--root', root.dir, ...(env ? [] : ['--binary', binary])];
  const { run, report } = await runJson(args, env ? { env } : {});
  const result = report.checks.find((c) => c.id === 'static-binary')!;
  return { exitCode: run.exitCode, result, codes: result.findings.map((f) => f.code), report };
}

/** A Debian-like usrmerge layout: /lib → usr/lib, /lib64 → usr/lib64, loader in multiarch. */
function glibcBase(r: ImageRoot, { libc = true } = {}): void {
  r.link('/lib', 'usr/lib');
  r.link('/lib64', 'usr/lib64');
  r.copy(HOST_LOADER, `${MULTIARCH}/ld-linux-x86-64.so.2`);
  r.link('/usr/lib64/ld-linux-x86-64.so.2', `${MULTIARCH}/ld-linux-x86-64.so.2`);
  if (libc) r.copy(HOST_LIBC, `${MULTIARCH}/libc.so.6`);
}

const facts = (r: ReportJson['checks'][number]) => r.facts as Record<string, unknown>;

describeE2E('static-binary in image-like roots', { tools: ['gcc', 'go', 'ldconfig'] }, () => {
  beforeAll(() => ensureBuiltFixtures());

  it('cgo binary on scratch: interpreter missing, exit 1', async () => {
    root = imageRoot();
    root.copy(`${BUILD}/go-cgo`, '/app/server');
    const { exitCode, codes, result } = await check('/app/server');
    expect(codes).toContain('BINARY_INTERPRETER_MISSING');
    expect(exitCode).toBe(1);
    expect(facts(result)).toMatchObject({ linkage: 'dynamic', interpreter: HOST_LOADER, interpreterFound: false, go: { cgoEnabled: true } });
  });

  it('loader present but no libc: library missing, exit 1', async () => {
    root = imageRoot();
    glibcBase(root, { libc: false });
    root.copy(`${BUILD}/go-cgo`, '/app/server');
    const { exitCode, codes, result } = await check('/app/server');
    expect(codes).toContain('BINARY_LIBRARY_MISSING');
    expect(exitCode).toBe(1);
    expect(facts(result)).toMatchObject({ interpreterFound: true, missingLibraries: ['libc.so.6'] });
  });

  it('complete glibc root: dynamic (warn), exit 0, found through the symlinked multiarch dir', async () => {
    root = imageRoot();
    glibcBase(root);
    root.copy(`${BUILD}/go-cgo`, '/app/server');
    const { exitCode, codes, result } = await check('/app/server');
    expect(codes).toContain('BINARY_DYNAMIC');
    expect(codes).not.toContain('BINARY_LIBRARY_MISSING');
    expect(exitCode).toBe(0);
    expect(facts(result)).toMatchObject({ missingLibraries: [], libraries: { 'libc.so.6': `${MULTIARCH}/libc.so.6` } });
  });

  it('CGO_ENABLED=0 binary on scratch: static, no binary findings; PREFLIGHT_BINARY works', async () => {
    root = imageRoot();
    root.copy(`${BUILD}/go-static`, '/server');
    const { exitCode, codes, result } = await check('', { PREFLIGHT_BINARY: '/server' });
    expect(codes.filter((c) => c.startsWith('BINARY_'))).toEqual([]);
    expect(exitCode).toBe(0);
    expect(facts(result)).toMatchObject({ linkage: 'static', interpreter: null, go: { cgoEnabled: false } });
  });

  it('Go -buildmode=pie on scratch: no DT_NEEDED, still needs the loader', async () => {
    root = imageRoot();
    root.copy(`${BUILD}/go-pie`, '/server');
    const { exitCode, codes, result } = await check('/server');
    expect(codes).toContain('BINARY_INTERPRETER_MISSING');
    expect(exitCode).toBe(1);
    expect(facts(result)).toMatchObject({ needed: [], go: { cgoEnabled: false } });
  });

  it('a dir listed through ld.so.conf\'s include glob counts only once ldconfig has cached it', async () => {
    root = imageRoot();
    glibcBase(root, { libc: false });
    root.copy(HOST_LIBC, '/opt/glibc/libc.so.6');
    root.write('/etc/ld.so.conf', 'include /etc/ld.so.conf.d/*.conf\n');
    root.write('/etc/ld.so.conf.d/glibc.conf', '# vendor glibc\n/opt/glibc\n');
    root.copy(`${BUILD}/go-cgo`, '/server');
    const uncached = await check('/server');
    expect(uncached.codes.filter((c) => c.startsWith('BINARY_'))).toEqual(['BINARY_LIBRARY_NOT_IN_CACHE']);
    expect(uncached.result.findings[0]!.message).toContain('/opt/glibc');
    execFileSync('ldconfig', ['-r', root.dir, '-X']);
    const { codes, result } = await check('/server');
    expect(codes).toEqual(expect.arrayContaining(['BINARY_DYNAMIC']));
    expect(facts(result)).toMatchObject({ ldSoCache: 'new', libraries: { 'libc.so.6': '/opt/glibc/libc.so.6' }, libraryFoundBy: { 'libc.so.6': 'ld.so.cache' } });
  });

  it('an app bundle found through DT_RUNPATH=$ORIGIN/../lib, and missing without it', async () => {
    root = imageRoot();
    glibcBase(root);
    root.copy(`${BUILD}/runpath/bin/uses-greet`, '/app/bin/uses-greet');
    expect((await check('/app/bin/uses-greet')).codes).toContain('BINARY_LIBRARY_MISSING');
    root.copy(`${BUILD}/runpath/lib/libgreet.so.1`, '/app/lib/libgreet.so.1');
    const { codes, result } = await check('/app/bin/uses-greet');
    expect(codes).toContain('BINARY_DYNAMIC');
    expect(facts(result)).toMatchObject({ libraries: { 'libgreet.so.1': '/app/lib/libgreet.so.1' } });
  });

  it('musl: Alpine-like root loads it; scratch does not, with a musl remedy', async () => {
    root = imageRoot();
    root.copy(fixturePath('musl-dynamic'), '/app/hello');
    const missing = await check('/app/hello');
    expect(missing.codes).toContain('BINARY_INTERPRETER_MISSING');
    expect(missing.result.findings[0]).toMatchObject({ remedy: expect.stringContaining('/lib/ld-musl-x86_64.so.1') });
    root.copy(fixturePath('musl-static'), '/lib/ld-musl-x86_64.so.1');
    const present = await check('/app/hello');
    expect(present.codes).toContain('BINARY_DYNAMIC');
    expect(facts(present.result)).toMatchObject({ missingLibraries: [], libraries: { 'libc.so': '(loader)' } });
  });

  it('a script whose interpreter is absent', async () => {
    root = imageRoot();
    root.write('/entrypoint.sh', '#!/bin/sh -e\nexec /server\n', 0o755);
    const { exitCode, codes, result } = await check('/entrypoint.sh');
    expect(codes).toEqual(['BINARY_INTERPRETER_MISSING']);
    expect(exitCode).toBe(1);
    expect(facts(result)).toMatchObject({ format: 'script', interpreter: '/bin/sh', interpreterArgument: '-e', interpreterFound: false });
  });

  it('symlinks stay inside the root: .. is clamped, absolute links are re-rooted', async () => {
    root = imageRoot();
    root.link('/app/escape', '../../../../../../bin/ls');
    expect((await check('/app/escape')).codes).toEqual(['BINARY_NOT_FOUND']);
    root.copy(`${BUILD}/go-static`, '/usr/bin/server');
    root.link('/app/server', '/usr/bin/server');
    const { codes, result } = await check('/app/server');
    expect(codes.filter((c) => c.startsWith('BINARY_'))).toEqual([]);
    expect(facts(result)).toMatchObject({ resolvedPath: '/usr/bin/server' });
  });

  it('foreign machine, damaged file, no x bit, not a program', async () => {
    root = imageRoot();
    root.copy(fixturePath('elf64-aarch64-static'), '/arm');
    root.write('/text', 'version https://git-lfs.github.com/spec/v1\n', 0o755);
    root.write('/noexec', '#!/bin/sh\n', 0o644);
    expect((await check('/arm')).codes).toEqual(['BINARY_WRONG_ARCH']);
    expect((await check('/text')).codes).toEqual(['BINARY_MALFORMED']);
    expect((await check('/noexec')).codes).toEqual(['BINARY_NOT_EXECUTABLE', 'BINARY_INTERPRETER_MISSING']);
  });

  it('no --binary: skipped', async () => {
    root = imageRoot();
    const { result } = await check('', {});
    expect(result.status).toBe('skip');
  });
});

describeE2E('static-binary from the node: the target\'s own LD_LIBRARY_PATH', { root: true, tools: ['gcc', 'go', 'sleep'] }, () => {
  beforeAll(() => ensureBuiltFixtures());

  it('a library found only through the target process\'s LD_LIBRARY_PATH', async () => {
    root = imageRoot();
    root.copy(`${BUILD}/runpath/bin/uses-greet`, '/bin/uses-greet');
    root.copy(`${BUILD}/runpath/lib/libgreet.so.1`, '/opt/greet/libgreet.so.1');
    const binary = `${root.dir}/bin/uses-greet`;
    const target = (env: Record<string, string>) => spawn('sleep', ['30'], { env, stdio: 'ignore' });
    const run = async (env: Record<string, string>) => {
      const sleeper = target(env);
      try {
        const { report } = await runJson(['check', '--only', 'static-binary', '--pid', String(sleeper.pid), '--binary', binary]);
        return report.checks.find((c) => c.id === 'static-binary')!;
      } finally {
        sleeper.kill('SIGKILL');
      }
    };
    const found = await run({ LD_LIBRARY_PATH: `${root.dir}/opt/greet` });
    expect(facts(found)).toMatchObject({ ldLibraryPath: `${root.dir}/opt/greet`, missingLibraries: [] });
    expect(facts(found).libraries).toMatchObject({ 'libgreet.so.1': `${root.dir}/opt/greet/libgreet.so.1` });
    const missing = await run({});
    expect(facts(missing)).toMatchObject({ ldLibraryPath: null, missingLibraries: ['libgreet.so.1'] });
  });
});
