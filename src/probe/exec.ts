// Runs a program to its end with every outcome as data: exit code, signal, time-out, abort, and
// spawn errors (ENOENT, EACCES, EMFILE …), which Node reports in three different ways.

export type ExecOutcome =
  | { kind: 'exited'; code: number; stdout: string; stderr: string }
  | { kind: 'signalled'; signal: string; stderr: string }
  | { kind: 'timed-out' }
  | { kind: 'aborted' }
  | { kind: 'spawn-failed'; errno: string; message: string };

export interface ExecOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** The child's whole environment: nothing of this process's is passed on. */
  env: Record<string, string>;
}

// The programs run here print a line or two; more is cut off rather than buffered.
const MAX_OUTPUT_BYTES = 64 * 1024;

type ExecError = Error & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals | null };

function outcomeOf(err: ExecError | null, stdout: string, stderr: string, signal: AbortSignal): ExecOutcome {
  if (err === null) return { kind: 'exited', code: 0, stdout, stderr };
  if (signal.aborted || err.name === 'AbortError') return { kind: 'aborted' };
  if (typeof err.code === 'number') return { kind: 'exited', code: err.code, stdout, stderr };
  if (err.killed) return { kind: 'timed-out' };
  if (err.signal) return { kind: 'signalled', signal: err.signal, stderr };
  return { kind: 'spawn-failed', errno: typeof err.code === 'string' ? err.code : 'EUNKNOWN', message: err.message };
}

export async function execToEnd(file: string, args: string[], { timeoutMs, signal, env }: ExecOptions): Promise<ExecOutcome> {
  // Imported here: node:child_process brings net and streams along, which only a run that
  // spawns should pay for at start-up (docs/design.md, "Start-up").
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    try {
      const child = execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', signal, env, encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES }, (err, stdout, stderr) =>
        resolve(outcomeOf(err as ExecError | null, stdout, stderr, signal)),
      );
      child.stdin?.end();
    } catch (err) {
      // Errors other than ENOENT, EACCES, EAGAIN, EMFILE and ENFILE are thrown by spawn itself.
      const e = err as ExecError;
      resolve({ kind: 'spawn-failed', errno: typeof e.code === 'string' ? e.code : 'EUNKNOWN', message: e.message });
    }
  });
}
