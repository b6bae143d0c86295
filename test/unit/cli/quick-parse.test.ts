// The hot-path parser against yargs, differentially: on random command lines and PREFLIGHT_*
// environments, whenever quick-parse answers (options or a usage error), yargs must answer the
// same. quick-parse may decline (null) anything; the test also makes sure it does not decline
// everything, or it would prove nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../../src/cli/option-table.js';
import { UsageError } from '../../../src/cli/options.js';
import { parseWithYargs } from '../../../src/cli/parse.js';
import { isVersionRequest, quickParse } from '../../../src/cli/quick-parse.js';
import { VERSION } from '../../../src/cli/version.js';
import { envName } from '../../../src/cli/env.js';

const NAMES = Object.keys(OPTIONS);
const VALUES = [
  'kernel', 'capabilities,kernel', 'pidns-create', 'kernal', 'json', 'text', 'yaml', '128Mi', '1Gi', '5', '0', '007', '',
  'true', 'false', '1', 'no', 'PIDNS_HOST=info', 'PIDNS_HOST', '/tmp', '/', '42', 'self', '4.15', '5.x', 'x y', '-x', '-1', '250m',
  'check', 'run', 'explain', 'disable_pid_ns', 'preflight.env', '../x', '1e3', '0x10',
];
const WORDS = ['run', 'check', 'explain', 'PIDNS_HOST', 'bogus', '42', 'help', 'version', 'completion', '-h', '-V', '--', '--help', '--version', '-', '--bogus', '--handoffDir'];

const value = fc.constantFrom(...VALUES);
const option = fc.constantFrom(...NAMES);
const token: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(option, value).map(([o, v]) => [`--${o}`, v]) },
  { weight: 2, arbitrary: option.map((o) => [`--${o}`]) },
  { weight: 1, arbitrary: option.map((o) => [`--no-${o}`]) },
  { weight: 2, arbitrary: fc.tuple(option, value).map(([o, v]) => [`--${o}=${v}`]) },
  { weight: 1, arbitrary: value.map((v) => [v]) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS).map((w) => [w]) },
);
const argv = fc.tuple(fc.constantFrom([], ['run'], ['check'], ['explain']), fc.array(token, { maxLength: 5 })).map(([head, rest]) => [...head, ...rest.flat()]);
const env = fc.dictionary(
  fc.oneof(option.map(envName), option.map((o) => envName(`no-${o}`)), fc.constantFrom('PREFLIGHT_VERDICT', 'PREFLIGHT_BOGUS')),
  value,
  { maxKeys: 3 },
);

type Answer = { options: unknown } | { usageError: string } | { output: string } | null;

function answer(parse: () => ReturnType<typeof quickParse> | ReturnType<typeof parseWithYargs>): Answer {
  try {
    const r = parse();
    if (r === null) return null;
    if ('kind' in r) return r.kind === 'options' ? { options: r.options } : { output: r.output };
    return { options: r };
  } catch (err) {
    if (err instanceof UsageError) return { usageError: err.message };
    throw err;
  }
}

describe('quick-parse agrees with yargs', () => {
  it('on random command lines and environments', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(argv, env, (args, vars) => {
        runs++;
        const quick = answer(() => quickParse(args, vars));
        if (quick === null) return;
        answered++;
        expect(quick).toEqual(answer(() => parseWithYargs(args, vars)));
      }),
      { numRuns: 4000 },
    );
    expect(answered / runs).toBeGreaterThan(0.2);
  });

  it.each([
    [['check', '--only', 'kernel', 'capabilities', '--strict']],
    [['--handoff-dir=/x', 'run', '--no-write-test', '--severity', 'PIDNS_HOST=info', '--severity', 'KERNEL_TOO_OLD=fail']],
    [['check', '--app-memory-limit', '512', '--app-memory-divisor', '1Mi', '--app-cpu-limit', '500m']],
    [['check', '--output', 'json', '--color']],
  ])('answers the everyday command line %j itself, as yargs does', (args) => {
    const quick = answer(() => quickParse(args, { PREFLIGHT_TIMEOUT: '3000' }));
    expect(quick).not.toBeNull();
    expect(quick).toEqual(answer(() => parseWithYargs(args, { PREFLIGHT_TIMEOUT: '3000' })));
  });

  it.each([[['--version']], [['-V']], [['version']]])('answers %j with the version, as yargs does', (args) => {
    expect(isVersionRequest(args)).toBe(true);
    expect(parseWithYargs(args, {})).toEqual({ kind: 'exit', exitCode: 0, output: `${VERSION}\n` });
  });

  it.each([[['--help']], [['check', '-h']], [['explain']], [['--version']], [['completion']], [['check', '--handoff-dir', 'a', '--handoff-dir', 'b']], [['check', '--', 'x']]])(
    'leaves %j to yargs',
    (args) => {
      expect(quickParse(args, {})).toBeNull();
    },
  );
});
