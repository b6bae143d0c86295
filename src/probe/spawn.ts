// Runs a short-lived tool (unshare) on the hot path. node:child_process rather than execa here:
// execa's import and spawn cost a pod's start-up about twice what this does (bench in
// docs/design.md, "Start-up"); execa stays for the tests and node-level tooling.
import { spawn } from 'node:child_process';

export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
  canceled: boolean;
  /** Set when the tool could not be started at all (ENOENT, EACCES …). */
  spawnError: string | null;
}

const MAX_STDERR = 64 * 1024;

export function runTool(file: string, args: readonly string[], opts: { timeoutMs: number; signal: AbortSignal; env: NodeJS.ProcessEnv }): Promise<ToolRun> {
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    let spawnError: string | null = null;
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env, signal: opts.signal });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR) stderr += chunk;
    });
    // An abort also arrives here (AbortError); the close event still follows and resolves.
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name !== 'AbortError') spawnError = err.code ?? err.message;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stderr, timedOut, canceled: opts.signal.aborted, spawnError });
    });
  });
}
