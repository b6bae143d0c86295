// The kernel's answers for the truth comparisons: test/support/ns-truth.c and
// scripts/seccomp-exec.c compiled static for this run, the helper run in a scenario's context,
// and processes held alive so the CLI can inspect them from outside (--pid).
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { checkOf, type ReportJson } from './e2e.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface KernelAnswer {
  /** `ok` or the errno of writing ns_last_pid's own value back. */
  nsLastPid: string;
  /** `created` or the errno of unshare(CLONE_NEWPID) + fork. */
  direct: string;
  /** `created` or the errno of unshare(CLONE_NEWUSER | CLONE_NEWPID) + fork, no id maps. */
  viaUserNamespace: string;
}

export interface Helpers {
  dir: string;
  truth: string;
  seccompExec: string;
}

/** Builds both helpers into a fresh directory (binaries are never committed). */
export async function buildHelpers(): Promise<Helpers> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'preflight-ns-truth-'));
  const build = (source: string, name: string) =>
    execa('gcc', ['-O2', '-static', '-Wall', '-Werror', '-o', path.join(dir, name), path.join(REPO, source)]);
  await Promise.all([build('test/support/ns-truth.c', 'ns-truth'), build('scripts/seccomp-exec.c', 'seccomp-exec')]);
  return { dir, truth: path.join(dir, 'ns-truth'), seccompExec: path.join(dir, 'seccomp-exec') };
}

export async function removeHelpers(helpers: Helpers): Promise<void> {
  await rm(helpers.dir, { recursive: true, force: true });
}

export async function kernelAnswer(helpers: Helpers, wrap: string[], env?: Record<string, string>): Promise<KernelAnswer> {
  const [cmd, ...args] = [...wrap, helpers.truth];
  const r = await execa(cmd!, args, { env, timeout: 10_000, stdin: 'ignore' });
  return JSON.parse(r.stdout) as KernelAnswer;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The first process named `comm` in the tree under `root` (root included), in the host's PIDs. */
export function findDescendant(root: number, comm: string): number | null {
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (commOf(pid) === comm) return pid;
    queue.push(...childrenOf(pid));
  }
  return null;
}

export interface Held {
  /** The held process's PID in the host's namespace. */
  pid: number;
  stop(): void;
}

async function waitFor<T>(what: string, probe: () => T | null): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const value = probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what} did not appear`);
}

/** Starts `command` and waits until a process named `comm` runs under it (e.g. a namespace's init). */
export async function holdProcess(command: string[], comm: string): Promise<Held> {
  const [cmd, ...args] = command;
  const child: ChildProcess = spawn(cmd!, args, { stdio: 'ignore' });
  const stop = () => void child.kill('SIGKILL');
  try {
    return { pid: await waitFor(comm, () => findDescendant(child.pid!, comm)), stop };
  } catch (err) {
    stop();
    throw err;
  }
}

/** Runs the helper in `wrap` and keeps it alive after it answered, until stop(). */
export async function holdHelper(helpers: Helpers, wrap: string[], env?: Record<string, string>): Promise<Held & { answer: KernelAnswer }> {
  const [cmd, ...args] = [...wrap, helpers.truth, 'hold'];
  const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  // Closing stdin lets the helper exit; the kill covers a wrap that does not pass stdin through.
  const stop = () => {
    child.stdin.end();
    child.kill('SIGKILL');
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the helper exited (${code}) before answering`)));
    });
    const pid = await waitFor('ns-truth', () => findDescendant(child.pid!, 'ns-truth'));
    return { pid, stop, answer: JSON.parse(line) as KernelAnswer };
  } catch (err) {
    stop();
    throw err;
  }
}

/** The checks a truth comparison reads. */
export const NAMESPACE_CHECKS = ['--only', 'pid-namespace,ns-last-pid,pidns-create'];

/** The CLI's write test in the helper's terms: `ok` or the errno; null when it did not write. */
export function measured(report: ReportJson): string | null {
  const f = checkOf(report, 'ns-last-pid').facts;
  return f.writable === true ? 'ok' : ((f.error as string | null) ?? null);
}

/** The CLI's prediction in the helper's terms; null when it made none. */
export function predicted(report: ReportJson): string | null {
  const f = checkOf(report, 'ns-last-pid').facts;
  return f.predictedWritable === true ? 'ok' : f.predictedWritable === false ? (f.predictedError as string) : null;
}

type RouteFacts = { created: boolean | null; errno: string | null };

/** pidns-create's routes in the helper's terms. */
export function routes(report: ReportJson): Omit<KernelAnswer, 'nsLastPid'> {
  const f = checkOf(report, 'pidns-create').facts as Record<'direct' | 'viaUserNamespace', RouteFacts>;
  const answer = (r: RouteFacts) => (r.created ? 'created' : String(r.errno));
  return { direct: answer(f.direct), viaUserNamespace: answer(f.viaUserNamespace) };
}
