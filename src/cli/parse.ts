// argv + PREFLIGHT_* environment → Options, or text to print (help, version, completion). Plain
// run/check command lines take quick-parse.ts; everything else is yargs', built from the same
// option table. Validation only; no probing happens here.
import yargs, { type Argv, type Options as YargsOption } from 'yargs';
import { CHECKS } from '../checks/index.js';
import { catalogue } from '../core/catalogue.js';
import { envName, normaliseArguments, normaliseEnvironment, withPreflightEnv } from './env.js';
import { COMMANDS, OPTIONS, OPTION_NAMES, type CommandSpec, type OptionName } from './option-table.js';
import { outputFormatsFor, UsageError } from './options.js';
import { quickParse } from './quick-parse.js';
import { toOptions, type Raw } from './to-options.js';
import { VERSION } from './version.js';
import { stdoutIsTerminal, terminalColumns } from '../report/stdout.js';

export type CliResult = { kind: 'options'; options: import('./options.js').Options } | { kind: 'exit'; exitCode: 0 | 2; output: string };

const NAME = 'init-preflight';

const EXAMPLES: Record<string, [string, string][]> = {
  run: [['$0 run --handoff-dir /shared', 'initContainer: check, write /shared/{disable_pid_ns,preflight.env,preflight.json}, exit by verdict']],
  check: [
    ['kubectl exec POD -c app -- init-preflight check', 'by hand inside a running container: report only, writes nothing'],
    ['$0 check --pid 4242 --output json', 'on the node as root: inspect a container\'s process'],
    ['nsenter -t 4242 -u -i -n -p $0 check --pid 4242', 'on the node: in a container\'s namespaces but the mount namespace (scripts/preflight-nsenter.sh)'],
  ],
  scan: [
    ['$0 scan', 'on the node as root: every PID namespace / container, worst verdict first'],
    ['$0 scan --root /host --output prometheus --output-file /textfile/init_preflight.prom', 'kubectl debug node or a DaemonSet: a node-exporter textfile'],
  ],
  explain: [
    ['$0 explain', 'every finding code with one line'],
    ['$0 explain NS_LAST_PID_READ_ONLY', 'what a finding means and how to fix it'],
  ],
};

const ABOUT = `Will this pod's kernel sandbox let the Go service start? Probes the PID namespace, capabilities,
ns_last_pid, cgroup limits and the app binary; decides ready, degraded or blocked.`;

const COMMAND_LIST = [
  ...Object.values(COMMANDS).map((c) => [c.usage.replace(' [options]', ''), c.describe]),
  ['completion [bash|zsh]', 'print a shell completion script (source it from your shell\'s rc file)'],
  ['version', 'print the version (also -V, --version)'],
];

function epilogue(options: readonly OptionName[]): string {
  const example = options.find((o) => o === 'handoff-dir') ?? options[0]!;
  return [
    `Checks (for --only, --skip): ${CHECKS.map((c) => c.id).join(', ')}`,
    '',
    'Exit codes: 0 ready or degraded · 1 blocked · 2 usage or configuration error · 3 internal error',
    '',
    `Environment: each option is also PREFLIGHT_<OPTION> (e.g. --${example} → ${envName(example)};`,
    `booleans take true/false/1/0/yes/no, PREFLIGHT_NO_<OPTION> negates); the command line wins.`,
  ].join('\n');
}

const width = () => Math.min(120, stdoutIsTerminal() ? terminalColumns() ?? 80 : 100);

function pick(names: readonly OptionName[]): Record<string, YargsOption> {
  return Object.fromEntries(names.map((n) => [n, OPTIONS[n] as YargsOption]));
}

/** The parser for real command lines: every option, so errors name what was wrong. */
function define(y: Argv): Argv {
  return y
    .scriptName(NAME)
    .options(pick(OPTION_NAMES.all as OptionName[]))
    .env('PREFLIGHT')
    .strictOptions()
    .help(false)
    .version(false);
}

