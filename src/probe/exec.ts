// Runs a program to its end with every outcome as data: exit code, signal, time-out, abort, and
// spawn errors (ENOENT, EACCES, EMFILE …), which Node reports in three different ways.
import { getSystemErrorName } from 'node:util';

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

/**
 * How long a program may block the event loop on the synchronous path. A signal is handled only
 * after the spawn returns, and SIGTERM must end the run within a second; a program still going
 * then is run again asynchronously with what is left of its time limit.
 */
export const SYNC_BUDGET_MS = 250;

/**
 * Runs a short, repeatable probe (it may run twice: see SYNC_BUDGET_MS). Synchronously first:
 * node:child_process brings net, dgram and the streams along, ~15 ms of a start-up against ~7 ms
 * for the spawn itself (docs/design.md, "Start-up"). Where this node has no usable spawn_sync
 * binding, and for anything slower than the budget, child_process does it.
 */
export async function execToEnd(file: string, args: string[], options: ExecOptions): Promise<ExecOutcome> {
  if (options.signal.aborted) return { kind: 'aborted' };
  // A limit shorter than the budget stays the caller's to enforce: no timer fires while a
  // synchronous spawn blocks.
  if (options.timeoutMs < SYNC_BUDGET_MS) return execAsynchronously(file, args, options);
  const started = Date.now();
  const quick = execSynchronously(file, args, options.env, SYNC_BUDGET_MS);
  if (quick !== null && quick.kind !== 'timed-out') return quick;
  return execAsynchronously(file, args, { ...options, timeoutMs: options.timeoutMs - (Date.now() - started) });
}

interface SpawnSyncResult {
  /** A negative errno: the spawn failed, or the time-out (ETIMEDOUT) or output cap (ENOBUFS) killed it. */
  error?: number;
  status: number | null;
  signal: string | null;
  output: (Buffer | null)[] | null;
}

type SpawnSync = (options: object) => SpawnSyncResult;

let binding: SpawnSync | null | undefined;

/**
 * Node's own spawnSync without node:child_process around it: the binding child_process calls,
 * reached through process.binding() (deprecated in documentation only, DEP0111; it warns under
 * --pending-deprecation, hence noDeprecation while asking). Null when this node has none.
 */
function spawnSyncBinding(): SpawnSync | null {
  if (binding !== undefined) return binding;
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const candidate = (process as unknown as { binding(name: string): { spawn?: unknown } }).binding('spawn_sync').spawn;
    binding = typeof candidate === 'function' ? (candidate as SpawnSync) : null;
  } catch {
    binding = null; // a node without it: child_process does the spawn
  } finally {
    process.noDeprecation = quiet;
  }
  return binding;
}

const ETIMEDOUT = 'ETIMEDOUT';
const ENOBUFS = 'ENOBUFS';

/** The synchronous path; null when it cannot be taken (no binding, or an answer of a shape it does not know). */
export function execSynchronously(file: string, args: string[], env: Record<string, string>, timeoutMs: number): ExecOutcome | null {
  const spawn = spawnSyncBinding();
  if (spawn === null) return null;
  const pipe = (fromChild: boolean) => ({ type: 'pipe', readable: !fromChild, writable: fromChild });
  let r: SpawnSyncResult;
  try {
    r = spawn({
      file,
      args: [file, ...args],
      envPairs: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      stdio: [pipe(false), pipe(true), pipe(true)],
      timeout: timeoutMs,
      maxBuffer: MAX_OUTPUT_BYTES,
      killSignal: 9, // SIGKILL
    });
  } catch {
    return null; // the binding changed its contract: child_process knows the new one
  }
  if (typeof r !== 'object' || r === null || !('status' in r)) return null;
  const text = (i: number) => r.output?.[i]?.toString('utf8') ?? '';
  const errno = typeof r.error === 'number' ? getSystemErrorName(r.error) : null;
  if (errno === ETIMEDOUT) return { kind: 'timed-out' };
  if (errno === ENOBUFS) return { kind: 'spawn-failed', errno, message: `${file}: more than ${MAX_OUTPUT_BYTES} bytes of output` };
  if (errno !== null) return { kind: 'spawn-failed', errno, message: `spawn ${file} ${errno}` };
  if (r.signal) return { kind: 'signalled', signal: r.signal, stderr: text(2) };
  if (typeof r.status !== 'number') return null;
  return { kind: 'exited', code: r.status, stdout: text(1), stderr: text(2) };
}

type ExecError = Error & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals | null };

function outcomeOf(err: ExecError | null, stdout: string, stderr: string, signal: AbortSignal): ExecOutcome {
  if (err === null) return { kind: 'exited', code: 0, stdout, stderr };
  if (signal.aborted || err.name === 'AbortError') return { kind: 'aborted' };
  if (typeof err.code === 'number') return { kind: 'exited', code: err.code, stdout, stderr };
  if (err.killed) return { kind: 'timed-out' };
  if (err.signal) return { kind: 'signalled', signal: err.signal, stderr };
  return { kind: 'spawn-failed', errno: typeof err.code === 'string' ? err.code : 'EUNKNOWN', message: err.message };
}

/** The asynchronous path: signals are handled while it runs, and `signal` aborts it. */
export async function execAsynchronously(file: string, args: string[], { timeoutMs, signal, env }: ExecOptions): Promise<ExecOutcome> {
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
