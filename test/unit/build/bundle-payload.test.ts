// scripts/bundle-payload.cjs: how the bundle's code rides in dist/init-preflight.cjs after the loader.
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';

const { MARKER, encode, decode } = createRequire(import.meta.url)('../../../scripts/bundle-payload.cjs') as {
  MARKER: string;
  encode(source: string): string;
  decode(fileText: string, marker: string): string | null;
};

const LOADER = "'use strict';\nconst x = '//@init-preflight-bundle@ in a string is not the marker';\n";
const file = (source: string) => `${LOADER.trimEnd()}${MARKER}${encode(source)}\n`;

describe('the bundle payload', () => {
  it('comes back exactly as it went in, whatever its lines start with', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '/', '\n', '*', ' ', '`', '\\', '@')).map((cs) => cs.join('')), (source) => {
        // The file's own last newline comes along; for JavaScript it changes nothing.
        expect(decode(file(source), MARKER)).toBe(`${source}\n`);
      }),
      { numRuns: 2000 },
    );
  });

  it('is invisible to JavaScript: the file compiles to the loader alone', () => {
    const text = file('throw new Error("the payload ran");\n*/ also not code');
    expect(() => new Script(text).runInNewContext({})).not.toThrow();
  });

  it('refuses what a comment cannot hold: a carriage return or a non-ASCII character', () => {
    for (const odd of ['a\rb', 'a\u2028b', 'caf\u00e9']) expect(() => encode(odd)).toThrow(/ASCII without carriage returns/);
    // Other control characters end no comment (esbuild writes some raw, in String.raw's strings).
    expect(decode(file('a\x00\x18b'), MARKER)).toBe('a\x00\x18b\n');
  });

  it('a file without the marker has no payload', () => {
    expect(decode(LOADER, MARKER)).toBeNull();
  });
});
