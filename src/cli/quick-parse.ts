// The hot path's parser: run and check with plain long options, read straight from the option
// table, so a pod's start-up does not load yargs. Anything it is not sure about (help, version,
// completion, explain, short or unknown options, a value that looks like an option, a repeated
// scalar, `--`) it declines, and yargs (parse.ts) answers. The differential test
// (test/unit/cli/quick-parse.test.ts) checks that whenever it answers, yargs answers the same.
import { normaliseArguments, normaliseEnvironment, envName } from './env.js';
import { OPTIONS, OPTION_NAMES, type OptionSpec } from './option-table.js';
import type { Options } from './options.js';
import { toOptions, type Raw } from './to-options.js';
import { isAsciiDigit, isAsciiLetter, isWord } from '../parse/text.js';

const HOT_COMMANDS = new Set(['run', 'check']);
// yargs turns number-like positionals into numbers; a word that starts with a letter stays a word
// (/^[A-Za-z][\w-]*$/, written out: parse/text.ts says why).
const isCommandWord = (arg: string): boolean =>
  isWord(arg, isAsciiLetter, (c) => isAsciiLetter(c) || isAsciiDigit(c) || c === 95 || c === 45);
const LONG = /^--(no-)?([a-z][a-z-]*)(?:=([^]*))?$/;
// yargs reads a following "true"/"false" as a boolean option's value.
const isBooleanWord = (arg: string): boolean => arg === 'true' || arg === 'false';

const specOf = (name: string): OptionSpec | undefined => (Object.hasOwn(OPTIONS, name) ? (OPTIONS as Record<string, OptionSpec>)[name] : undefined);
const isValue = (arg: string | undefined): arg is string => arg !== undefined && !arg.startsWith('-');

/** argv → yargs-shaped options, or null to let yargs decide. */
function readArgv(args: readonly string[]): Raw | null {
  const raw: Raw = { _: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      if (!isCommandWord(arg)) return null;
      raw._.push(arg);
      continue;
    }
    const m = LONG.exec(arg);
    const spec = m && specOf(m[2]!);
    if (!m || !spec) return null;
    const [, negated, name, inline] = m as unknown as [string, string | undefined, string, string | undefined];
    if (spec.array) {
      if (negated || inline !== undefined || !isValue(args[i + 1])) return null;
      const values = (raw[name] ??= []) as string[];
      while (isValue(args[i + 1])) values.push(args[++i]!);
      continue;
    }
    if (name in raw) return null;
    if (spec.type === 'boolean') {
      if (inline !== undefined || isBooleanWord(args[i + 1] ?? '')) return null;
      raw[name] = !negated;
      continue;
    }
    const value = inline ?? args[++i];
    if (negated || !isValue(value)) return null;
    raw[name] = value;
  }
  return raw;
}

/** PREFLIGHT_* (already normalised) where argv is silent, then the table's defaults. */
function fillIn(raw: Raw, env: ReadonlyMap<string, string>): Raw {
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    if (name in raw) continue;
    const value = env.get(envName(name));
    if (value === undefined) {
      if (spec.default !== undefined) raw[name] = spec.default;
    } else if (spec.type === 'boolean') {
      raw[name] = value === 'true';
    } else {
      raw[name] = spec.array ? [value] : value;
    }
  }
  return raw;
}

const VERSION_REQUESTS = new Set(['--version', '-V', 'version']);

/** `init-preflight --version` (or -V, version) alone: answered without yargs, as yargs would. */
export const isVersionRequest = (argv: readonly string[]): boolean => argv.length === 1 && VERSION_REQUESTS.has(argv[0]!);

/** Options for a plain run/check command line, or null: ask parse.ts. Usage errors throw. */
export function quickParse(argv: readonly string[], env: NodeJS.ProcessEnv): Options | null {
  const raw = readArgv(normaliseArguments(argv, OPTION_NAMES));
  if (!raw || (raw._.length > 0 && !HOT_COMMANDS.has(String(raw._[0])))) return null;
  return toOptions(fillIn(raw, new Map(normaliseEnvironment(env, OPTION_NAMES))));
}
