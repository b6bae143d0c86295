// The `#!` line byte for byte as binfmt_script reads it. The kernel's own answers for these
// encodings are measured by the exec oracle (test/e2e/exec-oracle.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINPRM_BUF_SIZE, parseScriptLine } from '../../../../src/binary/format/binfmt-script.js';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseScriptLine(enc(s));

describe('binfmt_script #! line', () => {
  it('interpreter and one argument: only space and tab delimit, the rest is one argument', () => {
    expect(parse('#!/bin/sh\n')).toEqual({ ok: true, interpreter: '/bin/sh', argument: null });
    expect(parse('#!  \t/usr/bin/env  python3 -u  \t\nprint()')).toEqual({ ok: true, interpreter: '/usr/bin/env', argument: 'python3 -u' });
    expect(parse('#!/bin/sh -e')).toEqual({ ok: true, interpreter: '/bin/sh', argument: '-e' });
  });

  it('CR is an ordinary byte: a CRLF script names "/bin/sh\\r"', () => {
    expect(parse('#!/bin/sh\r\n')).toEqual({ ok: true, interpreter: '/bin/sh\r', argument: null });
    expect(parse('#!/bin/sh\r -e\n')).toEqual({ ok: true, interpreter: '/bin/sh\r', argument: '-e' });
  });

  it('NUL ends the path and the line; no argument after a NUL', () => {
    expect(parse('#!/bin/sh\0 -e\n')).toEqual({ ok: true, interpreter: '/bin/sh', argument: null });
    expect(parse('#!/bin/sh -e\0x\n')).toEqual({ ok: true, interpreter: '/bin/sh', argument: '-e' });
  });

  it('no interpreter: empty, blanks only, and a line of blanks filling the buffer', () => {
    expect(parse('#!\n')).toEqual({ ok: false, reason: 'no-interpreter' });
    expect(parse('#! \t \n')).toEqual({ ok: false, reason: 'no-interpreter' });
    expect(parse(`#!${' '.repeat(300)}`)).toEqual({ ok: false, reason: 'no-interpreter' });
  });

  it('a line longer than the buffer: accepted when the path ends inside it', () => {
    expect(parse(`#!/bin/sh ${'a'.repeat(400)}\n`)).toEqual({ ok: true, interpreter: '/bin/sh', argument: 'a'.repeat(BINPRM_BUF_SIZE - 11) });
    expect(parse(`#!/${'x'.repeat(300)}\n`)).toEqual({ ok: false, reason: 'interpreter-truncated' });
    // The buffer's last byte may end the path (the kernel then overwrites it with NUL)…
    expect(parse(`#!/${'x'.repeat(BINPRM_BUF_SIZE - 4)} aaa`)).toEqual({ ok: true, interpreter: `/${'x'.repeat(BINPRM_BUF_SIZE - 4)}`, argument: null });
    // …but a path still going at that byte is cut off, and refused.
    expect(parse(`#!/${'x'.repeat(BINPRM_BUF_SIZE - 3)} `)).toEqual({ ok: false, reason: 'interpreter-truncated' });
  });

  it('not a script', () => {
    expect(parse('\x7fELF')).toEqual({ ok: false, reason: 'not-a-script' });
    expect(parse('# !/bin/sh\n')).toEqual({ ok: false, reason: 'not-a-script' });
  });

  it('any bytes: never throws, the interpreter never holds a delimiter', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        const r = parseScriptLine(Uint8Array.from([0x23, 0x21, ...tail]));
        if (r.ok) expect(r.interpreter).not.toMatch(/[ \t\n\0]/);
      }),
    );
  });
});