/** `--help` of one command, or of the tool when command is null. */
function help(command: CommandSpec | null, commandName: string | null): string {
  const options = command?.options ?? (OPTION_NAMES.all as OptionName[]);
  let y = yargs([])
    .scriptName(NAME)
    .usage(command ? `$0 ${command.usage}\n\n${command.describe}` : `$0 [command] [options]\n\n${ABOUT}`)
    .options(pick(options))
    .epilogue(epilogue(options))
    .help('help')
    .alias('help', 'h')
    .version(false)
    .wrap(width());
  // Listed only: this yargs instance renders help and never dispatches a command.
  if (!command) for (const [usage, describe] of COMMAND_LIST) y = y.command(usage!, describe!);
  for (const [cmd, desc] of commandName ? (EXAMPLES[commandName] ?? []) : Object.values(EXAMPLES).flat()) y = y.example(cmd, desc);
  let output = '';
  y.exitProcess(false).parseSync(['--help'], {}, (_e, _a, text) => {
    output = text;
  });
  return output;
}

function completionWords(words: readonly string[]): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const previous = before.at(-1) ?? '';
  if (previous === '--output') return outputFormatsFor(before.find((w) => !w.startsWith('-')));
  if (previous === '--only' || previous === '--skip') return CHECKS.map((c) => c.id);
  if (previous === '--severity') return catalogue().map((s) => `${s.code}=`);
  if (current.startsWith('-')) return [...OPTION_NAMES.all.map((o) => `--${o}`), ...OPTION_NAMES.booleans.map((o) => `--no-${o}`), '--help', '--version'];
  const positionals = before.filter((w) => !w.startsWith('-'));
  if (positionals[0] === 'explain') return catalogue().map((s) => s.code);
  if (positionals[0] === 'completion') return ['bash', 'zsh'];
  return positionals.length === 0 ? [...Object.keys(COMMANDS), 'completion', 'version'] : [];
}

const COMPLETION_KEY = '--get-yargs-completions';

/** `completion [bash|zsh]` prints the script; the script calls back with --get-yargs-completions. */
function completion(args: readonly string[], shell: string | undefined): string {
  const saved = process.env.SHELL;
  if (shell !== undefined) process.env.SHELL = shell;
  try {
    let output = '';
    const key = args.indexOf(COMPLETION_KEY);
    yargs(args as string[])
      .scriptName(NAME)
      .completion('completion', false, (_current: string, _argv: unknown) => completionWords(args.slice(key + 2)))
      .help(false)
      .version(false)
      .exitProcess(false)
      .parseSync(args as string[], {}, (_e, _a, text) => {
        output = text;
      });
    return output;
  } finally {
    if (saved === undefined) delete process.env.SHELL;
    else process.env.SHELL = saved;
  }
}

/** Help, version and completion: what a person or a shell asks, answered as text. */
function informational(args: readonly string[], positionals: readonly string[]): string | null {
  const [first, second] = positionals;
  if (first === 'completion') {
    if (second !== undefined && second !== 'bash' && second !== 'zsh') throw new UsageError(`completion: shells are bash and zsh, got "${second}"`);
    return completion(['completion'], second === 'zsh' ? '/bin/zsh' : second === 'bash' ? '/bin/bash' : undefined);
  }
  if (first === 'version' || args.includes('--version') || args.includes('-V')) return `${VERSION}\n`;
  const helpOf = first === 'help' ? second : first;
  if (first === 'help' || args.includes('--help') || args.includes('-h')) {
    const known = helpOf !== undefined && Object.hasOwn(COMMANDS, helpOf);
    return help(known ? COMMANDS[helpOf as keyof typeof COMMANDS] : null, known ? helpOf : null);
  }
  return null;
}

/** yargs alone: what quick-parse must agree with (test/unit/cli/quick-parse.test.ts). */
export function parseWithYargs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const args = normaliseArguments(argv, OPTION_NAMES);
  return withPreflightEnv(normaliseEnvironment(env, OPTION_NAMES), () => {
    // Before any other yargs instance sees the key: yargs answers it itself, straight to stdout.
    if (args.includes(COMPLETION_KEY)) return { kind: 'exit', exitCode: 0, output: completion(args, undefined) };
    let failure: string | null = null;
    const raw = define(yargs(args))
      .exitProcess(false)
      .fail((msg, err) => {
        failure = msg ?? err?.message ?? 'invalid arguments';
      })
      .parseSync(args) as Raw;
    // A word is a command only where yargs saw a positional: `--min-memory version` is a value.
    const text = informational(args, raw._.map(String));
    if (text !== null) return { kind: 'exit', exitCode: 0, output: text };
    if (failure !== null) throw new UsageError(failure);
    return { kind: 'options', options: toOptions(raw) };
  });
}

/** Parses without side effects: help, version and completion come back as output to print. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const options = quickParse(argv, env);
  return options ? { kind: 'options', options } : parseWithYargs(argv, env);
}
