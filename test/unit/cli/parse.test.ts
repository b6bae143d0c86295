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
    [['--output', 'yaml'], /Invalid values/],
    [['chek'], /unknown command "chek"/],
    [['check', 'extra'], /check: unexpected argument "extra"/],
    [['explain', 'A', 'B'], /explain: unexpected argument "B"/],
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

  it('the variables preflight.env sets do not stop a later run', () => {
    const o = options(['check'], { PREFLIGHT_VERDICT: 'degraded', PREFLIGHT_DISABLE_PID_NS: '1', PREFLIGHT_REASONS: 'X' });
    expect(o.command).toBe('check');
  });

  it('a PREFLIGHT_* variable that names no option is a usage error naming it', () => {
    expect(usageError([], { PREFLIGHT_HANDOF_DIR: '/x' })).toMatch(/PREFLIGHT_HANDOF_DIR/);
  });
});
