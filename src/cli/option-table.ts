// The one table of options and commands. Both parsers are built from it: quick-parse.ts (the
// hot path of run/check) and parse.ts (yargs: help, completion, usage errors). A new option is
// one entry here plus its line in to-options.ts.
import { DEFAULT_TERMINATION_LOG, DEFAULT_TIMEOUT_MS } from './options.js';
import type { OptionNames } from './env.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  array?: true;
  default?: string | boolean;
  describe: string;
}

/** Options of run and check (explain takes output and color only). */
export const OPTIONS = {
  output: { type: 'string', default: 'text', describe: 'report format on stdout: text or json (scan: also prometheus)' },
  only: { type: 'string', array: true, describe: 'run only these checks (comma-separated)' },
  skip: { type: 'string', array: true, describe: 'skip these checks' },
  'handoff-dir': { type: 'string', default: '/shared', describe: 'run: shared emptyDir for the flag, preflight.env, preflight.json' },
  'flag-name': { type: 'string', default: 'disable_pid_ns', describe: 'run: name of the downgrade flag file' },
  'min-kernel': { type: 'string', default: '4.15', describe: 'oldest kernel release accepted (x.y)' },
  'min-memory': { type: 'string', default: '128Mi', describe: 'smallest memory limit accepted (quantity: 128Mi, 1G, bytes)' },
  'min-cpu': { type: 'string', default: '100m', describe: 'smallest CPU limit accepted (quantity: 100m, 0.5, 2)' },
  'min-pids': { type: 'string', describe: 'smallest pids.max accepted (default: GOMAXPROCS + 16, from --app-cpu-limit or the CPU count)' },
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
  color: { type: 'boolean', describe: 'colour the text report (default: when stdout is a TTY, NO_COLOR unset, TERM not dumb; FORCE_COLOR forces)' },
  debug: { type: 'boolean', default: false, describe: 'print stack traces of internal errors' },
  'output-file': { type: 'string', describe: 'scan: write the output to this file (replaced atomically) instead of stdout' },
  interval: { type: 'string', describe: 'scan: repeat every this many seconds until stopped (a DaemonSet)' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

export const OPTION_NAMES: OptionNames = {
  all: Object.keys(OPTIONS),
  booleans: Object.entries(OPTIONS).filter(([, o]) => o.type === 'boolean').map(([name]) => name),
};

export interface CommandSpec {
  /** Positional arguments after the command word, e.g. explain's CODE. */
  positionals: number;
  usage: string;
  describe: string;
  options: readonly OptionName[];
}

const ALL = Object.keys(OPTIONS) as OptionName[];
// What only run writes; check accepts them too (one parser), but its help leaves them out.
const RUN_ONLY: readonly OptionName[] = ['handoff-dir', 'flag-name', 'termination-log'];
const SCAN_ONLY: readonly OptionName[] = ['output-file', 'interval'];
const CHECK_OPTIONS = ALL.filter((o) => !RUN_ONLY.includes(o) && !SCAN_ONLY.includes(o));

export const COMMANDS = {
  run: { positionals: 0, usage: 'run [options]', describe: 'initContainer mode (the default): all checks, handoff files, termination message, exit by verdict', options: ALL.filter((o) => !SCAN_ONLY.includes(o)) },
  check: { positionals: 0, usage: 'check [options]', describe: 'the same checks and report; writes nothing (kubectl exec, node level)', options: CHECK_OPTIONS },
  explain: { positionals: 1, usage: 'explain [CODE] [options]', describe: 'list finding codes, or explain one: cause, evidence, remedy, patch, cost',
    // What a remedy's patch depends on: the containers it names, the handoff dir, the memory threshold.
    options: ['output', 'color', 'debug', 'app-container', 'init-container', 'handoff-dir', 'min-memory', 'app-memory-limit', 'app-memory-divisor'] },
  scan: { positionals: 0, usage: 'scan [options]', describe: 'node level: every PID namespace / container on the node, one row each', options: [...CHECK_OPTIONS.filter((o) => o !== 'pid'), ...SCAN_ONLY] },
} as const satisfies Record<string, CommandSpec>;
