// PREFLIGHT_* variables and boolean values, checked and normalised before yargs sees them: yargs
// reads "1" or "yes" as false, and would take a typo in a pod spec for an unknown option silently.
import { UsageError } from './options.js';

export const ENV_PREFIX = 'PREFLIGHT_';

/** What preflight.env sets: an app that sourced it may run the tool again, e.g. via kubectl exec. */
const HANDOFF_OUTPUTS = new Set(['PREFLIGHT_VERDICT', 'PREFLIGHT_DISABLE_PID_NS', 'PREFLIGHT_REASONS', 'PREFLIGHT_GENERATION']);

export interface OptionNames {
  all: readonly string[];
  booleans: readonly string[];
}

export const envName = (option: string): string => `${ENV_PREFIX}${option.toUpperCase().replaceAll('-', '_')}`;

export function parseBoolean(where: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new UsageError(`${where}: expected true or false, got "${value}"`);
}

function normaliseVariable(name: string, value: string, names: OptionNames): [string, string] | null {
  if (HANDOFF_OUTPUTS.has(name)) return null;
  const option = names.all.find((o) => envName(o) === name);
  if (option) return [name, names.booleans.includes(option) ? String(parseBoolean(name, value)) : value];
  const negated = names.booleans.find((o) => envName(`no-${o}`) === name);
  if (negated) return [envName(negated), String(!parseBoolean(name, value))];
  throw new UsageError(`unknown environment variable ${name} (options are PREFLIGHT_ plus the option name, e.g. PREFLIGHT_HANDOFF_DIR)`);
}

/** The PREFLIGHT_* variables of `env` as yargs should see them. */
export function normaliseEnvironment(env: NodeJS.ProcessEnv, names: OptionNames): [string, string][] {
  return Object.entries(env).flatMap(([name, value]) =>
    name.startsWith(ENV_PREFIX) && value !== undefined ? [normaliseVariable(name, value, names)].filter((e) => e !== null) : [],
  );
}

/** `--strict=1` → `--strict`, `--write-test=no` → `--no-write-test`; other words are left alone. */
export function normaliseArguments(argv: readonly string[], names: OptionNames): string[] {
  return argv.map((arg) => {
    // Most arguments hold no "=": they skip the expression, compiled on its first use.
    const m = arg.includes('=') ? /^--(no-)?([a-z-]+)=(.*)$/.exec(arg) : null;
    if (!m || !names.booleans.includes(m[2]!)) return arg;
    const value = parseBoolean(`--${m[1] ?? ''}${m[2]}`, m[3]!) !== (m[1] !== undefined);
    return value ? `--${m[2]}` : `--no-${m[2]}`;
  });
}

/**
 * yargs reads PREFLIGHT_* from the process.env object it captured at load, so the normalised
 * variables are lent to that object for the synchronous parse and then taken back.
 */
export function withPreflightEnv<T>(entries: readonly [string, string][], parse: () => T): T {
  const live = process.env;
  const ours = () => Object.entries(live).filter(([k]) => k.startsWith(ENV_PREFIX));
  const saved = ours();
  const replace = (next: readonly [string, string | undefined][]) => {
    for (const [k] of ours()) delete live[k];
    for (const [k, v] of next) live[k] = v;
  };
  replace(entries);
  try {
    return parse();
  } finally {
    replace(saved);
  }
}
