// The patch printer against the `yaml` package's parser: whatever it writes reads back as the
// value it was given, and patches come out as people write them by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isPlainScalar, toYaml } from '../../../src/remedy/yaml.js';

const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom('true', 'no', 'Off', 'null', '~', '1Mi', '128Mi', '0x1f', '0xA', '0XFF', '1e3', '-', '- a', ': x', '#c', 'a: b', ' lead', 'trail ', '', '/proc/sys', "'", '"', '\\'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
})).v;

describe('toYaml', () => {
  it('reads back as the same value with the yaml parser', () => {
    fc.assert(fc.property(value, (v) => {
      expect(parse(toYaml(v))).toEqual(v);
    }), { numRuns: 1000 });
  });

  it('writes a patch in block style, object items on the dash line, plain words unquoted', () => {
    const patch = { spec: { volumes: [{ name: 'ns-last-pid', hostPath: { path: '/proc/sys/kernel/ns_last_pid', type: 'File' } }], caps: ['CHECKPOINT_RESTORE'], memory: '128Mi', empty: {}, user: 0, readOnly: false } };
    expect(toYaml(patch)).toBe([
      'spec:',
      '  volumes:',
      '    - name: ns-last-pid',
      '      hostPath:',
      '        path: /proc/sys/kernel/ns_last_pid',
      '        type: File',
      '  caps:',
      '    - CHECKPOINT_RESTORE',
      '  memory: 128Mi',
      '  empty: {}',
      '  user: 0',
      '  readOnly: false',
      '',
    ].join('\n'));
  });

  it('a string is plain exactly where the expressions it replaced said so', () => {
    const byExpression = (t: string) => /^(?:[A-Za-z/_][A-Za-z0-9_./-]*|\d+[A-Za-z]+)$/.test(t) && !/^(?:true|false|null|yes|no|on|off|y|n|0x[0-9a-f]+)$/i.test(t);
    const chars = fc.constantFrom('a', 'Z', 'x', 'X', 'f', 'g', 'n', 'o', 'y', 'e', 'u', 't', 'r', 's', 'l', '0', '9', '_', '.', '/', '-', '@', '[', '`', '{', ':', ' ', '\u212a', '\u0131');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(chars, { maxLength: 8 }).map((cs) => cs.join(''))), (t) => {
        expect(isPlainScalar(t)).toBe(byExpression(t));
      }),
      { numRuns: 20000 },
    );
  });
});
