// Runs the built CLI for a fault-matrix row: in a scenario wrapper, with the clean environment
// the e2e tests use, optionally sent a signal, and with the JSON report parsed when there is one.
import { spawn } from 'node:child_process';
import { BUNDLE, cleanEnv, type ReportJson } from '../support/e2e.js';

export interface FaultRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report: ReportJson | null;
  /** From the signal being sent (or the start) to the exit. */
  elapsedMs: number;
}

export interface FaultRunOptions {
  wrap?: string[];
  env?: Record<string, string>;
  /** Send this signal after `afterMs`. */
  kill?: { signal: NodeJS.Signals; afterMs: number };
  /** Hears the child's PID, with a way to signal it (elapsedMs then counts from that signal). */
  onStart?: (pid: number, signal: (s: NodeJS.Signals) => void) => void;
  timeoutMs?: number;
}

function parseReport(stdout: string): ReportJson | null {
  try {
    return JSON.parse(stdout) as ReportJson;
  } catch {
    return null;
  }
}

export function runFault(args: string[], opts: FaultRunOptions = {}): Promise<FaultRun> {
  const [cmd, ...prefix] = [...(opts.wrap ?? []), process.execPath];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, [...prefix, BUNDLE, ...args], { env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let since = Date.now();
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const send = (s: NodeJS.Signals) => {
      since = Date.now();
      child.kill(s);
    };
    const killer = opts.kill && setTimeout(() => send(opts.kill!.signal), opts.kill.afterMs);
    if (child.pid !== undefined) opts.onStart?.(child.pid, send);
    const limit = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(killer);
      clearTimeout(limit);
      resolve({ exitCode, signal, stdout, stderr, report: parseReport(stdout), elapsedMs: Date.now() - since });
    });
  });
}

/** stderr is exactly one line, with no stack trace. */
export function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.length > 0);
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  return lines[0]!;
}
