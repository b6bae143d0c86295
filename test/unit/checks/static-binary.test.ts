// static-binary, in-process on image-like roots built from the committed ELF fixtures
// (test/fixtures/elf/README.md); test/e2e/static-binary.test.ts runs the CLI on real roots.
import { afterAll, describe, expect, it } from 'vitest';
import { staticBinaryCheck } from '../../../src/checks/static-binary.js';
import { fixturePath } from '../../support/elf-fixtures.js';
import { fixtureContext } from '../../support/fixture-context.js';
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
