// argv + PREFLIGHT_* environment → Options. Validation only; no probing happens here.
import yargs, { type Argv } from 'yargs';
import { CHECKS } from '../checks/index.js';
import { catalogue } from '../core/catalogue.js';
import { SEVERITIES, type Severity } from '../core/types.js';
import { parseMinKernel } from '../parse/kernel-release.js';
import { multiplyQuantities, parseQuantity, toAmount, type Quantity } from '../parse/quantity.js';
import { shown } from './echo.js';
import { normaliseArguments, normaliseEnvironment, withPreflightEnv, type OptionNames } from './env.js';
import { DEFAULT_TERMINATION_LOG, DEFAULT_TIMEOUT_MS, UsageError, type Command, type Options } from './options.js';

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

const EXAMPLES: [string, string][] = [
  ['$0 run --handoff-dir /shared', 'initContainer: check, write /shared/{disable_pid_ns,preflight.env,preflight.json}, exit by verdict'],
  ['kubectl exec POD -c app -- init-preflight check', 'by hand inside a running container: report only, writes nothing'],
  ['$0 check --pid 4242 --output json', 'on the node as root: inspect a container\'s process'],
  ['nsenter -t 4242 -a $0 check', 'on the node: run inside all of a container\'s namespaces'],
  ['$0 explain NS_LAST_PID_READ_ONLY', 'what a finding means and how to fix it'],
];

function splitList(values: unknown): string[] {
  const items = (Array.isArray(values) ? values : [values]).filter((v) => v !== undefined);
  return items.flatMap((v) => String(v).split(/[\s,]+/)).filter((v) => v.length > 0);
}

function parseSeverities(values: unknown): Record<string, Severity> {
  const codes = new Set(catalogue().map((s) => s.code));
  const result: Record<string, Severity> = {};
  for (const item of splitList(values)) {
    const m = /^([A-Z0-9_]+)=([a-z]+)$/.exec(item);
    if (!m) throw new UsageError(`--severity: expected CODE=level, got "${shown(item)}"`);
    const [, code, level] = m as unknown as [string, string, string];
    if (!codes.has(code)) throw new UsageError(`--severity: unknown finding code "${shown(code)}" (see: init-preflight explain)`);
    if (!SEVERITIES.includes(level as Severity)) throw new UsageError(`--severity: level must be one of ${SEVERITIES.join(', ')}, got "${level}"`);
    result[code] = level as Severity;
  }
  return result;
}

function checkIds(option: string, values: unknown): string[] {
  const known = CHECKS.map((c) => c.id);
  const ids = splitList(values);
  const unknown = ids.find((id) => !known.includes(id));
  if (unknown) throw new UsageError(`--${option}: unknown check "${shown(unknown)}"; known: ${known.join(', ')}`);
  if (option === 'only' && ids.length === 0) throw new UsageError(`--only: names no check; known: ${known.join(', ')}`);
  return ids;
}

function positiveInt(option: string, value: unknown): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text) || Number(text) === 0) throw new UsageError(`--${option}: expected a positive whole number, got "${shown(text)}"`);
  return Number(text);
}

function flagName(value: unknown): string {
  const name = String(value);
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$/.test(name) || name === 'preflight.env' || name === 'preflight.json') {
    throw new UsageError(`--flag-name: "${shown(name)}" must be a plain file name (no "/"), other than preflight.env and preflight.json`);
  }
  return name;
}

/** A container name as Kubernetes accepts it (an RFC 1123 label), for the patches. */
function containerName(option: string, value: unknown): string {
  const name = String(value);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new UsageError(`--${option}: "${name}" is not a container name (lower-case letters, digits and "-", at most 63)`);
  return name;
}

function minKernel(value: unknown): string {
  const text = String(value);
  if (!parseMinKernel(text)) throw new UsageError(`--min-kernel: expected a version like 5.9 or 5.15.0, got "${shown(text)}"`);
  return text;
}

function quantity(option: string, value: unknown): Quantity {
  const result = parseQuantity(String(value));
  if (!result.ok) throw new UsageError(`--${option}: ${result.message}`);
  return result.value;
}

/**
 * A Kubernetes quantity option in whole units of 10^unitExp10 (bytes: 0, millicores: -3),
 * rounded up. With a divisor option: the Downward API divides a limit by its resourceFieldRef
 * divisor, and multiplying by the same divisor undoes that.
 */
function amount(option: string, raw: Raw, unitExp10: number, divisorOption?: string): number {
  let q = quantity(option, raw[option]);
  if (divisorOption) q = multiplyQuantities(q, quantity(divisorOption, raw[divisorOption]));
  const result = toAmount(q, unitExp10);
  if (!result.ok) throw new UsageError(`--${option}: "${shown(String(raw[option]))}" ${result.message}`);
  return result.value;
}

