import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/parse.js';
import { UsageError, type Options } from '../../../src/cli/options.js';

function options(argv: string[], env: NodeJS.ProcessEnv = {}): Options {
  const r = parseCli(argv, env);
  if (r.kind !== 'options') throw new Error(`expected options, got exit ${r.exitCode}`);
  return r.options;
}

const usageError = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parseCli(argv, env);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('no usage error');
};

describe('parseCli', () => {
  it('defaults to run with DESIGN §2 defaults', () => {
    expect(options([])).toMatchObject({
      command: 'run', output: 'text', only: null, skip: [], handoffDir: '/shared', flagName: 'disable_pid_ns',
      strict: false, timeoutMs: 10_000, root: '/', pid: 'self', terminationLog: '/dev/termination-log',
      terminationLogExplicit: false, color: null, checks: { minKernel: '4.15', writeTest: true },
    });
  });

  it('reads every option from PREFLIGHT_* and lets the command line win', () => {
    const o = options(['check', '--flag-name', 'cli'], {
      PREFLIGHT_HANDOFF_DIR: '/x', PREFLIGHT_FLAG_NAME: 'env', PREFLIGHT_ONLY: 'kernel,capabilities',
      PREFLIGHT_SEVERITY: 'PIDNS_HOST=info,KERNEL_TOO_OLD=fail', PREFLIGHT_STRICT: 'true', PREFLIGHT_WRITE_TEST: 'false',
      PREFLIGHT_OUTPUT: 'json', PREFLIGHT_TIMEOUT: '3000', PREFLIGHT_MIN_KERNEL: '5.9',
    });
    expect(o).toMatchObject({
      command: 'check', handoffDir: '/x', flagName: 'cli', only: ['kernel', 'capabilities'], strict: true,
      severity: { PIDNS_HOST: 'info', KERNEL_TOO_OLD: 'fail' }, output: 'json', timeoutMs: 3000,
      checks: { writeTest: false, minKernel: '5.9' },
    });
  });

  it('--severity repeats; --no-color, --pid, explain CODE', () => {
    const o = options(['check', '--severity', 'PIDNS_HOST=info', '--severity', 'NS_LAST_PID_READ_ONLY=fail', '--no-color', '--pid', '42']);
    expect(o).toMatchObject({ severity: { PIDNS_HOST: 'info', NS_LAST_PID_READ_ONLY: 'fail' }, color: false, pid: 42 });
    expect(options(['explain', 'PIDNS_HOST'])).toMatchObject({ command: 'explain', code: 'PIDNS_HOST' });
  });

  it('--help and --version come back as output, exit 0', () => {
    const help = parseCli(['--help'], {});
    expect(help).toMatchObject({ kind: 'exit', exitCode: 0 });
    expect(help.kind === 'exit' && help.output).toContain('kubectl exec');
    expect(parseCli(['--version'], {})).toMatchObject({ kind: 'exit', output: expect.stringMatching(/\d+\.\d+\.\d+/) });
  });

  it.each([
    [['--bogus'], /Unknown argument: bogus/],
    [['--severity', 'PIDNS_HOST'], /--severity: expected CODE=level/],
    [['--severity', 'NOPE=warn'], /unknown finding code "NOPE"/],
    [['--severity', 'PIDNS_HOST=loud'], /level must be one of/],
    [['--min-kernel', 'abc'], /--min-kernel: expected a version/],
    [['--only', 'kernal'], /--only: unknown check "kernal"/],
    [['--timeout', '0'], /--timeout: expected a positive whole number/],
    [['--pid', 'abc'], /--pid: expected a positive whole number/],
    [['--flag-name', '../etc/x'], /--flag-name/],
    [['--flag-name', 'preflight.json'], /--flag-name/],
    [['--output', 'yaml'], /^--output: expected text or json, got "yaml"$/],
    [['chek'], /unknown command "chek"/],
    [['check', 'extra'], /check: unexpected argument "extra"/],
    [['explain', 'A', 'B'], /explain: unexpected argument "B"/],
    [['--only', 'kernel', '--skip', 'kernel'], /^--only\/--skip: no check is left to run$/],
    [['--handoff-dir', ''], /^--handoff-dir: must not be empty$/],
    [['--binary', ''], /^--binary: must not be empty$/],
    [['--root', ''], /^--root: must not be empty$/],
    [['--min-kernel', 'a\nb\u001b[31m'], /^--min-kernel: expected a version like 5\.9 or 5\.15\.0, got "a\\nb\\u001b\[31m"$/],
    [['--min-kernel', 'x'.repeat(100_000)], /got "x{80}… \(100000 characters\)"$/],
  ])('%j is a usage error', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('booleans take true/false/1/0/yes/no from the environment and --opt=value; PREFLIGHT_NO_* negates', () => {
    expect(options([], { PREFLIGHT_STRICT: '1' }).strict).toBe(true);
    expect(options([], { PREFLIGHT_STRICT: 'YES' }).strict).toBe(true);
    expect(options(['--strict=0'], { PREFLIGHT_STRICT: 'true' }).strict).toBe(false);
    expect(options(['--write-test=no']).checks.writeTest).toBe(false);
    expect(options([], { PREFLIGHT_NO_WRITE_TEST: 'true' }).checks.writeTest).toBe(false);
    expect(options([], { PREFLIGHT_NO_COLOR: '1' }).color).toBe(false);
    expect(options([], { PREFLIGHT_COLOR: 'false' }).color).toBe(false);
    expect(usageError([], { PREFLIGHT_STRICT: 'maybe' })).toMatch(/PREFLIGHT_STRICT: expected true or false, got "maybe"/);
    expect(usageError(['--strict=sure'])).toMatch(/--strict: expected true or false/);
  });

  it('a scalar option given more than once: the last wins; list options accumulate', () => {
    expect(options(['--timeout', '1', '--timeout', '2'])).toMatchObject({ timeoutMs: 2 });
    expect(options(['--output', 'xml', '--output', 'json', '--handoff-dir', '/a', '--handoff-dir', '/b'])).toMatchObject({ output: 'json', handoffDir: '/b' });
    expect(options(['--skip', 'kernel', '--skip', 'cgroup-cpu']).skip).toEqual(['kernel', 'cgroup-cpu']);
    expect(options(['--timeout', '5'], { PREFLIGHT_TIMEOUT: '7' }).timeoutMs).toBe(5);
  });

  it('the variables preflight.env sets do not stop a later run', () => {
    const o = options(['check'], { PREFLIGHT_VERDICT: 'degraded', PREFLIGHT_DISABLE_PID_NS: '1', PREFLIGHT_REASONS: 'X', PREFLIGHT_GENERATION: '0123' });
    expect(o.command).toBe('check');
  });

  it('a PREFLIGHT_* variable that names no option is a usage error naming it', () => {
    expect(usageError([], { PREFLIGHT_HANDOF_DIR: '/x' })).toMatch(/PREFLIGHT_HANDOF_DIR/);
  });
});
