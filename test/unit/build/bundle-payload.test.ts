// scripts/bundle-payload.cjs: how the bundle's code rides in dist/init-preflight.cjs, as the body
// of a function that is never called.
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';

const { encode, decode } = createRequire(import.meta.url)('../../../scripts/bundle-payload.cjs') as {
  encode(source: string, name?: string): string;
  decode(functionText: string, name?: string): string | null;
};

/** A loader like scripts/loader.cjs: it hands back what decode() makes of its function. */
const file = (source: string) => `'use strict';\nreturnValue = decode(bundle.toString());\n${encode(source)}`;
const carried = (source: string) => {
  const context = { decode, returnValue: undefined as unknown };
  new Script(file(source)).runInNewContext(context);
  return context.returnValue;
};

describe('the bundle payload', () => {
  it('comes back exactly as it went in, whatever its lines hold', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '/', '\n', '*', ' ', '`', '\\', '}', '{', '\x00', '\x18')).map((cs) => cs.join('')), (source) => {
        expect(carried(source)).toBe(source);
      }),
      { numRuns: 2000 },
    );
  });

  it('is never run: the file compiles to the loader alone', () => {
    expect(carried('throw new Error("the payload ran");\n}\nthrow new Error("out of the function");')).toBe(
      'throw new Error("the payload ran");\n}\nthrow new Error("out of the function");',
    );
  });

  it('refuses what a line comment cannot hold: a carriage return or a non-ASCII character', () => {
    for (const odd of ['a\rb', 'a\u2028b', 'caf\u00e9']) expect(() => encode(odd)).toThrow(/ASCII without carriage returns/);
  });

  it('carries under another function name too (the loader\'s vendor), and only under that name', () => {
    const text = encode('a\n//b', 'vendor').trimEnd();
    expect(decode(text, 'vendor')).toBe('a\n//b');
    expect(decode(text)).toBeNull();
  });

  it('text that is not the carrying function has no payload', () => {
    expect(decode('function other() {\n//x\n}')).toBeNull();
    expect(decode('function bundle() {\n//x\n} ')).toBeNull();
  });
});