/** The app container's limit (--app-memory-limit, --app-cpu-limit), when given. */
function appLimit(option: string, raw: Raw, unitExp10: number): number | undefined {
  if (raw[option] === undefined) return undefined;
  const value = amount(option, raw, unitExp10, option.replace(/-limit$/, '-divisor'));
  if (value === 0) throw new UsageError(`--${option}: a limit of zero cannot be right (no limit: leave the option out)`);
  return value;
}

const OPTIONS = {
  output: { type: 'string', default: 'text', describe: 'report format on stdout: text or json' },
  only: { type: 'string', array: true, describe: 'run only these checks (comma-separated)' },
  skip: { type: 'string', array: true, describe: 'skip these checks' },
  'handoff-dir': { type: 'string', default: '/shared', describe: 'run: shared emptyDir for the flag, preflight.env, preflight.json' },
  'flag-name': { type: 'string', default: 'disable_pid_ns', describe: 'run: name of the downgrade flag file' },
  'min-kernel': { type: 'string', default: '4.15', describe: 'oldest kernel release accepted (x.y)' },
  'min-memory': { type: 'string', default: '128Mi', describe: 'smallest memory limit accepted (quantity: 128Mi, 1G, bytes)' },
  'min-cpu': { type: 'string', default: '100m', describe: 'smallest CPU limit accepted (quantity: 100m, 0.5, 2)' },
  'app-memory-limit': { type: 'string', describe: 'the app container\'s limits.memory (Downward API resourceFieldRef, or a quantity)' },
  'app-memory-divisor': { type: 'string', default: '1', describe: 'the divisor of that resourceFieldRef (e.g. 1Mi)' },
  'app-cpu-limit': { type: 'string', describe: 'the app container\'s limits.cpu (Downward API resourceFieldRef, or a quantity)' },
  'app-cpu-divisor': { type: 'string', default: '1', describe: 'the divisor of that resourceFieldRef (e.g. 1m; the default 1 rounds up to whole cores)' },
  'write-test': { type: 'boolean', default: true, describe: 'write ns_last_pid back to test it (--no-write-test: predict)' },
  severity: { type: 'string', array: true, describe: 'override a finding\'s severity: CODE=info|warn|degrade|fail (repeatable)' },
  strict: { type: 'boolean', default: false, describe: 'a degraded verdict counts as blocked' },
  timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_MS), describe: 'time limit for the whole run, ms' },
  root: { type: 'string', default: '/', describe: 'where the host\'s / is mounted (/proc and /sys are read below it)' },
  pid: { type: 'string', describe: 'inspect this process instead of this one (node level)' },
  binary: { type: 'string', describe: 'the app binary to inspect (static-binary check), a path inside the target root' },
  'termination-log': { type: 'string', describe: `run: Kubernetes termination message file (default ${DEFAULT_TERMINATION_LOG}, written when it exists)` },
  'app-container': { type: 'string', default: 'app', describe: 'the app container\'s name, for the patches remedies print' },
  'init-container': { type: 'string', default: 'preflight', describe: 'this initContainer\'s name, for the patches remedies print' },
  color: { type: 'boolean', describe: 'colour the text report (default: when stdout is a TTY and NO_COLOR is unset)' },
  debug: { type: 'boolean', default: false, describe: 'print stack traces of internal errors' },
} as const;

const OPTION_NAMES: OptionNames = {
  all: Object.keys(OPTIONS),
  booleans: Object.entries(OPTIONS).filter(([, o]) => 'type' in o && o.type === 'boolean').map(([name]) => name),
};

// Commands are read from the positionals rather than declared with yargs' .command(): yargs then
// renders and caches the whole help text on every run, a third of the tool's start-up.
const USAGE = `$0 [command] [options]

Will this pod's kernel sandbox let the Go service start? Probes the PID namespace, capabilities,
ns_last_pid, cgroup limits and the app binary; decides ready, degraded or blocked.

Commands:
run (default)    initContainer mode: checks, handoff files, termination message, exit by verdict
check            the same checks and report; writes nothing (kubectl exec, node level)
explain [CODE]   list finding codes, or explain one: cause, evidence, remedy`;

function define(y: Argv): Argv {
  return y
    .scriptName('init-preflight')
    .usage(USAGE)
    .options(OPTIONS)
    .example(EXAMPLES)
    .env('PREFLIGHT')
    .strictOptions()
    .help()
    .version(VERSION)
    .wrap(Math.min(110, process.stdout.columns || 100));
}

