// The exec oracle: the kernel's own answer to "does this path run in this root as this user?",
// from a real execve in a chroot (exec-oracle.c, built here with gcc -static), next to the
// static-binary check's answer for the same root and credentials. The check runs outside the
// chroot with --root, as the same uid/gids/capabilities (setpriv), so what it can read is what
// the app's user could read.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJson, type ReportJson } from './e2e.js';

const SOURCE = fileURLToPath(new URL('./exec-oracle.c', import.meta.url));
const OUT = fileURLToPath(new URL('../fixtures/elf/build/oracle/', import.meta.url));
export const ORACLE = path.join(OUT, 'exec-oracle');

export interface Credentials {
  uid: number;
  gid: number;
  groups: number[];
  /** Root only: keep every capability, or run with none (and none regained at exec). */
  caps: 'keep' | 'drop';
}

export const ROOT_USER: Credentials = { uid: 0, gid: 0, groups: [], caps: 'keep' };
export const ROOT_NO_CAPS: Credentials = { ...ROOT_USER, caps: 'drop' };
export const APP_USER: Credentials = { uid: 1000, gid: 1000, groups: [], caps: 'keep' };

export interface Scenario {
  /** Directories inside the root bind-mounted onto themselves with noexec for the run. */
  noexec?: string[];
  /** The app's environment (LD_LIBRARY_PATH …): given to the program and to the check. */
  env?: Record<string, string>;
}

/** What the kernel (and, once exec succeeded, the loader and program) answered. */
export type KernelAnswer = { ran: true; exit: number } | { ran: true; signal: number } | { ran: false; errno: string };

export function buildOracle(): void {
  if (existsSync(ORACLE)) return;
  mkdirSync(OUT, { recursive: true });
  execFileSync('gcc', ['-static', '-O1', '-o', ORACLE, SOURCE], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function kernelAnswer(root: string, inner: string, as: Credentials, scenario: Scenario = {}): Promise<KernelAnswer> {
  const env = Object.entries(scenario.env ?? {}).map(([k, v]) => `${k}=${v}`);
  const groups = as.groups.length > 0 ? as.groups.join(',') : '-';
  const program = [ORACLE, root, String(as.uid), String(as.gid), groups, as.caps, inner, ...env];
  const [cmd, args] = inMountNamespace(root, scenario, program, false);
  const r = await execa(cmd, args, { reject: false, timeout: 30_000, stdin: 'ignore' });
  const out = String(r.stdout).trim();
  const m = /^(errno|exit|signal) (\S+)/.exec(out);
  if (r.exitCode !== 0 || !m) throw new Error(`exec-oracle failed (exit ${r.exitCode}): ${out} ${String(r.stderr)}`);
  if (m[1] === 'errno') return { ran: false, errno: m[2]! };
  return m[1] === 'exit' ? { ran: true, exit: Number(m[2]) } : { ran: true, signal: Number(m[2]) };
}

const MOUNT_LOOP = 'i=0; while [ $i -lt $n ]; do mount --bind "$1" "$1" && mount -o remount,bind,noexec "$1" "$1" || exit 2; shift; i=$((i+1)); done';

/**
 * A private mount namespace for one run, with the scenario's noexec bind mounts (the
 * directories reach the shell loop as positional parameters before the program) and, for the
 * check, the /proc every container has at ROOT/proc: through it the check reads its own
 * credentials and mountinfo, as it does in a pod.
 */
function inMountNamespace(root: string, scenario: Scenario, program: string[], withProc: boolean): [string, string[]] {
  const dirs = (scenario.noexec ?? []).map((d) => path.join(root, d));
  const proc = withProc ? `mkdir -p "$r/proc" && mount -t proc proc "$r/proc" || exit 2; ` : '';
  const script = `r=$1; n=$2; shift 2; ${proc}${MOUNT_LOOP}; exec "$@"`;
  return ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', root, String(dirs.length), ...dirs, ...program]];
}

/** A run succeeded when the program started and exited 0 (the test programs all do). */
export function kernelRuns(answer: KernelAnswer): boolean {
  return answer.ran && 'exit' in answer && answer.exit === 0;
}

export function describeAnswer(answer: KernelAnswer): string {
  if (!answer.ran) return answer.errno;
  return 'exit' in answer ? (answer.exit === 0 ? 'runs' : `exit ${answer.exit}`) : `signal ${answer.signal}`;
}

/** setpriv arguments that give the CLI the same credentials the oracle's child gets. */
function credentialWrap(as: Credentials): string[] {
  const groups = as.groups.length > 0 ? ['--groups', as.groups.join(',')] : ['--clear-groups'];
  const caps = as.caps === 'drop' ? ['--inh-caps=-all', '--bounding-set=-all'] : [];
  return ['setpriv', '--reuid', String(as.uid), '--regid', String(as.gid), ...groups, ...caps];
}

export interface CheckAnswer {
  status: string;
  codes: string[];
  facts: Record<string, unknown>;
  result: ReportJson['checks'][number];
}

export async function checkAnswer(root: string, inner: string, as: Credentials, scenario: Scenario = {}): Promise<CheckAnswer> {
  const [cmd, args] = inMountNamespace(root, scenario, credentialWrap(as), true);
  const args0 = ['check', '--only', 'static-binary', '--root', root, '--binary', inner];
  const { report } = await runJson(args0, { wrap: [cmd, ...args], env: scenario.env ?? {} });
  const result = report.checks.find((c) => c.id === 'static-binary');
  if (!result) throw new Error('no static-binary check in the report');
  return { status: result.status, codes: result.findings.map((f) => f.code), facts: result.facts, result };
}

/**
 * A target process for node-level checks (--pid): `sleep` with the given credentials, in its
 * own mount namespace with the scenario's noexec mounts. Resolves once it runs as `sleep`.
 */
export async function startTarget(as: Credentials, scenario: Scenario = {}): Promise<{ pid: number; stop(): void }> {
  const [cmd, args] = inMountNamespace('/', scenario, [...credentialWrap(as), 'sleep', '60'], false);
  const child = execa(cmd, args, { reject: false, stdin: 'ignore' });
  const pid = child.pid!;
  for (let i = 0; i < 100 && !(await commIs(pid, 'sleep')); i++) await new Promise((r) => setTimeout(r, 20));
  return { pid, stop: () => child.kill('SIGKILL') };
}

async function commIs(pid: number, name: string): Promise<boolean> {
  return readFile(`/proc/${pid}/comm`, 'utf8').then((c) => c.trim() === name, () => false);
}

/** The check from the node, as root, against a running target. */
export async function checkFromNode(pid: number, binary: string): Promise<CheckAnswer> {
  const { report } = await runJson(['check', '--only', 'static-binary', '--pid', String(pid), '--binary', binary]);
  const result = report.checks.find((c) => c.id === 'static-binary');
  if (!result) throw new Error('no static-binary check in the report');
  return { status: result.status, codes: result.findings.map((f) => f.code), facts: result.facts, result };
}
