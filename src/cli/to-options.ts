// Parsed argv (either parser's) → validated Options. The validation both parsers share, so they
// can only differ in how they read argv, which the differential test checks.
import { CHECKS } from '../checks/index.js';
import { catalogue } from '../core/catalogue.js';
import { SEVERITIES, type Severity } from '../core/types.js';
import { parseMinKernel } from '../parse/kernel-release.js';
import { multiplyQuantities, parseQuantity, toAmount, type Quantity } from '../parse/quantity.js';
import { shown } from './echo.js';
import { COMMANDS, OPTIONS } from './option-table.js';
import { DEFAULT_TERMINATION_LOG, outputFormatsFor, UsageError, type Command, type Options, type ScanOptions } from './options.js';
import { isAsciiDigit, isAsciiLetter, isDigits, isWord, splitWhitespace } from '../parse/text.js';

/** Options by their command-line name (yargs' argv shape), positionals in `_`. */
export type Raw = Record<string, unknown> & { _: (string | number)[] };

function splitList(values: unknown): string[] {
  const items = (Array.isArray(values) ? values : [values]).filter((v) => v !== undefined);
  // split(/[\s,]+/), without compiling an expression at every start-up.
  return items.flatMap((v) => splitWhitespace(String(v).replaceAll(',', ' '))).filter((v) => v.length > 0);
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
  if (!isDigits(text, 9) || Number(text) === 0) throw new UsageError(`--${option}: expected a positive whole number, got "${shown(text)}"`);
  return Number(text);
}

const isLowerAlnum = (code: number): boolean => isAsciiDigit(code) || (code >= 97 && code <= 122);
const isNameChar = (code: number): boolean => isAsciiDigit(code) || isAsciiLetter(code) || code === 95; // _

/** /^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$/, written out (parse/text.ts says why). */
export const isFileNameWord = (name: string): boolean => isWord(name, isNameChar, (c) => isNameChar(c) || c === 46 || c === 45, 255);

/** /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/: an RFC 1123 label, written out. */
export const isRfc1123Label = (name: string): boolean => isWord(name, isLowerAlnum, (c) => isLowerAlnum(c) || c === 45, 63) && !name.endsWith('-');

function flagName(value: unknown): string {
  const name = String(value);
  if (!isFileNameWord(name) || name === 'preflight.env' || name === 'preflight.json') {
    throw new UsageError(`--flag-name: "${shown(name)}" must be a plain file name (no "/"), other than preflight.env and preflight.json`);
  }
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

function commandOf(positionals: readonly (string | number)[]): { command: Command; code: string | null } {
  const [first = 'run', ...rest] = positionals.map(String);
  if (!Object.hasOwn(COMMANDS, first)) throw new UsageError(`unknown command "${shown(first)}"; commands: ${Object.keys(COMMANDS).join(', ')}, completion, version`);
  const command = first as Command;
  const max = COMMANDS[command].positionals;
  if (rest.length > max) throw new UsageError(`${command}: unexpected argument "${shown(rest[max]!)}"`);
  return { command, code: rest[0] ?? null };
}

/** A scalar option given more than once: the last one wins, as in most tools (and in env + argv). */
function lastWins(raw: Raw): Raw {
  const repeatable = Object.entries(OPTIONS).filter(([, o]) => 'array' in o && o.array).map(([name]) => name);
  const entries = Object.entries(raw).map(([k, v]) => [k, k === '_' || repeatable.includes(k) || !Array.isArray(v) ? v : v.at(-1)]);
  return Object.fromEntries(entries) as Raw;
}

function outputFormat(value: unknown, command: Command): Options['output'] {
  const text = String(value);
  const formats = outputFormatsFor(command);
  const format = formats.find((f) => f === text);
  if (format === undefined && text === 'prometheus') throw new UsageError('--output prometheus: only for the scan command');
  if (format === undefined) throw new UsageError(`--output: expected ${formats.join(' or ')}, got "${shown(text)}"`);
  return format;
}

/** The scan-only options, refused with the other commands rather than ignored. */
function scanOptions(command: Command, raw: Raw): ScanOptions {
  const given = (['output-file', 'interval'] as const).filter((o) => raw[o] !== undefined);
  if (command !== 'scan' && given.length > 0) throw new UsageError(`--${given[0]}: only for the scan command`);
  const outputFile = raw['output-file'] === undefined ? null : nonEmpty('output-file', raw['output-file']);
  if (outputFile?.endsWith('/')) throw new UsageError(`--output-file: "${shown(outputFile)}" is not a file name`);
  return { outputFile, intervalSeconds: raw.interval === undefined ? null : positiveInt('interval', raw.interval) };
}

/** A container name as Kubernetes accepts it (an RFC 1123 label), for the patches. */
function containerName(option: string, value: unknown): string {
  const name = String(value);
  if (!isRfc1123Label(name)) throw new UsageError(`--${option}: "${shown(name)}" is not a container name (lower-case letters, digits and "-", at most 63)`);
  return name;
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

export function toOptions(given: Raw): Options {
  const raw = lastWins(given);
  const command = commandOf(raw._);
  return {
    ...command,
    output: outputFormat(raw.output, command.command),
    scan: scanOptions(command.command, raw),
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
      minPids: raw['min-pids'] === undefined ? undefined : positiveInt('min-pids', raw['min-pids']),
      appMemoryLimitBytes: appLimit('app-memory-limit', raw, 0),
      appCpuMillicores: appLimit('app-cpu-limit', raw, -3),
    },
  };
}