type Raw = Record<string, unknown> & { _: (string | number)[] };

const COMMANDS: Record<Command, number> = { run: 0, check: 0, explain: 1 }; // positional arguments each takes

function commandOf(positionals: readonly (string | number)[]): { command: Command; code: string | null } {
  const [first = 'run', ...rest] = positionals.map(String);
  if (!Object.hasOwn(COMMANDS, first)) throw new UsageError(`unknown command "${shown(first)}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
  const command = first as Command;
  if (rest.length > COMMANDS[command]) throw new UsageError(`${command}: unexpected argument "${shown(rest[COMMANDS[command]]!)}"`);
  return { command, code: rest[0] ?? null };
}

/** A scalar option given more than once: the last one wins, as in most tools (and in env + argv). */
function lastWins(raw: Raw): Raw {
  const repeatable = Object.entries(OPTIONS).filter(([, o]) => 'array' in o && o.array).map(([name]) => name);
  const entries = Object.entries(raw).map(([k, v]) => [k, k === '_' || repeatable.includes(k) || !Array.isArray(v) ? v : v.at(-1)]);
  return Object.fromEntries(entries) as Raw;
}

function outputFormat(value: unknown): Options['output'] {
  const text = String(value);
  if (text !== 'text' && text !== 'json') throw new UsageError(`--output: expected text or json, got "${shown(text)}"`);
  return text;
}

/** A path option given as "" would silently mean the working directory or nothing at all. */
function nonEmpty(option: string, value: unknown): string {
  const text = String(value);
  if (text === '') throw new UsageError(`--${option}: must not be empty`);
  return text;
}

/** --only and --skip together must leave at least one check, or the run would say READY having looked at nothing. */
function selection(raw: Raw): Pick<Options, 'only' | 'skip'> {
  const only = raw.only === undefined ? null : checkIds('only', raw.only);
  const skip = checkIds('skip', raw.skip);
  if (!CHECKS.some((c) => (only === null || only.includes(c.id)) && !skip.includes(c.id))) throw new UsageError('--only/--skip: no check is left to run');
  return { only, skip };
}

function toOptions(given: Raw): Options {
  const raw = lastWins(given);
  return {
    ...commandOf(raw._),
    output: outputFormat(raw.output),
    ...selection(raw),
    handoffDir: nonEmpty('handoff-dir', raw['handoff-dir']),
    flagName: flagName(raw['flag-name']),
    severity: parseSeverities(raw.severity),
    strict: Boolean(raw.strict),
    timeoutMs: positiveInt('timeout', raw.timeout),
    root: nonEmpty('root', raw.root),
    pid: raw.pid === undefined || raw.pid === 'self' ? 'self' : positiveInt('pid', raw.pid),
    terminationLog: raw['termination-log'] === undefined ? DEFAULT_TERMINATION_LOG : String(raw['termination-log']),
    terminationLogExplicit: raw['termination-log'] !== undefined,
    appContainer: containerName('app-container', raw['app-container']),
    initContainer: containerName('init-container', raw['init-container']),
    color: typeof raw.color === 'boolean' ? raw.color : null,
    debug: Boolean(raw.debug),
    checks: {
      minKernel: minKernel(raw['min-kernel']),
      binary: raw.binary === undefined ? undefined : nonEmpty('binary', raw.binary),
      writeTest: Boolean(raw['write-test']),
      minMemoryBytes: amount('min-memory', raw, 0),
      minCpuMillicores: amount('min-cpu', raw, -3),
      appMemoryLimitBytes: appLimit('app-memory-limit', raw, 0),
      appCpuMillicores: appLimit('app-cpu-limit', raw, -3),
    },
  };
}

export type CliResult = { kind: 'options'; options: Options } | { kind: 'exit'; exitCode: 0 | 2; output: string };

/** Parses without side effects: --help and --version come back as output to print. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const args = normaliseArguments(argv, OPTION_NAMES);
  return withPreflightEnv(normaliseEnvironment(env, OPTION_NAMES), () => {
    let failure: string | null = null;
    let printed = '';
    const raw = define(yargs(args))
      .exitProcess(false)
      .fail((msg, err) => {
        failure = msg ?? err?.message ?? 'invalid arguments';
      })
      .parseSync(args, {}, (_err, _argv, output) => {
        printed = output;
      }) as Raw;
    if (failure !== null) throw new UsageError(failure);
    if (printed) return { kind: 'exit', exitCode: 0, output: printed };
    return { kind: 'options', options: toOptions(raw) };
  });
}
