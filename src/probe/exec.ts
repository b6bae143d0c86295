// Runs a program to its end with every outcome as data: exit code, signal, time-out, abort, and
// spawn errors (ENOENT, EACCES, EMFILE …), which Node reports in three different ways.
import { readSync } from 'node:fs';
import { getSystemErrorName } from 'node:util';
import { toAbortSignal, type RunSignal } from '../core/abort.js';

export type ExecOutcome =
  | { kind: 'exited'; code: number; stdout: string; stderr: string }
  | { kind: 'signalled'; signal: string; stderr: string }
  | { kind: 'timed-out' }
  | { kind: 'aborted' }
  | { kind: 'spawn-failed'; errno: string; message: string };

export interface ExecOptions {
  timeoutMs: number;
  signal: RunSignal;
  /** The child's whole environment: nothing of this process's is passed on. */
  env: Record<string, string>;
}

// The programs run here print a line or two; more is cut off rather than buffered.
const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Runs the program without node:child_process, which brings net, dgram and the streams along:
 * ~15 ms of a start-up, against ~3 ms of the spawn itself (docs/design.md, "Start-up"). Node's
 * own process and pipe handles do it, asynchronously, so the program runs on another CPU while
 * the other checks read /proc. Where this node has no such handles, child_process does it.
 */
export async function execToEnd(file: string, args: string[], options: ExecOptions): Promise<ExecOutcome> {
  if (options.signal.aborted) return { kind: 'aborted' };
  const handles = processHandles();
  return (handles && (await execThroughHandles(handles, file, args, options))) ?? execThroughChildProcess(file, args, options);
}

interface PipeHandle {
  readonly fd: number;
  close(): void;
}

interface ProcessHandle {
  onexit: (exitStatus: number, termSignal: string) => void;
  /** 0, or a negative errno when the program could not be started. */
  spawn(options: object): number;
  kill(signal: number): number;
  close(): void;
}

export interface Handles {
  Process: new () => ProcessHandle;
  Pipe: new (type: number) => PipeHandle;
  socket: number;
}

let handles: Handles | null | undefined;

/**
 * The handles node:child_process spawns with, from process.binding() (deprecated in
 * documentation only, DEP0111; it warns under --pending-deprecation, hence noDeprecation while
 * asking). Null when this node has none of that shape.
 */
export function processHandles(): Handles | null {
  if (handles !== undefined) return handles;
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const binding = (process as unknown as { binding(name: string): Record<string, unknown> }).binding;
    const { Process } = binding('process_wrap');
    const { Pipe, constants } = binding('pipe_wrap') as { Pipe?: unknown; constants?: { SOCKET?: unknown } };
    const usable = typeof Process === 'function' && typeof Pipe === 'function' && typeof constants?.SOCKET === 'number';
    handles = usable ? { Process, Pipe, socket: constants.SOCKET } as Handles : null;
  } catch {
    handles = null; // a node without them: child_process does the spawn
  } finally {
    process.noDeprecation = quiet;
  }
  return handles;
}

const SIGKILL = 9;

/**
 * What is buffered in a pipe whose writer has exited, up to the cap; null when it cannot be read
 * (the descriptor is non-blocking, so EAGAIN means all of it was read).
 */
function drain(pipe: PipeHandle): string | null {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(MAX_OUTPUT_BYTES);
  for (let total = 0; total < MAX_OUTPUT_BYTES; ) {
    let n: number;
    try {
      n = readSync(pipe.fd, buf, 0, MAX_OUTPUT_BYTES - total, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
      return null;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The handles' path; null when it cannot be taken (nothing was run then). The output is read
 * once the program has exited: a program that printed more than a socket buffer holds would
 * wait for a reader until its time limit, which the one-line programs run here never do.
 */
export function execThroughHandles(h: Handles, file: string, args: string[], { timeoutMs, signal, env }: ExecOptions): Promise<ExecOutcome | null> {
  return new Promise((resolve) => {
    let proc: ProcessHandle | undefined;
    let pipes: PipeHandle[] = [];
    // Why the program was killed; 'unreadable': its output cannot be read here, so child_process
    // runs it again.
    let killed: 'timed-out' | 'aborted' | 'unreadable' | null = null;
    const kill = (why: NonNullable<typeof killed>) => {
      killed ??= why;
      proc?.kill(SIGKILL);
    };
    const onAbort = () => kill('aborted');
    // Both fire only after this function has spawned the program (or given up).
    const timer = setTimeout(kill, timeoutMs, 'timed-out');
    signal.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: ExecOutcome | null) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      pipes.forEach((p) => p.close());
      proc?.close();
      resolve(outcome);
    };
    try {
      pipes = [0, 1, 2].map(() => new h.Pipe(h.socket));
      proc = new h.Process();
      proc.onexit = (exitStatus, termSignal) => {
        if (killed === 'unreadable') return finish(null);
        if (killed) return finish({ kind: killed });
        const [stdout, stderr] = pipes.map(drain); // stdin was closed after the spawn
        // An answer without its output: child_process runs the program again.
        if (stdout == null || stderr == null) finish(null);
        else if (termSignal) finish({ kind: 'signalled', signal: termSignal, stderr });
        else finish({ kind: 'exited', code: exitStatus, stdout, stderr });
      };
      const err = proc.spawn({
        file,
        args: [file, ...args],
        envPairs: Object.entries(env).map(([k, v]) => `${k}=${v}`),
        stdio: pipes.map((handle, fd) => ({ type: 'pipe', readable: fd === 0, writable: fd !== 0, handle })),
      });
      if (err !== 0) {
        const errno = getSystemErrorName(err);
        return finish({ kind: 'spawn-failed', errno, message: `spawn ${file} ${errno}` });
      }
    } catch {
      return finish(null); // the handles changed their contract: child_process knows the new one
    }
    pipes.shift()!.close(); // stdin: the program reads nothing, and sees its end
    if (!pipes.every((p) => Number.isInteger(p.fd) && p.fd >= 0)) kill('unreadable');
  });
}

type ExecError = Error & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals | null };

function outcomeOf(err: ExecError | null, stdout: string, stderr: string, signal: RunSignal): ExecOutcome {
  if (err === null) return { kind: 'exited', code: 0, stdout, stderr };
  if (signal.aborted || err.name === 'AbortError') return { kind: 'aborted' };
  if (typeof err.code === 'number') return { kind: 'exited', code: err.code, stdout, stderr };
  if (err.killed) return { kind: 'timed-out' };
  if (err.signal) return { kind: 'signalled', signal: err.signal, stderr };
  return { kind: 'spawn-failed', errno: typeof err.code === 'string' ? err.code : 'EUNKNOWN', message: err.message };
}

/** The fallback through node:child_process: the same outcomes, at the start-up cost of loading it. */
export async function execThroughChildProcess(file: string, args: string[], { timeoutMs, signal, env }: ExecOptions): Promise<ExecOutcome> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    try {
      const child = execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', signal: toAbortSignal(signal), env, encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES }, (err, stdout, stderr) =>
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
