// Runs a helper tool (unshare) with every way it can fail as data: a spawn error (EMFILE, ENFILE,
// ENOMEM, EAGAIN) arrives as an 'error' event, and an unheard one would crash the process.
import { spawn } from 'node:child_process';
import { failureFrom, ok, type Result } from '../core/result.js';

export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Killed at the time limit or by the abort signal. */
  stopped: boolean;
}

export interface ToolOptions {
  timeoutMs: number;
  signal: AbortSignal;
  env: Record<string, string>;
}

// Enough for the first line of a complaint; a chatty tool cannot cost memory.
const MAX_STDERR_BYTES = 16 * 1024;

export function runTool(file: string, args: readonly string[], opts: ToolOptions): Promise<Result<ToolRun>> {
  return new Promise((resolve) => {
    let stderr = '';
    let stopped = false;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env, signal: opts.signal, killSignal: 'SIGKILL' });
    } catch (err) {
      resolve(failureFrom(err));
      return;
    }
    const stop = () => {
      stopped = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(stop, opts.timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.stderr?.on('error', () => undefined); // the exit or error event below reports the run
    child.once('error', (err) => {
      clearTimeout(timer);
      // An abort arrives as an AbortError after the kill: a stopped run, not a spawn failure.
      if (err.name === 'AbortError') resolve(ok({ exitCode: null, signal: 'SIGKILL', stderr, stopped: true }));
      else resolve(failureFrom(err));
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve(ok({ exitCode, signal, stderr, stopped: stopped || opts.signal.aborted }));
    });
  });
}
